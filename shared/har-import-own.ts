// HAR import of our own entries (those with `_uniTask`, written by shared/har.ts): they come back with the fidelity
// the export keeps. Times in `_uniTask` are relative to the task's creation.

import { isFiniteNumber, isId, isObject } from './checks';
import {
  headerMap,
  type Json,
  MAX_PARTS,
  optionalNumber,
  optionalString,
  paramsToBody,
  withoutUndefined,
} from './har-read';
import {
  type AppAction,
  type CallbackName,
  type CallInfo,
  MAX_PROGRESS_POINTS,
  type Probe,
  type TaskKind,
  type TaskRecord,
  type TaskStatus,
} from './task-model';

const MAX_CALLBACKS = 1000;
const MAX_APP_ACTIONS = 10_000;
/** Callback arguments deeper than this (a crafted file) are dropped: the panel renders them as a tree. */
const MAX_ARG_DEPTH = 32;

const KINDS = new Set<unknown>(['upload', 'download']);
const STATUSES = new Set<unknown>(['pending', 'running', 'success', 'fail', 'abort']);
const CALLBACKS = new Set<unknown>(['success', 'fail', 'complete']);
const APP_ACTIONS = new Set<unknown>(['onProgressUpdate', 'offProgressUpdate', 'abort']);
const ABORTED_BY = new Set<unknown>(['app', 'timeout', 'devtools']);
const TIME_KEYS = ['fileResolved', 'open', 'send', 'headers', 'end'] as const;

/** A JSON value as the panel may render it: plain data, not deeper than MAX_ARG_DEPTH; else null. */
function safeArg(value: unknown, depth = 0): unknown {
  if (depth > MAX_ARG_DEPTH) throw new RangeError('too deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((item) => safeArg(item, depth + 1));
  if (isObject(value)) {
    const copy: Json = {};
    for (const [key, item] of Object.entries(value)) {
      if (key !== '__proto__') copy[key] = safeArg(item, depth + 1);
    }
    return copy;
  }
  return null;
}

function safeArgOrNull(value: unknown): unknown {
  try {
    return safeArg(value);
  } catch {
    return null;
  }
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' && key !== '__proto__') map[key] = item;
  }
  return map;
}

function callInfo(value: unknown): CallInfo | undefined {
  if (!isObject(value) || typeof value.url !== 'string') return undefined;
  if (value.mode !== 'callback' && value.mode !== 'promise') return undefined;
  const call: CallInfo = { url: value.url, mode: value.mode };
  if (typeof value.name === 'string') call.name = value.name;
  if (typeof value.filePath === 'string') call.filePath = value.filePath;
  if (Array.isArray(value.files)) {
    call.files = value.files
      .slice(0, MAX_PARTS)
      .filter(isObject)
      .map((file) => {
        const item: { name?: string; uri?: string } = {};
        if (typeof file.name === 'string') item.name = file.name;
        if (typeof file.uri === 'string') item.uri = file.uri;
        return item;
      });
  }
  const formData = stringMap(value.formData);
  if (formData) call.formData = formData;
  const header = stringMap(value.header);
  if (header) call.header = header;
  if (isFiniteNumber(value.timeout)) call.timeout = value.timeout;
  return call;
}

export function ownEntryToTask(entry: Json, uni: Json, request: Json, response: Json): TaskRecord | undefined {
  if (!isId(uni.id) || !KINDS.has(uni.kind) || !STATUSES.has(uni.status)) return undefined;
  if (uni.origin !== 'app' && uni.origin !== 'replay') return undefined;
  const created = isFiniteNumber(uni.startedAt) ? uni.startedAt : Date.parse(String(entry.startedDateTime));
  if (!Number.isFinite(created)) return undefined;
  const at = (relative: number) => created + relative;
  const relativeTimes = isObject(uni.times) ? uni.times : {};
  const times: TaskRecord['times'] = { created };
  for (const key of TIME_KEYS) {
    const value = relativeTimes[key];
    if (isFiniteNumber(value)) times[key] = at(value);
  }
  const probes = Array.isArray(uni.probes)
    ? [...new Set(uni.probes.filter((probe): probe is Probe => probe === 'uni' || probe === 'xhr'))]
    : [];
  const progress: TaskRecord['progress'] = [];
  if (Array.isArray(uni.progress)) {
    for (const point of uni.progress.slice(0, MAX_PROGRESS_POINTS)) {
      if (!Array.isArray(point) || !isFiniteNumber(point[0]) || !isFiniteNumber(point[1])) continue;
      progress.push([at(point[0]), point[1], isFiniteNumber(point[2]) ? point[2] : null]);
    }
  }
  const callbacks: TaskRecord['callbacks'] = [];
  if (Array.isArray(uni.callbacks)) {
    for (const callback of uni.callbacks.slice(0, MAX_CALLBACKS)) {
      if (!isObject(callback) || !isFiniteNumber(callback.at) || !CALLBACKS.has(callback.name)) continue;
      callbacks.push({ at: at(callback.at), name: callback.name as CallbackName, arg: safeArgOrNull(callback.arg) });
    }
  }
  const appActions: TaskRecord['appActions'] = [];
  if (Array.isArray(uni.appActions)) {
    for (const action of uni.appActions.slice(0, MAX_APP_ACTIONS)) {
      if (!isObject(action) || !isFiniteNumber(action.at) || !APP_ACTIONS.has(action.action)) continue;
      appActions.push({ at: at(action.at), action: action.action as AppAction });
    }
  }
  const postData = isObject(request.postData) ? request.postData : undefined;
  const content = isObject(response.content) ? response.content : {};
  const statusCode = isFiniteNumber(response.status) && response.status > 0 ? response.status : undefined;
  const replays = Array.isArray(uni.replays) ? uni.replays.filter(isId) : undefined;
  const record: TaskRecord = {
    id: uni.id,
    kind: uni.kind as TaskKind,
    origin: uni.origin,
    probes: probes.length > 0 ? probes : ['xhr'],
    url: request.url as string,
    method: optionalString(uni.method),
    call: callInfo(uni.call),
    stack: optionalString(uni.initiator),
    status: uni.status as TaskStatus,
    statusCode,
    errMsg: optionalString(uni.errMsg),
    bytes: optionalNumber(uni.bytes) ?? 0,
    total: optionalNumber(uni.total) ?? null,
    progressEvents: optionalNumber(uni.progressEvents) ?? progress.length,
    // The export writes headers for every task; the record had them once the XHR was sent / answered.
    requestHeaders: times.send !== undefined ? headerMap(request.headers) : undefined,
    responseHeaders: times.headers !== undefined ? headerMap(response.headers) : undefined,
    body: postData && Array.isArray(postData.params) ? paramsToBody(postData.params) : undefined,
    responseSize: optionalNumber(uni.responseSize),
    responsePreview: optionalString(content.text),
    tempFilePath: optionalString(uni.tempFilePath),
    progress,
    callbacks,
    appActions,
    abortedBy: ABORTED_BY.has(uni.abortedBy) ? (uni.abortedBy as TaskRecord['abortedBy']) : undefined,
    bodyHeld: typeof uni.bodyHeld === 'boolean' ? uni.bodyHeld : undefined,
    replayOf: isId(uni.replayOf) ? uni.replayOf : undefined,
    replays: replays && replays.length > 0 ? replays : undefined,
    devtoolsAbortAt: isFiniteNumber(uni.devtoolsAbortAt) ? at(uni.devtoolsAbortAt) : undefined,
    times,
  };
  return withoutUndefined(record);
}
