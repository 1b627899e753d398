// The bounds of the panel's state, whatever pages and HAR files send: how many tasks it lists, how many cleared
// keys it remembers, how long the lists of one task grow. Used by panel/reducer.ts.

import { LIMITS } from '../shared/settings';
import type { TaskEvent } from '../shared/task-model';
import { MAX_APP_ACTIONS, MAX_CALLBACKS, MAX_REPLAYS } from '../shared/task-read';
import type { PanelState } from './panel-state';
import type { PanelTask } from './panel-task';
import { dropOldest } from './task-list';

export const MAX_DIAGNOSTICS = 100;

/**
 * The most tasks the panel lists: the most a page's agent may keep (the settings' ceiling), so that a page's own
 * list always fits; past it the oldest go (preserved pages, imports, or a page flooding it) and are counted.
 */
export const MAX_PANEL_TASKS = LIMITS.maxTasks.max;
/** Dropping goes this far below the cap, so that a full list is rebuilt once per this many new tasks, not per batch. */
const EVICT_SLACK = MAX_PANEL_TASKS / 10;

/** Adds keys to the cleared set (a copy), forgetting the oldest beyond what any snapshot could bring back. */
export function withCleared(cleared: Set<string>, keys: Iterable<string>): Set<string> {
  const next = new Set(cleared);
  for (const key of keys) next.add(key);
  for (const key of next) {
    if (next.size <= MAX_PANEL_TASKS) break;
    next.delete(key);
  }
  return next;
}

/** Keeps the list within MAX_PANEL_TASKS by dropping the oldest tasks (from the Map in place, as a batch does). */
export function withinCap(state: PanelState): PanelState {
  const excess = state.tasks.size - MAX_PANEL_TASKS;
  if (excess <= 0) return state;
  const count = Math.min(state.tasks.size, excess + EVICT_SLACK);
  const list = dropOldest(state.list, state.tasks, count);
  return { ...state, list, evicted: state.evicted + count };
}

/**
 * Lists that events make grow, bounded as in a record read from a snapshot (shared/task-read.ts): past them an
 * event is rejected, so that a page cannot make every batch copy an ever longer list (cloneTask).
 */
export function beyondTaskLimits(task: PanelTask, event: TaskEvent): boolean {
  switch (event.type) {
    case 'callback':
      return task.callbacks.length >= MAX_CALLBACKS;
    case 'app':
      return task.appActions.length >= MAX_APP_ACTIONS;
    case 'devtools':
      return event.action === 'replay' && (task.replays?.length ?? 0) >= MAX_REPLAYS;
    default:
      return false;
  }
}
