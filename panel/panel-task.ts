// The panel's task type, below the reducer and the task list that both use it (no import circle: issue 17).

import type { TaskRecord } from '../shared/task-model';

/** A task as the panel lists it: the agent's record plus the page session it belongs to. */
export interface PanelTask extends TaskRecord {
  key: string;
  session: string;
  /** Read from a HAR file (panel/har): shown offline, kept across page loads until cleared. */
  imported?: string;
}
