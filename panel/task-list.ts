// The tasks in creation order, with the toolbar's totals, kept incrementally: a batch of live progress touches a
// few tasks of maybe 10,000, so it replaces those in a copy of the array (a memcpy, unlike rebuilding from the
// Map) and adjusts the totals by their difference instead of walking every task again.

import { isFinal } from '../shared/task-model';
import type { PanelTask } from './panel-task';

/** A transfer still going on in the page. An imported record of a running task is not: it runs no clock. */
export const inProgress = (task: PanelTask): boolean => !isFinal(task.status) && task.imported === undefined;

export interface Totals {
  tasks: number;
  bytesUp: number;
  bytesDown: number;
  failures: number;
  running: number;
  /** The first start, and the last end of finished tasks (the time span without the clock). */
  start: number | null;
  lastEnd: number | null;
}

export interface TaskList {
  items: PanelTask[];
  positions: Map<string, number>;
  totals: Totals;
}

const emptyTotals = (): Totals => ({
  tasks: 0,
  bytesUp: 0,
  bytesDown: 0,
  failures: 0,
  running: 0,
  start: null,
  lastEnd: null,
});

function count(totals: Totals, task: PanelTask, sign: 1 | -1): void {
  totals.tasks += sign;
  if (task.kind === 'upload') totals.bytesUp += sign * task.bytes;
  else totals.bytesDown += sign * task.bytes;
  if (task.status === 'fail' || task.status === 'abort') totals.failures += sign;
  if (inProgress(task)) totals.running += sign;
  if (sign > 0) {
    if (totals.start === null || task.times.created < totals.start) totals.start = task.times.created;
    const end = task.times.end;
    if (end !== undefined && (totals.lastEnd === null || end > totals.lastEnd)) totals.lastEnd = end;
  }
}

export function buildList(tasks: Iterable<PanelTask>): TaskList {
  return fromOrdered([...tasks].sort((a, b) => a.times.created - b.times.created));
}

function fromOrdered(items: PanelTask[]): TaskList {
  const positions = new Map<string, number>();
  const totals = emptyTotals();
  items.forEach((task, index) => {
    positions.set(task.key, index);
    count(totals, task, 1);
  });
  return { items, positions, totals };
}

export const emptyList = (): TaskList => buildList([]);

/** The list without its `count` oldest tasks, which are also deleted from `tasks` (the reducer's Map). */
export function dropOldest(list: TaskList, tasks: Map<string, PanelTask>, count: number): TaskList {
  for (const task of list.items.slice(0, count)) tasks.delete(task.key);
  return fromOrdered(list.items.slice(count));
}

/**
 * The list after a batch: `replaced` maps a key to the task's previous version (its new one is in `tasks`),
 * `added` are new tasks in arrival order. Falls back to a full rebuild when an added task is older than the
 * newest listed one (rare: tasks arrive in creation order).
 */
export function updateList(
  list: TaskList,
  tasks: Map<string, PanelTask>,
  replaced: Map<string, PanelTask>,
  added: PanelTask[],
): TaskList {
  const last = list.items[list.items.length - 1];
  let newest = last ? last.times.created : Number.NEGATIVE_INFINITY;
  for (const task of added) {
    if (task.times.created < newest) return buildList(tasks.values());
    newest = task.times.created;
  }
  const items = list.items.slice();
  // Listed tasks keep their positions until a rebuild, so the Map is extended in place (only the newest list
  // is ever read), like the reducer's tasks Map.
  const positions = list.positions;
  const totals = { ...list.totals };
  for (const [key, previous] of replaced) {
    const position = list.positions.get(key);
    const current = tasks.get(key);
    if (position === undefined || !current) return buildList(tasks.values());
    items[position] = current;
    count(totals, previous, -1);
    count(totals, current, 1);
  }
  for (const task of added) {
    positions.set(task.key, items.length);
    items.push(task);
    count(totals, task, 1);
  }
  return { items, positions, totals };
}
