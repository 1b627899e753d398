// Bodies stay in the page: the request/response tabs ask the agent for a task's held bodies (upload files, the
// downloaded blob) only when shown, and keep the reply per task. Data URLs can be megabytes each, so only the
// last few replies are kept.

import { type Signal, signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { BodyTransfer } from '../../shared/protocol';
import { isFinal } from '../../shared/task-model';
import type { PanelTask } from '../reducer';
import { request } from '../requests';
import { isLive } from '../store';

export type BodyState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; bodies: BodyTransfer[] }
  /** The page no longer holds (or never held) the bodies: over the body budget, or evicted. */
  | { state: 'not-held' }
  | { state: 'error'; error: string };

const MAX_CACHED = 6;
const cache = new Map<string, Signal<BodyState>>();

/** The cache key changes when the page's answer could: the task ends, or starts/stops holding its bodies. */
function cacheKey(task: PanelTask): string {
  return `${task.key}|${String(task.bodyHeld)}|${isFinal(task.status)}`;
}

/** Whether asking makes sense yet: a download's blob exists only once it ended. */
export function bodiesExpected(task: PanelTask): boolean {
  // Only the page loaded now holds bodies, and only its own tasks' (its ids restart with every page load).
  if (task.bodyHeld === false || !isLive(task)) return false;
  return task.kind === 'upload' || isFinal(task.status);
}

function entryFor(task: PanelTask): Signal<BodyState> {
  const key = cacheKey(task);
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key); // most recently used last
  } else {
    entry = signal<BodyState>(task.bodyHeld === false ? { state: 'not-held' } : { state: 'idle' });
  }
  cache.set(key, entry);
  while (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return entry;
}

function load(task: PanelTask, entry: Signal<BodyState>): void {
  if (entry.peek().state !== 'idle') return;
  entry.value = { state: 'loading' };
  request({ name: 'body', taskId: task.id, session: task.session }).then(
    (reply) => {
      if (reply.ok && reply.bodies) entry.value = { state: 'done', bodies: reply.bodies };
      else if (reply.error === 'not-held') entry.value = { state: 'not-held' };
      else entry.value = { state: 'error', error: reply.error ?? 'unknown' };
    },
    (error: unknown) => {
      entry.value = { state: 'error', error: String(error) };
    },
  );
}

/**
 * The task's bodies as the agent answered; asks (once per cache key) when `active` (the tab is shown) and the
 * bodies can exist. Re-renders the caller when the answer arrives.
 */
export function useBodies(task: PanelTask, active: boolean): BodyState {
  const expected = bodiesExpected(task);
  const entry = useMemo(() => entryFor(task), [cacheKey(task)]);
  useEffect(() => {
    if (active && expected) load(task, entry);
  }, [active, expected, entry]);
  return entry.value;
}

/** Forgets every cached reply (tests). */
export function clearBodyCache(): void {
  cache.clear();
}

/** An image preview is allowed only for an image mime with a data:image/ URL. */
export function imageDataUrl(body: BodyTransfer): string | undefined {
  const mime = body.mime.toLowerCase();
  if (!mime.startsWith('image/') || !body.dataUrl?.startsWith('data:image/')) return undefined;
  return body.dataUrl;
}
