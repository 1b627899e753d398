// The diagnosis of a listed task (shared/diagnosis.ts), as the row, the details, the filter, the copies and the HAR
// export show it. Memoized per task object: the reducer replaces a task's object whenever one of its events arrives
// (panel/reducer.ts), so an object's diagnosis never changes, and a list of 100,000 tasks filtered on every
// keystroke computes each one once. Below the store and the filter (no import circle): the store hands it the
// page's runtime as a function, read only when a diagnosis is computed.

import { contextFromRuntime, type Diagnosis, type DiagnosisContext, diagnose } from '../shared/diagnosis';
import type { NetworkEvidence } from '../shared/diagnosis-network';
import type { RuntimeInfo } from '../shared/protocol';
import { isFinal, type TaskRecord } from '../shared/task-model';

/**
 * A record the panel lists (a PanelTask, or a bare record in tests), with the browser's record of its request when
 * DevTools gave one (panel/network-log.ts: it replaces the task's object, so the memo below follows).
 */
export type DiagnosableTask = TaskRecord & { imported?: string; diagnosis?: Diagnosis[]; network?: NetworkEvidence };

/** One shared empty answer: a healthy task allocates nothing. */
const NONE: readonly Diagnosis[] = Object.freeze([]);

let memo = new WeakMap<DiagnosableTask, readonly Diagnosis[]>();
let runtimeSource: () => RuntimeInfo | null = () => null;
let memoRuntime: RuntimeInfo | null = null;
let context: DiagnosisContext = {};

/**
 * Where the inspected page's runtime comes from (panel/store.ts). Read with peek() there: a row that asks for its
 * diagnosis must not re-render on every state change.
 */
export function setDiagnosisRuntime(source: () => RuntimeInfo | null): void {
  runtimeSource = source;
}

/** The causes of the task's outcome, most telling first; empty for a healthy task or one still running. */
export function diagnosisOf(task: DiagnosableTask): readonly Diagnosis[] {
  if (task.imported !== undefined && task.diagnosis !== undefined) return task.diagnosis;
  // What went wrong is known once the task ended; a running task gets a new object with every progress event.
  if (!isFinal(task.status)) return NONE;
  const runtime = runtimeSource();
  if (runtime !== memoRuntime) {
    // Another page (or the same one's runtime read again): its origin and networkTimeout decide some causes.
    memo = new WeakMap();
    memoRuntime = runtime;
    context = contextFromRuntime(runtime);
  }
  let found = memo.get(task);
  if (found === undefined) {
    // An imported task ran in another page: the page inspected now says nothing of its origin or timeouts.
    // (Its requestHeaders may be those a browser sent: a forbidden header is not claimed from them.)
    const page: DiagnosisContext = task.imported === undefined ? context : { headersAsSent: true };
    const causes = diagnose(task, task.network ? { ...page, network: task.network } : page);
    found = causes.length === 0 ? NONE : causes;
    memo.set(task, found);
  }
  return found;
}
