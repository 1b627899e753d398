// One row of the task grid. Memoized: while 50 tasks progress, only their rows re-render (a task object is
// replaced only when one of its events arrives, panel/reducer.ts).

import { Component } from 'preact';
import type { Diagnosis } from '../shared/diagnosis';
import { openMenuFor } from './context-menu';
import { causeLabel, causeSummary } from './diagnosis-text';
import { diagnosisOf } from './diagnosis-view';
import {
  formatBytes,
  formatClock,
  formatDuration,
  formatSpeed,
  taskDuration,
  taskName,
  taskPercent,
  taskSpeed,
} from './format';
import { type MessageKey, t } from './i18n';
import type { PanelTask } from './reducer';
import { shown } from './reveal';
import { inProgress } from './task-list';
import { Waterfall } from './waterfall';

export const ROW_HEIGHT = 22;

export const rowId = (key: string) => `task-${key.replace(/[^\w-]/g, '_')}`;

const STATUS_KEYS: Record<PanelTask['status'], MessageKey> = {
  pending: 'statusPending',
  running: 'statusRunning',
  success: 'statusSuccess',
  fail: 'statusFail',
  abort: 'statusAbort',
};

export function statusText(task: PanelTask): string {
  return task.status === 'fail' || task.status === 'abort'
    ? shown(task.errMsg ?? t(STATUS_KEYS[task.status]))
    : t(STATUS_KEYS[task.status]);
}

interface RowProps {
  task: PanelTask;
  index: number;
  selected: boolean;
  scale: { start: number; end: number };
  now: number;
  onSelect: (key: string) => void;
}

function SizeCell({ task }: { task: PanelTask }) {
  const percent = task.status === 'running' ? taskPercent(task) : null;
  return (
    <span role="gridcell" class="col-size">
      {percent !== null && <span class="row-progress" style={{ width: `${percent}%` }} aria-hidden="true" />}
      <span class="cell-text">
        {formatBytes(task.bytes)}
        {task.total !== null && task.status === 'running' ? ` / ${formatBytes(task.total)}` : ''}
      </span>
    </span>
  );
}

/** The first cause, named in the warning colour; its summary as the tooltip (all of them in the details). */
function DiagnosisBadge({ diagnoses }: { diagnoses: readonly Diagnosis[] }) {
  const first = diagnoses[0];
  if (!first) return null;
  return (
    <span class="badge-diagnosis" title={causeSummary(diagnoses, 0, shown)}>
      {' '}
      <span aria-hidden="true">ⓘ</span> {causeLabel(first)}
    </span>
  );
}

function TaskRowView({ task, index, selected, scale, now, onSelect }: RowProps) {
  const running = inProgress(task);
  const failed = task.status === 'fail' || task.status === 'abort';
  // Memoized per task object (panel/diagnosis-view.ts): the row renders only when its task changed anyway.
  const diagnoses = diagnosisOf(task);
  return (
    <div
      role="row"
      id={rowId(task.key)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="task-row"
      data-key={task.key}
      data-task-id={task.key}
      data-kind={task.kind}
      data-status={task.status}
      data-url={task.url}
      data-status-code={task.statusCode}
      data-bytes={task.bytes}
      data-total={task.total ?? undefined}
      data-progress-events={task.progressEvents}
      data-err-msg={failed ? task.errMsg : undefined}
      data-origin={task.origin}
      data-aborted-by={task.abortedBy}
      data-replay-of={task.replayOf}
      data-imported={task.imported === undefined ? undefined : 'true'}
      data-probes={task.probes.join(' ')}
      data-condition={task.condition?.effect}
      data-suspended={task.suspended?.reason}
      data-diagnosis={diagnoses.length > 0 ? diagnoses.map((found) => found.cause).join(' ') : undefined}
      class={`task-row status-${task.status}${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      style={{ top: `${index * ROW_HEIGHT}px` }}
      onClick={() => onSelect(task.key)}
      onContextMenu={(event) => {
        event.preventDefault();
        onSelect(task.key);
        openMenuFor(task, event.clientX, event.clientY);
      }}
    >
      <span role="gridcell" class="col-name" title={shown(task.url)}>
        {task.origin === 'replay' && <span class="badge">↻</span>}
        {task.condition && (
          <span class="badge-condition" title={t('rowConditionTitle', shown(task.condition.detail))}>
            ⚠
          </span>
        )}
        <span class="page-text">{shown(taskName(task))}</span>
      </span>
      <span role="gridcell" class="col-kind">
        {t(task.kind === 'upload' ? 'kindUpload' : 'kindDownload')}
      </span>
      <span role="gridcell" class="col-status" title={statusText(task)}>
        {statusText(task)}
        {task.abortedBy === 'devtools' && <span class="badge-devtools"> · {t('abortedFromDevtools')}</span>}
        {task.suspended && (
          <span class="badge-suspended" title={t('rowSuspendedTitle')}>
            {' · ⏸ '}
            {t('rowSuspended')}
          </span>
        )}
        <DiagnosisBadge diagnoses={diagnoses} />
      </span>
      <span role="gridcell" class="col-code">
        {task.statusCode ?? '—'}
      </span>
      <SizeCell task={task} />
      <span role="gridcell" class="col-time">
        {formatDuration(taskDuration(task, running ? now : undefined))}
      </span>
      <span role="gridcell" class="col-speed">
        {formatSpeed(taskSpeed(task))}
      </span>
      <span role="gridcell" class="col-start">
        {formatClock(task.times.created)}
      </span>
      <Waterfall task={task} scale={scale} now={now} />
    </div>
  );
}

/**
 * TaskRowView that re-renders only when its task object, position, selection or scale changed, or the clock moved
 * for a running task. (A class with shouldComponentUpdate rather than preact/compat's memo: compat installs a
 * hook that runs for every vnode of the panel.)
 */
export class TaskRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const now = this.props;
    return !(
      now.task === next.task &&
      now.index === next.index &&
      now.selected === next.selected &&
      now.scale.start === next.scale.start &&
      now.scale.end === next.scale.end &&
      (now.now === next.now || next.task.times.end !== undefined)
    );
  }

  override render() {
    return <TaskRowView {...this.props} />;
  }
}
