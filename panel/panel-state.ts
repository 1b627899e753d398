// The panel's state type, below the reducer and its limits that both use it (no import circle: issue 17).

import type { Diagnostic, RuntimeInfo } from '../shared/protocol';
import type { PanelTask } from './panel-task';
import type { TaskList } from './task-list';

export interface PanelState {
  connected: boolean;
  session: string | null;
  lastSeq: number;
  runtime: RuntimeInfo | null;
  tasks: Map<string, PanelTask>;
  /** The same tasks in creation order, with totals (panel/task-list.ts). */
  list: TaskList;
  preserveLog: boolean;
  /** Record off (the toolbar's red dot): tasks created meanwhile are never listed; listed ones keep updating. */
  recording: boolean;
  /** Tasks the page agent dropped (its snapshot says how many). */
  dropped: number;
  /** Tasks the panel itself dropped to stay within MAX_PANEL_TASKS. */
  evicted: number;
  /** Messages, events and records rejected because they did not read. */
  rejected: number;
  diagnostics: Diagnostic[];
  /** Keys the user cleared: a later snapshot must not bring them back. */
  cleared: Set<string>;
  /** HAR files imported so far (each gets its own session key). */
  imports: number;
}
