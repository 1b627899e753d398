// The one reader of task records and events that come from outside the panel: the page's agent (panel/reducer.ts,
// through shared/message-read.ts) and HAR files (shared/har-import.ts). Both are untrusted: a page can speak on the
// agent's channel, a HAR file can say anything. Every field is type-checked down to the last element, bounded and
// copied into a fresh object, so that whatever passes can be folded (applyTaskEvent) and rendered without checks.
//
// Two modes. Strict (the agent): the agent never sends a value of the wrong type, so one such value anywhere makes
// the record or event unreadable (the caller rejects and counts it). Lenient (a HAR file, possibly edited or
// damaged): a wrong optional value is left out, a wrong list item skipped, a wrong counter takes its default; only
// what a task cannot be without (id, kind, origin, status, URL, creation time) makes the record unreadable.
// Sizes are bounded in both: strings are cut (shared/value-read.ts), lists keep their first items.

import { isId, isObject } from './checks';
import {
  type AppliedCondition,
  MAX_PROGRESS_POINTS,
  RESOURCE_TIMING_KEYS,
  type ResourceTiming,
  type TaskEvent,
  type TaskRecord,
} from './task-model';
import {
  ABORTED_BY,
  APP_ACTIONS,
  CALLBACK_NAMES,
  isProbe,
  KINDS,
  MAX_APP_ACTIONS,
  MAX_CALLBACKS,
  MAX_REPLAYS,
  ORIGINS,
  OUTCOMES,
  type ReadContext,
  readArg,
  readBody,
  readCallInfo,
  readList,
  STATUSES,
  strict,
  TIME_KEYS,
} from './task-read-parts';
import { MAX_NAME, readSize, readStringMap, readText, readTime } from './value-read';

export { MAX_APP_ACTIONS, MAX_CALLBACKS, MAX_PARTS, MAX_REPLAYS } from './task-read-parts';

type Progress = TaskRecord['progress'][number];
type Of<T extends TaskEvent['type']> = Extract<TaskEvent, { type: T }>;
type Created = Of<'created'>;

/** Reads one value; `context` tells the mode, and is marked bad by what it reads inside (lists, maps). */
type Reader<T> = (raw: unknown, context: ReadContext) => T | undefined;

/** Copies an optional field: absent stays absent; present, it must read, else the context is marked bad. */
function optional<T extends object, K extends keyof T & string>(
  target: T,
  source: Record<string, unknown>,
  key: K,
  context: ReadContext,
  read: Reader<T[K]>,
): void {
  const raw = source[key];
  if (raw === undefined) return;
  const item = read(raw, context);
  if (item === undefined) context.bad = true;
  else target[key] = item;
}

// The readers are made once, not per record: a snapshot holds up to 100,000 records.
const readName: Reader<string> = (raw) => readText(raw, MAX_NAME);
const readLongText: Reader<string> = (raw) => readText(raw);
const readMap: Reader<Record<string, string>> = (raw, context) => readStringMap(raw, context.lenient);
const readBoolean: Reader<boolean> = (raw) => (typeof raw === 'boolean' ? raw : undefined);
const readId: Reader<string> = (raw) => (isId(raw) ? raw : undefined);
const readCount = (raw: unknown) => (Number.isSafeInteger(raw) && (raw as number) >= 0 ? (raw as number) : undefined);
const readAbortedBy: Reader<TaskRecord['abortedBy']> = (raw) =>
  ABORTED_BY.has(raw) ? (raw as TaskRecord['abortedBy']) : undefined;
const readReplays: Reader<string[]> = (raw, context) => readList(raw, MAX_REPLAYS, context, readId);
const readProbe = (raw: unknown) => (isProbe(raw) ? raw : undefined);
const readStatusCode = readSize;

function readTimes(value: unknown, context: ReadContext): TaskRecord['times'] | undefined {
  if (!isObject(value)) return undefined;
  const created = readTime(value.created);
  if (created === undefined) return undefined;
  const times: TaskRecord['times'] = { created };
  for (const key of TIME_KEYS) optional(times, value, key, context, readTime);
  return times;
}

