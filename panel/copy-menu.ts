// The copy items of the row context menu (panel/context-menu.tsx): URL, cURL, uni code, response, diagnosis.

import { notice } from './actions';
import { menuItems } from './context-menu';
import { type CopyResult, copyCurl, copyResponse, copyUniCode, copyUrl } from './copy';
import { copyDiagnosis } from './diagnosis-copy';
import { diagnosisOf } from './diagnosis-view';
import { t } from './i18n';
import type { PanelTask } from './reducer';

/** Copies, and says so only when it went wrong (a copy that worked needs no message, as in DevTools). */
const report = (copy: (task: PanelTask) => Promise<CopyResult>) => async (task: PanelTask) => {
  const result = await copy(task);
  if (!result.ok) notice.value = { kind: 'error', text: result.note ?? t('copyFailed') };
};

menuItems.push([
  { id: 'copy-url', label: 'copyUrl', enabled: () => true, act: report(copyUrl) },
  { id: 'copy-curl', label: 'copyCurl', enabled: () => true, act: report(copyCurl) },
  { id: 'copy-uni', label: 'copyUni', enabled: () => true, act: report(copyUniCode) },
  {
    id: 'copy-response',
    label: 'copyResponse',
    enabled: (task) => task.times.end !== undefined,
    act: report(copyResponse),
  },
  {
    id: 'copy-diagnosis',
    label: 'copyDiagnosis',
    enabled: (task) => diagnosisOf(task).length > 0,
    act: report(copyDiagnosis),
  },
]);
