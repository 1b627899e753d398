// Overview tab: why it failed (the diagnosis, first), the call as the app wrote it, and the task's outcome at a
// glance.

import type { RuntimeInfo } from '../../shared/protocol';
import { type CallbackName, isFinal, type Probe, type TaskStatus } from '../../shared/task-model';
import { formatBytes, formatDuration, formatOffset, taskDuration, taskPercent } from '../format';
import { type MessageKey, t } from '../i18n';
import type { PanelTask } from '../reducer';
import { now, panelState } from '../store';
import { ReplayLinks } from '../task-actions';
import { callText } from './call-text';
import { ConditionSection } from './condition';
import { DiagnosisSections } from './diagnosis';
import { KvTable, Note, Row } from './kv';
import { TimingSection } from './timing';

const STATUS_KEYS: Record<TaskStatus, MessageKey> = {
  pending: 'detailsStatusPending',
  running: 'detailsStatusRunning',
  success: 'detailsStatusSuccess',
  fail: 'detailsStatusFail',
  abort: 'detailsStatusAbort',
};

const PROBE_KEYS: Record<Probe, MessageKey> = { uni: 'detailsProbeUni', xhr: 'detailsProbeXhr' };

const ABORTED_BY_KEYS: Record<NonNullable<PanelTask['abortedBy']>, MessageKey> = {
  app: 'detailsAbortedByApp',
  timeout: 'detailsAbortedByTimeout',
  devtools: 'detailsAbortedByDevtools',
  unload: 'detailsAbortedByUnload',
};

export function statusText(status: TaskStatus): string {
  return t(STATUS_KEYS[status]);
}

export function abortedByText(abortedBy: NonNullable<PanelTask['abortedBy']>): string {
  return t(ABORTED_BY_KEYS[abortedBy]);
}

export function runtimeText(runtime: RuntimeInfo | null): string {
  if (!runtime) return t('detailsRuntimeUnknown');
  const parts: string[] = [runtime.uniApp ? t('detailsRuntimeUniApp') : t('detailsRuntimeNoUniApp')];
  if (runtime.vue !== undefined) {
    parts.push(
      runtime.vue === 3
        ? t(runtime.dev ? 'detailsRuntimeVue3Dev' : 'detailsRuntimeVue3Prod')
        : t('detailsRuntimeVue', runtime.vue),
    );
  }
  parts.push(
    t(
      runtime.globalUni === 'full'
        ? 'detailsGlobalUniFull'
        : runtime.globalUni === 'empty'
          ? 'detailsGlobalUniEmpty'
          : 'detailsGlobalUniNone',
    ),
  );
  return parts.join(' · ');
}

function bytesText(task: PanelTask): string {
  const percent = taskPercent(task);
  const base = t('detailsBytesOf', formatBytes(task.bytes), formatBytes(task.total));
  return percent === null ? base : `${base} (${percent.toFixed(0)}%)`;
}

export function OverviewTab({ task }: { task: PanelTask }) {
  const runtime = panelState.value.runtime;
  const clock = isFinal(task.status) ? undefined : now.value;
  const seen = [...new Set(task.callbacks.map((callback) => callback.name))] as CallbackName[];
  const code = task.call
    ? callText(
        task.kind,
        task.call,
        seen,
        {
          promise: t('detailsCallPromiseNote'),
          noCallbackYet: t('detailsCallNoCallbackYet'),
          ran: t('detailsCallbackRan'),
          notRun: t('detailsCallbackNotRun'),
          notYet: t('detailsCallbackNotYet'),
        },
        isFinal(task.status),
      )
    : null;
  return (
    <div class="dt-overview">
      <DiagnosisSections task={task} />
      <ReplayLinks task={task} />
      {task.condition && <ConditionSection condition={task.condition} />}
      <section class="dt-section">
        <h3>{t('detailsCallHeading')}</h3>
        {code === null ? (
          <Note testId="details-call-missing">{t('detailsCallMissing')}</Note>
        ) : (
          <pre class="dt-code" data-testid="details-call-text">
            <code>{code}</code>
          </pre>
        )}
      </section>
      <KvTable label={t('detailsTabOverview')}>
        <Row label={t('detailsCallMode')}>
          {task.call ? t(task.call.mode === 'callback' ? 'detailsModeCallback' : 'detailsModePromise') : undefined}
        </Row>
        <Row label={t('detailsUrl')}>{task.url}</Row>
        <Row label={t('detailsStatus')}>
          <span class={`dt-status dt-status-${task.status}`}>{statusText(task.status)}</span>
        </Row>
        <Row label={t('detailsErrMsg')}>{task.errMsg}</Row>
        <Row label={t('detailsHttpStatus')}>{task.statusCode}</Row>
        <Row label={t('detailsBytes')}>{bytesText(task)}</Row>
        <Row label={t('detailsDuration')}>{formatDuration(taskDuration(task, clock))}</Row>
        {task.kind === 'download' && <Row label={t('detailsTempFilePath')}>{task.tempFilePath}</Row>}
        <Row label={t('detailsOrigin')}>{t(task.origin === 'replay' ? 'detailsOriginReplay' : 'detailsOriginApp')}</Row>
        <Row label={t('detailsSeenBy')}>{task.probes.map((probe) => t(PROBE_KEYS[probe])).join(', ')}</Row>
        <Row label={t('detailsRuntime')}>{runtimeText(runtime)}</Row>
        {runtime && <Row label={t('detailsPageUrl')}>{runtime.url}</Row>}
        {task.abortedBy && <Row label={t('detailsAbortedBy')}>{abortedByText(task.abortedBy)}</Row>}
        {task.suspended && (
          <Row label={t('detailsSuspended')}>
            {t('detailsSuspendedSince', formatOffset(task.suspended.at - task.times.created))}
          </Row>
        )}
      </KvTable>
      <TimingSection task={task} />
    </div>
  );
}