/** [time, loaded, total | null]. Lenient: a total that is no size is unknown (null). */
function readPoint(value: unknown, context: ReadContext): Progress | undefined {
  if (!Array.isArray(value)) return undefined;
  const at = readTime(value[0]);
  const loaded = readSize(value[1]);
  const total = value[2] === null ? null : readSize(value[2]);
  if (at === undefined || loaded === undefined) return undefined;
  if (total === undefined) return context.lenient ? [at, loaded, null] : undefined;
  return [at, loaded, total];
}

/** A loop of its own: points are most of a snapshot (200,000 for 10,000 tasks in bench:panel). */
function readProgress(value: unknown, context: ReadContext): Progress[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const length = value.length;
  const count = Math.min(length, MAX_PROGRESS_POINTS);
  const points: Progress[] = [];
  for (let index = 0; index < count; index++) {
    // Past the limit the agent replaces the last point (applyTaskEvent): keep the first ones and the very last.
    const point = readPoint(value[index === count - 1 ? length - 1 : index], context);
    if (point === undefined) context.bad = true;
    else points.push(point);
  }
  return points;
}

function readCallback(value: unknown, context: ReadContext): TaskRecord['callbacks'][number] | undefined {
  if (!isObject(value) || !CALLBACK_NAMES.has(value.name)) return undefined;
  const at = readTime(value.at);
  const arg = readArg(value.arg, context);
  if (at === undefined || arg === undefined) return undefined;
  return { at, name: value.name as TaskRecord['callbacks'][number]['name'], arg: arg.arg };
}

function readAppAction(value: unknown): TaskRecord['appActions'][number] | undefined {
  if (!isObject(value) || !APP_ACTIONS.has(value.action)) return undefined;
  const at = readTime(value.at);
  return at === undefined ? undefined : { at, action: value.action as TaskRecord['appActions'][number]['action'] };
}

export interface ReadOptions {
  /** A HAR file: leave out what is wrong instead of refusing the record. */
  lenient?: boolean;
}

/** A task record (an agent's snapshot, a HAR entry) as a fresh, bounded, fully checked copy; null if unreadable. */
export function readTaskRecord(value: unknown, options: ReadOptions = {}): TaskRecord | null {
  if (!isObject(value)) return null;
  const context: ReadContext = { lenient: options.lenient === true, bad: false };
  const { id, kind, origin, status } = value;
  const url = readText(value.url);
  const times = readTimes(value.times, context);
  if (!isId(id) || !KINDS.has(kind) || !ORIGINS.has(origin) || !STATUSES.has(status)) return null;
  if (url === undefined || times === undefined) return null;
  /** A field every record has: when it does not read, strict reading fails and lenient reading takes `fallback`. */
  const required = <T>(item: T | undefined, fallback: T): T => {
    if (item !== undefined) return item;
    context.bad = true;
    return fallback;
  };
  const progress = required(readProgress(value.progress, context), []);
  const probes = required(readList(value.probes, 2, context, readProbe), []);
  if (probes.length === 2 && probes[0] === probes[1]) probes.pop(); // a probe is listed once
  const record: TaskRecord = {
    id,
    kind: kind as TaskRecord['kind'],
    origin: origin as TaskRecord['origin'],
    // Every task was seen by a probe; the XHR probe is always on.
    probes: required(probes.length > 0 ? probes : undefined, ['xhr']),
    url,
    status: status as TaskRecord['status'],
    bytes: required(readSize(value.bytes), 0),
    total: required(value.total === null ? null : readSize(value.total), null),
    progressEvents: required(readCount(value.progressEvents), progress.length),
    progress,
    callbacks: required(readList(value.callbacks, MAX_CALLBACKS, context, readCallback), []),
    appActions: required(readList(value.appActions, MAX_APP_ACTIONS, context, readAppAction), []),
    times,
  };
  optional(record, value, 'method', context, readName);
  optional(record, value, 'call', context, readCallInfo);
  optional(record, value, 'stack', context, readLongText);
  optional(record, value, 'statusCode', context, readStatusCode);
  optional(record, value, 'errMsg', context, readLongText);
  optional(record, value, 'requestHeaders', context, readMap);
  optional(record, value, 'responseHeaders', context, readMap);
  optional(record, value, 'responseUrl', context, readLongText);
  optional(record, value, 'body', context, readBody);
  optional(record, value, 'responseSize', context, readSize);
  optional(record, value, 'responsePreview', context, readLongText);
  optional(record, value, 'tempFilePath', context, readLongText);
  optional(record, value, 'abortedBy', context, readAbortedBy);
  optional(record, value, 'bodyHeld', context, readBoolean);
  optional(record, value, 'offline', context, readBoolean);
  optional(record, value, 'replayOf', context, readId);
  optional(record, value, 'replays', context, readReplays);
  if (record.replays?.length === 0) delete record.replays; // as a record without replays has none
  optional(record, value, 'devtoolsAbortAt', context, readTime);
  optional(record, value, 'condition', context, readCondition);
  optional(record, value, 'resourceTiming', context, readResourceTiming);
  optional(record, value, 'suspended', context, readSuspended);
  return context.bad && !context.lenient ? null : record;
}

