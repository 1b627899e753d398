// Deterministic synthetic workloads for the panel shell (tests/e2e/panel-shell.test.ts, bench/panel.ts): tasks as
// the page agent would record them (TaskEvent streams with epoch-ms times), progress spread over them, and the
// TaskRecords a snapshot would carry (folded with the same applyTaskEvent the agent uses).
// Runs in node and in the shell page (main.tsx exposes it as __shell.gen); no DOM, no Date.now() unless asked.

// The pieces: generate-samples.ts (PRNG, endpoints, files), generate-tasks.ts (lifecycles), generate-stream.ts
// (progress, stream, records, batches, live progress). This module is the one API (__shell.gen is this namespace).

import type { TaskEvent, TaskRecord } from '../../shared/task-model';
import { prng } from './generate-samples';
import { batches, eventStream, foldRecords, generateProgress, liveProgressBatch } from './generate-stream';
import { DEFAULT_START, type GenerateOptions, generateTasks, type SyntheticTask } from './generate-tasks';

export type { GenerateOptions, SyntheticTask };
export { batches, DEFAULT_START, eventStream, foldRecords, generateProgress, generateTasks, liveProgressBatch, prng };

export interface Workload {
  tasks: SyntheticTask[];
  progress: TaskEvent[];
  events: TaskEvent[];
  records: TaskRecord[];
}

/** Tasks + progress + the merged stream + the folded records, in one call. */
export function workload(count: number, progressEvents: number, options: GenerateOptions = {}): Workload {
  const tasks = generateTasks(count, options);
  const progress = generateProgress(tasks, progressEvents, (options.seed ?? 1) + 1);
  const events = eventStream(tasks, progress);
  return { tasks, progress, events, records: foldRecords(events) };
}
