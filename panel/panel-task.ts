// The panel's task type, below the reducer and the task list that both use it (no import circle: issue 17).

import type { Diagnosis } from '../shared/diagnosis';
import type { NetworkEvidence } from '../shared/diagnosis-network';
import type { TaskRecord } from '../shared/task-model';

/** A task as the panel lists it: the agent's record plus the page session it belongs to. */
export interface PanelTask extends TaskRecord {
  key: string;
  session: string;
  /** Read from a HAR file (panel/har): shown offline, kept across page loads until cleared. */
  imported?: string;
  /** An imported task's diagnosis as the HAR file kept it (read with panel/diagnosis-view.ts diagnosisOf). */
  diagnosis?: Diagnosis[];
  /** The browser's own record of this task's request, in DevTools (panel/network-log.ts). */
  network?: NetworkEvidence;
}