/** A task event from the agent, strictly read (fresh and bounded); null if any of it is wrong. */
export function readTaskEvent(value: unknown): TaskEvent | null {
  if (!isObject(value)) return null;
  const { taskId } = value;
  const at = readTime(value.at);
  if (!isId(taskId) || at === undefined) return null;
  if (value.type === 'progress') {
    // The hot path (hundreds of thousands per session): plain checks, one small object.
    const loaded = readSize(value.loaded);
    const total = value.total === null ? null : readSize(value.total);
    return loaded === undefined || total === undefined ? null : { type: 'progress', taskId, at, loaded, total };
  }
  const context = strict();
  let event: TaskEvent | null = null;
  switch (value.type) {
    case 'created': {
      const url = readText(value.url);
      if (!KINDS.has(value.kind) || !ORIGINS.has(value.origin) || !isProbe(value.probe) || url === undefined) break;
      const kind = value.kind as TaskRecord['kind'];
      const origin = value.origin as TaskRecord['origin'];
      const created: Created = { type: 'created', taskId, at, kind, origin, probe: value.probe, url };
      optional(created, value, 'call', context, readCallInfo);
      optional(created, value, 'stack', context, readLongText);
      optional(created, value, 'replayOf', context, readId);
      event = created;
      break;
    }
    case 'probe': {
      if (!isProbe(value.probe)) break;
      const probe: Of<'probe'> = { type: 'probe', taskId, at, probe: value.probe };
      optional(probe, value, 'call', context, readCallInfo);
      event = probe;
      break;
    }
    case 'open': {
      const method = readText(value.method, MAX_NAME);
      const url = readText(value.url);
      if (method !== undefined && url !== undefined) event = { type: 'open', taskId, at, method, url };
      break;
    }
    case 'send': {
      const requestHeaders = readStringMap(value.requestHeaders, false);
      if (requestHeaders === undefined) break;
      const send: Of<'send'> = { type: 'send', taskId, at, requestHeaders };
      optional(send, value, 'body', context, readBody);
      event = send;
      break;
    }
    case 'headers': {
      const statusCode = readStatusCode(value.statusCode);
      const responseHeaders = readStringMap(value.responseHeaders, false);
      if (statusCode !== undefined && responseHeaders !== undefined) {
        const headers: Of<'headers'> = { type: 'headers', taskId, at, statusCode, responseHeaders };
        optional(headers, value, 'responseUrl', context, readLongText);
        event = headers;
      }
      break;
    }
    case 'end': {
      if (!OUTCOMES.has(value.outcome)) break;
      const end: Of<'end'> = { type: 'end', taskId, at, outcome: value.outcome as Of<'end'>['outcome'] };
      optional(end, value, 'statusCode', context, readStatusCode);
      optional(end, value, 'responseSize', context, readSize);
      optional(end, value, 'responsePreview', context, readLongText);
      optional(end, value, 'tempFilePath', context, readLongText);
      optional(end, value, 'offline', context, readBoolean);
      event = end;
      break;
    }
    case 'callback': {
      const arg = readArg(value.arg, context);
      if (!CALLBACK_NAMES.has(value.name) || arg === undefined) break;
      event = { type: 'callback', taskId, at, name: value.name as Of<'callback'>['name'], arg: arg.arg };
      break;
    }
    case 'app':
      if (APP_ACTIONS.has(value.action))
        event = { type: 'app', taskId, at, action: value.action as Of<'app'>['action'] };
      break;
    case 'file': {
      const url = readText(value.url);
      if (url !== undefined && typeof value.ok === 'boolean') event = { type: 'file', taskId, at, url, ok: value.ok };
      break;
    }
    case 'body': {
      const size = readSize(value.size);
      if (size !== undefined && typeof value.held === 'boolean') {
        event = { type: 'body', taskId, at, held: value.held, size };
      }
      break;
    }
    case 'condition': {
      const condition = readCondition(value.condition);
      if (condition !== undefined) event = { type: 'condition', taskId, at, condition };
      break;
    }
    case 'timing': {
      const timing = readResourceTiming(value.timing);
      if (timing !== undefined) event = { type: 'timing', taskId, at, timing };
      break;
    }
    case 'suspend':
      if (value.reason === 'bfcache') event = { type: 'suspend', taskId, at, reason: 'bfcache' };
      break;
    case 'resume':
      event = { type: 'resume', taskId, at };
      break;
    case 'devtools':
      if (value.action === 'abort') event = { type: 'devtools', taskId, at, action: 'abort' };
      else if (value.action === 'replay' && isId(value.replayId)) {
        event = { type: 'devtools', taskId, at, action: 'replay', replayId: value.replayId };
      }
      break;
  }
  return context.bad ? null : event;
}

