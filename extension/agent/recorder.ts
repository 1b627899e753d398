// The authoritative record of this page's transfer tasks. Events are folded into records at once
// (so a snapshot is always current) and sent to the relay in batches, at most one flush per FLUSH_MS.

import type { RuntimeInfo } from '../../shared/protocol';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { applyTaskEvent, isFinal, newTaskRecord, type TaskEvent, type TaskRecord } from '../../shared/task-model';
import type { AgentBridge } from './bridge';

const FLUSH_MS = 50;

export class Recorder {
  private tasks = new Map<string, TaskRecord>();
  private queue: TaskEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;
  /** Whether a panel listens (the background says so); without one, events are recorded but not posted. */
  private listening = false;
  dropped = 0;

  constructor(
    private bridge: AgentBridge,
    private runtimeInfo: () => RuntimeInfo,
    readonly startedAt: number,
    private maxTasks = DEFAULT_SETTINGS.maxTasks,
  ) {}

  /** The live record of a task (not a copy: read it, never change it). */
  record(taskId: string): TaskRecord | undefined {
    return this.tasks.get(taskId);
  }

  newTaskId(): string {
    return `t${this.nextId++}`;
  }

  emit(event: TaskEvent): void {
    if (event.type === 'created') {
      this.tasks.set(event.taskId, newTaskRecord(event));
      this.evictOldest();
    } else {
      const record = this.tasks.get(event.taskId);
      if (!record) return; // evicted: its later events are of no use to anyone
      applyTaskEvent(record, event);
    }
    if (!this.listening) return;
    this.queue.push(event);
    if (this.flushTimer === null) this.flushTimer = setTimeout(this.flush, FLUSH_MS);
  }

  setMaxTasks(maxTasks: number): void {
    this.maxTasks = maxTasks;
    this.evictOldest();
  }

  setListening(listening: boolean): void {
    this.listening = listening;
    if (listening) return;
    // Nobody to tell: what is queued is already in the records, and the next panel starts from a snapshot.
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.queue = [];
  }

  flush = (): void => {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    this.bridge.send({ type: 'events', payload: { events } });
  };

  /**
   * The page is going away (pagehide, not into the back/forward cache): a task still in flight is cut off, and
   * says so (`abort`, aborted by `unload`). Flushed at once by the caller: there is no later.
   */
  endInFlight(at: number): void {
    for (const record of this.tasks.values()) {
      if (!isFinal(record.status)) this.emit({ type: 'end', taskId: record.id, at, outcome: 'unload' });
    }
  }

  /** Sends pending events first, so that every event with a lower seq is already in the snapshot. */
  sendSnapshot(): void {
    this.flush();
    this.bridge.send({
      type: 'snapshot',
      payload: {
        runtime: this.runtimeInfo(),
        startedAt: this.startedAt,
        tasks: [...this.tasks.values()],
        dropped: this.dropped,
      },
    });
  }

  private evictOldest(): void {
    while (this.tasks.size > this.maxTasks) {
      const oldest = this.tasks.keys().next().value;
      if (oldest === undefined) return;
      this.tasks.delete(oldest);
      this.dropped += 1;
    }
  }
}
