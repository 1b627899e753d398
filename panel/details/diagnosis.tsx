// Overview tab, first: why the task failed or looks suspect (shared/diagnosis.ts), one section per cause with what
// happened in uni's terms, the figures that show it, and what to change; and a button that copies it all as
// Markdown for a bug report (panel/diagnosis-copy.ts).

import { notice } from '../actions';
import { copyDiagnosis } from '../diagnosis-copy';
import { causeFix, causeLabel, causeSummary, evidenceRows } from '../diagnosis-text';
import { diagnosisOf } from '../diagnosis-view';
import { t } from '../i18n';
import type { PanelTask } from '../reducer';
import { shown } from '../reveal';

export function DiagnosisSections({ task }: { task: PanelTask }) {
  const diagnoses = diagnosisOf(task);
  if (diagnoses.length === 0) return null;
  return (
    <>
      {diagnoses.map((diagnosis, index) => (
        <section
          // Keyed by position: a cause may come twice (two empty files), and the list never reorders.
          key={index}
          class="dt-section dt-diagnosis"
          data-testid="details-diagnosis"
          data-cause={diagnosis.cause}
          data-certainty={diagnosis.certainty}
        >
          <h3>{t('detailsDiagnosisHeading', causeLabel(diagnosis))}</h3>
          <p data-testid="details-diagnosis-summary">{causeSummary(diagnoses, index, shown)}</p>
          <table class="dt-kv dt-evidence" data-testid="details-diagnosis-evidence" aria-label={causeLabel(diagnosis)}>
            <tbody>
              {evidenceRows(diagnosis.evidence, shown).map(([label, value], row) => (
                <tr key={row}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="details-diagnosis-fix">
            <strong>{t('diagFix')}</strong> {causeFix(diagnosis, shown)}
          </p>
        </section>
      ))}
      <p class="dt-diagnosis-actions">
        <button
          type="button"
          data-testid="copy-diagnosis"
          onClick={async () => {
            const result = await copyDiagnosis(task);
            if (!result.ok) notice.value = { kind: 'error', text: result.note ?? t('copyFailed') };
          }}
        >
          {t('copyDiagnosis')}
        </button>
      </p>
    </>
  );
}