const readSuspended: Reader<TaskRecord['suspended']> = (raw) => {
  if (!isObject(raw) || raw.reason !== 'bfcache') return undefined;
  const at = readTime(raw.at);
  return at === undefined ? undefined : { reason: 'bfcache', at };
};

/** The browser's phases of a request: times in order (an out-of-order one is left out), a short protocol name. */
function readResourceTiming(value: unknown): ResourceTiming | undefined {
  if (!isObject(value)) return undefined;
  const start = readTime(value.start);
  const end = readTime(value.end);
  if (start === undefined || end === undefined || end < start) return undefined;
  const timing: ResourceTiming = { start, end };
  let last = start;
  for (const key of RESOURCE_TIMING_KEYS) {
    const time = readTime(value[key]);
    if (time === undefined || time < last || time > end) continue;
    timing[key] = time;
    last = time;
  }
  const protocol = readText(value.protocol, MAX_NAME);
  if (protocol !== undefined) timing.protocol = protocol;
  const transferSize = readSize(value.transferSize);
  if (transferSize !== undefined) timing.transferSize = transferSize;
  return timing;
}

const EFFECTS = new Set<unknown>(['throttle', 'fail', 'stall', 'status', 'offline']);

/** A network condition a task says was applied to it (page-reachable data: bounded text only). */
function readCondition(value: unknown): AppliedCondition | undefined {
  if (!isObject(value) || !EFFECTS.has(value.effect)) return undefined;
  const ruleId = readText(value.ruleId, MAX_NAME);
  const detail = readText(value.detail, MAX_NAME);
  if (ruleId === undefined || detail === undefined) return undefined;
  return { ruleId, effect: value.effect as AppliedCondition['effect'], detail };
}
