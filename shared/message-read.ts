// The payload of every agent envelope, read deeply before the panel's reducer folds it (isAgentEnvelope in
// shared/protocol.ts checks only the envelope around it). A page can speak on the agent's channel, so nothing in a
// payload is trusted: what does not read is rejected and counted, and what reads is a fresh, bounded copy.

import { isFiniteNumber, isObject } from './checks';
import {
  type AgentEnvelope,
  type AgentMessage,
  isCommandReply,
  type NetworkTimeout,
  type RuntimeInfo,
} from './protocol';
import { LIMITS } from './settings';
import type { TaskEvent, TaskRecord } from './task-model';
import { readTaskEvent, readTaskRecord } from './task-read';
import { MAX_NAME, readText, readTime } from './value-read';

/** An agent keeps at most this many tasks (the settings' ceiling): a longer snapshot is forged. */
export const MAX_SNAPSHOT_TASKS = LIMITS.maxTasks.max;

export interface ReadMessage {
  /** The message with its payload read: for events and snapshots, only the events and records that read. */
  message: AgentMessage;
  /** Events or records left out because they did not read. */
  rejected: number;
}

const GLOBAL_UNI = new Set<unknown>(['full', 'empty', 'none']);

export function readRuntimeInfo(value: unknown): RuntimeInfo | undefined {
  if (!isObject(value) || typeof value.uniApp !== 'boolean' || !GLOBAL_UNI.has(value.globalUni)) return undefined;
  const url = readText(value.url);
  if (url === undefined) return undefined;
  const runtime: RuntimeInfo = { uniApp: value.uniApp, globalUni: value.globalUni as RuntimeInfo['globalUni'], url };
  if (value.vue !== undefined) {
    if (value.vue !== 2 && value.vue !== 3) return undefined;
    runtime.vue = value.vue;
  }
  if (value.dev !== undefined) {
    if (typeof value.dev !== 'boolean') return undefined;
    runtime.dev = value.dev;
  }
  if (value.networkTimeout !== undefined) {
    const timeouts = readNetworkTimeout(value.networkTimeout);
    if (timeouts === undefined) return undefined;
    runtime.networkTimeout = timeouts;
  }
  return runtime;
}

const TIMEOUT_KEYS = ['request', 'uploadFile', 'downloadFile'] as const;

function readNetworkTimeout(value: unknown): NetworkTimeout | undefined {
  if (!isObject(value)) return undefined;
  const timeouts: NetworkTimeout = {};
  for (const key of TIMEOUT_KEYS) {
    const ms = value[key];
    if (ms === undefined) continue;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
    timeouts[key] = ms;
  }
  return timeouts;
}

/**
 * Reads each item; those that do not read are counted, not kept. A list of which nothing reads is no agent's
 * (null): the message is rejected whole, so that it cannot move the sequence on or empty a snapshot's session.
 */
function readEach<T>(items: unknown[], read: (item: unknown) => T | null): { kept: T[]; rejected: number } | null {
  const kept: T[] = [];
  for (const item of items) {
    const copy = read(item);
    if (copy !== null) kept.push(copy);
  }
  return items.length > 0 && kept.length === 0 ? null : { kept, rejected: items.length - kept.length };
}

/** The envelope's message with its payload read, or null when the payload itself is unusable. */
export function readAgentMessage(envelope: AgentEnvelope): ReadMessage | null {
  const payload: unknown = envelope.payload;
  if (!isObject(payload)) return null;
  switch (envelope.type) {
    case 'hello': {
      const runtime = readRuntimeInfo(payload.runtime);
      const startedAt = readTime(payload.startedAt);
      if (runtime === undefined || startedAt === undefined) return null;
      return { message: { type: 'hello', payload: { runtime, startedAt } }, rejected: 0 };
    }
    case 'runtime': {
      const runtime = readRuntimeInfo(payload.runtime);
      return runtime === undefined ? null : { message: { type: 'runtime', payload: { runtime } }, rejected: 0 };
    }
    case 'events': {
      if (!Array.isArray(payload.events)) return null;
      const events = readEach<TaskEvent>(payload.events, readTaskEvent);
      if (events === null) return null;
      return { message: { type: 'events', payload: { events: events.kept } }, rejected: events.rejected };
    }
    case 'snapshot': {
      const { tasks, dropped } = payload;
      const runtime = readRuntimeInfo(payload.runtime);
      const startedAt = readTime(payload.startedAt);
      if (runtime === undefined || startedAt === undefined || !Array.isArray(tasks)) return null;
      // Refused before reading a single record: a million forged records cost nothing.
      if (tasks.length > MAX_SNAPSHOT_TASKS || !Number.isSafeInteger(dropped) || (dropped as number) < 0) return null;
      const records = readEach<TaskRecord>(tasks, (task) => readTaskRecord(task));
      if (records === null) return null;
      const read = { runtime, startedAt, tasks: records.kept, dropped: dropped as number };
      return { message: { type: 'snapshot', payload: read }, rejected: records.rejected };
    }
    case 'diagnostic': {
      const where = readText(payload.where, MAX_NAME);
      const message = readText(payload.message);
      if (!isFiniteNumber(payload.at) || where === undefined || message === undefined) return null;
      return { message: { type: 'diagnostic', payload: { at: payload.at, where, message } }, rejected: 0 };
    }
    case 'reply':
      // Its content goes to whoever asked (panel/requests.ts reads it with the same guard).
      return isCommandReply(payload) ? { message: { type: 'reply', payload }, rejected: 0 } : null;
    default:
      return null;
  }
}
