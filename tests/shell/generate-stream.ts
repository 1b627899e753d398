// The shell workloads' streams (generate.ts): progress spread over the tasks, the merged event stream, the records
// a snapshot would carry (folded with the same applyTaskEvent the agent uses), envelope batches and live progress.

import type { TaskEvent, TaskRecord } from '../../shared/task-model';
import { applyTaskEvent, newTaskRecord } from '../../shared/task-model';
import { prng } from './generate-samples';
import type { SyntheticTask } from './generate-tasks';

/**
 * `total` progress events spread over the tasks (in proportion to a size weight, every transferring task gets at
 * least one when there are enough), with loaded increasing to the bytes each task reaches, in time order.
 */
export function generateProgress(tasks: SyntheticTask[], total: number, seed = 2): TaskEvent[] {
  const random = prng(seed);
  const eligible = tasks.filter((task) => task.transfer[1] > task.transfer[0]);
  if (eligible.length === 0 || total <= 0) return [];
  const weights = eligible.map((task) => Math.sqrt(task.size));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const counts = weights.map((weight) => Math.floor((weight / weightSum) * total));
  let left = total - counts.reduce((sum, count) => sum + count, 0);
  for (let index = 0; left > 0; index = (index + 1) % counts.length, left--)
    counts[index] = (counts[index] as number) + 1;
  const events: TaskEvent[] = [];
  eligible.forEach((task, taskIndex) => {
    const count = counts[taskIndex] as number;
    const [from, to] = task.transfer;
    for (let step = 1; step <= count; step++) {
      const fraction = step / count;
      const jitter = count > 1 && step < count ? (random() - 0.5) / count : 0;
      const loaded = step === count ? task.reach : Math.floor(task.reach * Math.min(1, Math.max(0, fraction + jitter)));
      events.push({
        type: 'progress',
        taskId: task.id,
        at: Math.round((from + (to - from) * fraction - 0.001) * 1000) / 1000,
        loaded,
        total: task.totalKnown ? task.size : null,
      });
    }
  });
  return sortByTime(events);
}

function sortByTime(events: TaskEvent[]): TaskEvent[] {
  // Stable: events of one task at the same time keep their order.
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map((entry) => entry.event);
}

/** Every event of the workload (lifecycles and progress) in time order, as the agent would post them. */
export function eventStream(tasks: SyntheticTask[], progress: TaskEvent[] = []): TaskEvent[] {
  return sortByTime([...tasks.flatMap((task) => task.events), ...progress]);
}

/** The agent's records for a snapshot: the stream folded with applyTaskEvent, in creation order. */
export function foldRecords(events: TaskEvent[]): TaskRecord[] {
  const records = new Map<string, TaskRecord>();
  for (const event of events) {
    if (event.type === 'created') records.set(event.taskId, newTaskRecord(event));
    else {
      const record = records.get(event.taskId);
      if (record) applyTaskEvent(record, event);
    }
  }
  return [...records.values()];
}

/** Splits a stream into envelopes' worth of events. */
export function batches<T>(events: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < events.length; index += size) result.push(events.slice(index, index + size));
  return result;
}

/**
 * Live progress for running tasks, as the agent posts it (one batch per flush): each call advances every task by
 * about 1/steps of its size (never past it) and returns one progress event per task, at time `at`.
 */
export function liveProgressBatch(
  running: { id: string; size: number; loaded: number; totalKnown: boolean }[],
  at: number,
  steps = 400,
): TaskEvent[] {
  return running.map((task) => {
    task.loaded = Math.min(task.size - 1, task.loaded + Math.ceil(task.size / steps));
    return { type: 'progress', taskId: task.id, at, loaded: task.loaded, total: task.totalKnown ? task.size : null };
  });
}
