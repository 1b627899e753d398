// The authoritative record of this page's transfer tasks. Events are folded into records at once
// (so a snapshot is always current) and sent to the relay in batches, at most one flush per FLUSH_MS.

import type { AgentMessage, RuntimeInfo } from '../shared/protocol';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { applyTaskEvent, isFinal, newTaskRecord, type TaskEvent, type TaskRecord } from '../shared/task-model';
import type { AgentBridge } from './bridge';
import { formatCallSite } from './call-site';
import { listOf, ownArray } from './own';

/**
 * At most one flush per FLUSH_MS, and the first event after a quiet spell goes at once (next task): page → panel
 * p95 latency at 2,000 events/s was 54 ms with a fixed 50 ms window (bench:pipeline), over the 50 ms goal.
 */
const FLUSH_MS = 25;
// Captured at document_start: a page can replace the globals later.
const now = performance.now.bind(performance);
const schedule = setTimeout;
const cancel = clearTimeout;

export class Recorder {
  private tasks = new Map<string, TaskRecord>();
  /** A private array (own.ts): the page's Array.prototype never holds the queued events. */
  private queue: TaskEvent[] = ownArray([]);
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastFlushAt = -Infinity;
  private nextId = 1;
  /** Call sites not formatted yet, by task: only a listening panel or a snapshot pays for the text. */
  private callSites = new Map<string, Error>();
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

  keepCallSite(taskId: string, site: Error): void {
    this.callSites.set(taskId, site);
  }

  /** The task's stack text, made now (once) into its record. */
  private resolveCallSite(taskId: string): string | undefined {
    const site = this.callSites.get(taskId);
    if (!site) return undefined;
    this.callSites.delete(taskId);
    const stack = formatCallSite(site);
    const record = this.tasks.get(taskId);
    if (record && stack !== undefined) record.stack = stack;
    return stack;
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
    // Rules apply only while a panel listens (conditions/rules.ts), so a rule's application, which the relay
    // counts against its `times`, always goes out in a flush.
    if (!this.listening) return;
    this.queue.push(event);
    if (this.flushTimer === null) {
      this.flushTimer = schedule(this.flush, Math.max(0, this.lastFlushAt + FLUSH_MS - now()));
    }
  }

  setMaxTasks(maxTasks: number): void {
    this.maxTasks = maxTasks;
    this.evictOldest();
  }

  /** Whether a panel (or a viewer) listens now. */
  get watched(): boolean {
    return this.listening;
  }

  setListening(listening: boolean): void {
    this.listening = listening;
    if (listening) return;
    // Nobody to tell: what is queued is already in the records, and the next panel starts from a snapshot.
    if (this.flushTimer !== null) cancel(this.flushTimer);
    this.flushTimer = null;
    this.queue = ownArray([]);
  }

  flush = (): void => {
    if (this.flushTimer !== null) cancel(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = ownArray([]);
    this.lastFlushAt = now();
    if (this.callSites.size > 0) {
      for (const event of events) if (event.type === 'created') event.stack ??= this.resolveCallSite(event.taskId);
    }
    this.bridge.send({ type: 'events', payload: { events } });
  };

  /**
   * The page is going away (pagehide, not into the back/forward cache): a task still in flight is cut off, and
   * says so (`abort`, aborted by `unload`). Flushed at once by the caller: there is no later.
   */
  endInFlight(at: number): void {
    for (const record of listOf(this.tasks)) {
      if (!isFinal(record.status)) this.emit({ type: 'end', taskId: record.id, at, outcome: 'unload' });
    }
  }

  /** The page goes into the back/forward cache: its unfinished tasks are frozen with it (issue 19). */
  suspendInFlight(at: number): void {
    for (const record of listOf(this.tasks)) {
      if (!isFinal(record.status)) this.emit({ type: 'suspend', taskId: record.id, at, reason: 'bfcache' });
    }
  }

  /** The page came back from the back/forward cache: its frozen tasks run again. */
  resumeSuspended(at: number): void {
    for (const record of listOf(this.tasks)) {
      if (record.suspended) this.emit({ type: 'resume', taskId: record.id, at });
    }
  }

  /** Sends pending events first, so that every event with a lower seq is already in the snapshot. */
  sendSnapshot(): void {
    this.flush();
    this.bridge.send(this.snapshot());
  }

  /** The whole record as one message (every call site formatted). */
  snapshot(): Extract<AgentMessage, { type: 'snapshot' }> {
    for (const taskId of listOf(this.callSites, 'keys')) this.resolveCallSite(taskId);
    return {
      type: 'snapshot',
      payload: {
        runtime: this.runtimeInfo(),
        startedAt: this.startedAt,
        tasks: listOf(this.tasks),
        dropped: this.dropped,
      },
    };
  }

  private evictOldest(): void {
    while (this.tasks.size > this.maxTasks) {
      const oldest = this.tasks.keys().next().value;
      if (oldest === undefined) return;
      this.tasks.delete(oldest);
      this.callSites.delete(oldest);
      this.dropped += 1;
    }
  }
}
