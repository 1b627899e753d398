// A task's lifecycle as one time-ordered log (pure, unit-tested). Entries carry data only; the events tab
// turns them into translated text.

import type { AppAction, CallbackName, TaskRecord, TaskStatus } from '../../shared/task-model';

export type LogEntry =
  | { type: 'created'; at: number }
  | { type: 'fileResolved'; at: number }
  | { type: 'open'; at: number; method?: string; url: string }
  | { type: 'send'; at: number }
  | { type: 'headers'; at: number; statusCode?: number }
  | { type: 'progress'; at: number; loaded: number; total: number | null; index: number }
  /** Many progress events folded into one line (at the first one), when not expanded. */
  | { type: 'progressGroup'; at: number; count: number; last: number }
  | { type: 'callback'; at: number; name: CallbackName; arg: unknown }
  | { type: 'app'; at: number; action: AppAction }
  | { type: 'end'; at: number; status: TaskStatus; errMsg?: string; abortedBy?: TaskRecord['abortedBy'] };

type LogTask = Pick<
  TaskRecord,
  | 'times'
  | 'method'
  | 'url'
  | 'statusCode'
  | 'progress'
  | 'callbacks'
  | 'appActions'
  | 'status'
  | 'errMsg'
  | 'abortedBy'
>;

/** Progress events are listed one by one up to this many; beyond, folded unless expanded. */
export const PROGRESS_FOLD_THRESHOLD = 10;

// Within one millisecond, the lifecycle order decides.
const ORDER: Record<LogEntry['type'], number> = {
  created: 0,
  fileResolved: 1,
  app: 2,
  open: 3,
  send: 4,
  progressGroup: 5,
  progress: 5,
  headers: 6,
  end: 7,
  callback: 8,
};

export function buildEventLog(task: LogTask, expandProgress: boolean): LogEntry[] {
  const { times } = task;
  const entries: LogEntry[] = [{ type: 'created', at: times.created }];
  if (times.fileResolved !== undefined) entries.push({ type: 'fileResolved', at: times.fileResolved });
  if (times.open !== undefined) entries.push({ type: 'open', at: times.open, method: task.method, url: task.url });
  if (times.send !== undefined) entries.push({ type: 'send', at: times.send });
  if (times.headers !== undefined) entries.push({ type: 'headers', at: times.headers, statusCode: task.statusCode });
  const progress = task.progress;
  const first = progress[0];
  const last = progress[progress.length - 1];
  if (first && last && !expandProgress && progress.length > PROGRESS_FOLD_THRESHOLD) {
    entries.push({ type: 'progressGroup', at: first[0], count: progress.length, last: last[0] });
  } else {
    progress.forEach(([at, loaded, total], index) => {
      entries.push({ type: 'progress', at, loaded, total, index });
    });
  }
  for (const callback of task.callbacks) {
    entries.push({ type: 'callback', at: callback.at, name: callback.name, arg: callback.arg });
  }
  for (const action of task.appActions) entries.push({ type: 'app', at: action.at, action: action.action });
  if (times.end !== undefined) {
    entries.push({ type: 'end', at: times.end, status: task.status, errMsg: task.errMsg, abortedBy: task.abortedBy });
  }
  // Array.prototype.sort is stable: same time and same rank keep their insertion order.
  return entries.sort((a, b) => a.at - b.at || ORDER[a.type] - ORDER[b.type]);
}

/** A callback argument as indented JSON text (already JSON-safe from the agent); never throws. */
export function argText(arg: unknown): string {
  try {
    return JSON.stringify(arg, null, 2) ?? String(arg);
  } catch {
    return String(arg);
  }
}
