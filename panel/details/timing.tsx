// The task's phases with their durations, as Chrome's Timing tab lists them: the browser's own redirect, DNS,
// connect and TLS times where its Resource Timing entry gave them (issue 18), else the phases our events show.

import { isFinal } from '../../shared/task-model';
import { formatBytes, formatDuration } from '../format';
import { t } from '../i18n';
import { taskPhases } from '../phases';
import type { PanelTask } from '../reducer';
import { now } from '../store';
import { PHASE_KEYS } from '../waterfall';

export function TimingSection({ task }: { task: PanelTask }) {
  const phases = taskPhases(task, isFinal(task.status) ? (task.times.end ?? task.times.created) : now.value);
  if (phases.length === 0) return null;
  const browser = task.resourceTiming;
  const detailed = browser?.requestStart !== undefined;
  return (
    <section class="dt-section" data-testid="details-timing" data-source={detailed ? 'browser' : 'events'}>
      <h3>{t('detailsTimingHeading')}</h3>
      <table class="dt-kv" aria-label={t('detailsTimingHeading')}>
        <tbody>
          {phases.map((phase) => (
            <tr key={phase.name} data-phase={phase.name}>
              <th scope="row">
                <span class={`dt-phase-swatch phase-${phase.name}`} aria-hidden="true" />
                {t(PHASE_KEYS[phase.name])}
              </th>
              <td>{formatDuration(phase.end - phase.start)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="dt-note">
        {detailed
          ? t(
              'detailsTimingFromBrowser',
              browser?.protocol ?? '—',
              browser?.transferSize === undefined ? '—' : formatBytes(browser.transferSize),
            )
          : t('detailsTimingFromEvents')}
      </p>
    </section>
  );
}
