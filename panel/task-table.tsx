import { formatBytes, formatDuration, taskDuration, taskName } from './format';
import type { PanelTask } from './reducer';
import { selectedKey, visibleTasks } from './store';

// The grid holds focus and points at the selected row (aria-activedescendant), as DevTools' own grids do.
const rowId = (key: string) => `task-${key.replace(/[^\w-]/g, '_')}`;

function moveSelection(tasks: PanelTask[], delta: number | 'home' | 'end'): void {
  if (tasks.length === 0) return;
  const index = tasks.findIndex((task) => task.key === selectedKey.value);
  let next: number;
  if (delta === 'home') next = 0;
  else if (delta === 'end') next = tasks.length - 1;
  else next = index < 0 ? 0 : Math.min(tasks.length - 1, Math.max(0, index + delta));
  selectedKey.value = tasks[next]?.key ?? null;
  if (selectedKey.value) document.getElementById(rowId(selectedKey.value))?.scrollIntoView({ block: 'nearest' });
}

function onKeyDown(event: KeyboardEvent, tasks: PanelTask[]): void {
  const keys: Record<string, number | 'home' | 'end'> = { ArrowDown: 1, ArrowUp: -1, Home: 'home', End: 'end' };
  if (event.key in keys) {
    event.preventDefault();
    moveSelection(tasks, keys[event.key] as number | 'home' | 'end');
  } else if (event.key === 'Escape') {
    selectedKey.value = null;
  }
}

function TaskRow({ task }: { task: PanelTask }) {
  const selected = selectedKey.value === task.key;
  return (
    <div
      role="row"
      id={rowId(task.key)}
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
      data-err-msg={task.status === 'fail' || task.status === 'abort' ? task.errMsg : undefined}
      data-origin={task.origin}
      data-probes={task.probes.join(' ')}
      aria-selected={selected}
      class={`task-row status-${task.status}${selected ? ' selected' : ''}`}
      onClick={() => {
        selectedKey.value = task.key;
      }}
    >
      <span role="gridcell" class="col-name" title={task.url}>
        {taskName(task)}
      </span>
      <span role="gridcell">{task.kind}</span>
      <span role="gridcell" class="col-status">
        {task.status === 'fail' || task.status === 'abort' ? task.errMsg : task.status}
      </span>
      <span role="gridcell">{task.statusCode ?? '—'}</span>
      <span role="gridcell">
        {formatBytes(task.bytes)}
        {task.total !== null && task.status === 'running' ? ` / ${formatBytes(task.total)}` : ''}
      </span>
      <span role="gridcell">{formatDuration(taskDuration(task))}</span>
    </div>
  );
}

export function TaskTable() {
  const tasks = visibleTasks.value;
  return (
    <div class="task-table-wrap">
      <div
        class="task-table"
        role="grid"
        aria-label="uni transfer tasks"
        aria-rowcount={tasks.length + 1}
        tabIndex={0}
        aria-activedescendant={selectedKey.value ? rowId(selectedKey.value) : undefined}
        onKeyDown={(event) => onKeyDown(event, tasks)}
      >
        <div role="row" class="task-head">
          {['Name', 'Kind', 'Status', 'Code', 'Size', 'Time'].map((label) => (
            <span role="columnheader" key={label}>
              {label}
            </span>
          ))}
        </div>
        {tasks.map((task) => (
          <TaskRow key={task.key} task={task} />
        ))}
      </div>
      {tasks.length === 0 && <div class="empty">No uni.uploadFile / uni.downloadFile tasks yet.</div>}
    </div>
  );
}
