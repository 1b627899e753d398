// The app's task objects (what uni.uploadFile / uni.downloadFile return in task mode), split from the uni probe
// (uni-probe.ts) along their seam: remembered by our task id for a force-abort through the app's own abort(), and
// their class's methods patched once so that the app's own calls (abort, onProgressUpdate, offProgressUpdate) are
// recorded. uni creates one class per API (UploadTask, DownloadTask in uni-h5.es.js), so one patch per prototype.

import type { AppAction, TaskEvent } from '../shared/task-model';
import { apply, defineOrThrow, describe, getPrototype } from './own';

type AnyFunction = (...args: unknown[]) => unknown;

const TASK_METHODS: AppAction[] = ['abort', 'onProgressUpdate', 'offProgressUpdate'];
/** Task objects kept for a force-abort: forgotten when the app's callbacks report the end, else the oldest go. */
const MAX_APP_TASKS = 500;

/** A wrapper looks like what it wraps: the same `name` and `length` (own descriptors, as defined). */
export function copyNameAndLength(from: AnyFunction, to: AnyFunction): void {
  for (const prop of ['name', 'length']) {
    const own = describe(from, prop);
    if (own) defineOrThrow(to, prop, own);
  }
}

export interface AppTasksContext {
  clock: () => number;
  emit: (event: TaskEvent) => void;
  onError: (where: string, error: unknown) => void;
}

export class AppTasks {
  private patchedPrototypes = new WeakSet<object>();
  private taskIds = new WeakMap<object, string>(); // the app's task object → our task id
  private byTaskId = new Map<string, object>();
  /** Set while the agent itself calls a task's abort(): not an app action. */
  private abortingForDevtools = false;

  constructor(private context: AppTasksContext) {}

  /** Remembers the app's task object and patches its class's methods once, to record the app's own calls. */
  adopt(result: unknown, taskId: string): void {
    try {
      if (typeof result !== 'object' || result === null || typeof (result as { then?: unknown }).then === 'function')
        return;
      this.taskIds.set(result, taskId);
      this.byTaskId.set(taskId, result);
      if (this.byTaskId.size > MAX_APP_TASKS) this.byTaskId.delete(this.byTaskId.keys().next().value as string);
      const proto = getPrototype(result) as Record<string, unknown> | null;
      if (!proto || this.patchedPrototypes.has(proto)) return;
      this.patchedPrototypes.add(proto);
      for (const action of TASK_METHODS) this.patchTaskMethod(proto, action);
    } catch (error) {
      this.context.onError('uni.task', error);
    }
  }

  forget(taskId: string): void {
    this.byTaskId.delete(taskId);
  }

  /**
   * Aborts through the app's own task object, as if the app had called abort(): uni then reports `fail abort`
   * through the app's callbacks. False when there is no task object (promise mode, or no global uni).
   */
  abort(taskId: string): boolean {
    const task = this.byTaskId.get(taskId) as { abort?: () => void } | undefined;
    if (typeof task?.abort !== 'function') return false;
    this.abortingForDevtools = true;
    try {
      task.abort();
    } finally {
      this.abortingForDevtools = false;
    }
    return true;
  }

  private patchTaskMethod(proto: Record<string, unknown>, action: AppAction): void {
    const descriptor = describe(proto, action);
    if (!descriptor || typeof descriptor.value !== 'function' || !(descriptor.writable || descriptor.configurable))
      return;
    const original = descriptor.value as AnyFunction;
    const tasks = this;
    const patched = function (this: object) {
      try {
        const taskId = tasks.taskIds.get(this);
        if (taskId && !tasks.abortingForDevtools) {
          tasks.context.emit({ type: 'app', taskId, at: tasks.context.clock(), action });
        }
      } catch (error) {
        tasks.context.onError('uni.taskMethod', error);
      }
      // biome-ignore lint/complexity/noArguments: the app's arguments, untouched
      return apply(original, this, arguments);
    };
    copyNameAndLength(original, patched as AnyFunction);
    defineOrThrow(proto, action, { ...descriptor, value: patched });
  }
}
