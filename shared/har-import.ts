// HAR import: a HAR file's text → task records for the panel (offline viewing). The file is untrusted: every field
// is type-checked before it becomes part of a record, limits bound the work, and harToTasks never throws.
//   - Our own HARs (entries with `_uniTask`, shared/har.ts) come back with the fidelity the export keeps.
//   - The browser's HARs (Chromium "Save all as HAR", Firefox): XHR/fetch entries (all entries when the HAR has no
//     `_resourceType`); a multipart/form-data POST is an upload, a GET a download, anything else is skipped.

import { isTaskRecord } from './guards';
import {
  type AppAction,
  type BodyPart,
  type CallbackName,
  type CallInfo,
  MAX_PROGRESS_POINTS,
  type Probe,
  type TaskKind,
  type TaskRecord,
  type TaskStatus,
} from './task-model';

export type HarImportErrorCode = 'too-large' | 'not-json' | 'not-har' | 'no-transfers' | 'too-many';

export interface HarImportError {
  code: HarImportErrorCode;
  /** For developers and logs (English); the panel words each code itself. */
  detail: string;
}

export type HarImportResult = { ok: true; tasks: TaskRecord[]; skipped: number } | { ok: false; error: HarImportError };

/** Text longer than this (in UTF-16 code units, about bytes for a HAR) is refused before parsing. */
export const MAX_HAR_CHARS = 100 * 1024 * 1024;
export const MAX_HAR_ENTRIES = 50_000;
const MAX_ID = 64;
const MAX_CALLBACKS = 1000;
const MAX_APP_ACTIONS = 10_000;
const MAX_PARTS = 1000;
const MAX_STACK_FRAMES = 50;
/** Callback arguments deeper than this (a crafted file) are dropped: the panel renders them as a tree. */
const MAX_ARG_DEPTH = 32;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const optionalNumber = (value: unknown): number | undefined => (isFiniteNumber(value) ? value : undefined);
const KINDS = new Set<unknown>(['upload', 'download']);
const STATUSES = new Set<unknown>(['pending', 'running', 'success', 'fail', 'abort']);
const CALLBACKS = new Set<unknown>(['success', 'fail', 'complete']);
const APP_ACTIONS = new Set<unknown>(['onProgressUpdate', 'offProgressUpdate', 'abort']);
const ABORTED_BY = new Set<unknown>(['app', 'timeout', 'devtools']);
const TIME_KEYS = ['fileResolved', 'open', 'send', 'headers', 'end'] as const;

function error(code: HarImportErrorCode, detail: string): HarImportResult {
  return { ok: false, error: { code, detail } };
}

export function harToTasks(text: string): HarImportResult {
  try {
    return importHar(text);
  } catch (caught) {
    // Not expected (every step checks types), but an import must never take the panel down.
    return error('not-har', `unreadable HAR: ${String(caught)}`);
  }
}

function importHar(text: unknown): HarImportResult {
  if (typeof text !== 'string') return error('not-json', 'not text');
  if (text.length > MAX_HAR_CHARS) return error('too-large', `${text.length} characters, more than ${MAX_HAR_CHARS}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (caught) {
    return error('not-json', caught instanceof Error ? caught.message : String(caught));
  }
  if (!isObject(parsed) || !isObject(parsed.log) || !Array.isArray(parsed.log.entries)) {
    return error('not-har', 'no log.entries array');
  }
  const entries: unknown[] = parsed.log.entries;
  if (entries.length > MAX_HAR_ENTRIES) {
    return error('too-many', `${entries.length} entries, more than ${MAX_HAR_ENTRIES}`);
  }
  const tasks: TaskRecord[] = [];
  const ids = new Set<string>();
  let skipped = 0;
  entries.forEach((entry, index) => {
    const record = isObject(entry) ? entryToTask(entry, index) : undefined;
    if (record === undefined || !isTaskRecord(record)) {
      skipped += 1;
      return;
    }
    record.id = uniqueId(record.id, ids);
    tasks.push(record);
  });
  if (tasks.length === 0) return error('no-transfers', `no upload or download among ${entries.length} entries`);
  return { ok: true, tasks, skipped };
}

/** Ids are keys in the panel: a repeated one (two files merged, or a crafted file) gets a suffix. */
function uniqueId(id: string, ids: Set<string>): string {
  let candidate = id;
  for (let n = 2; ids.has(candidate); n++) candidate = `${id.slice(0, MAX_ID - 8)}~${n}`;
  ids.add(candidate);
  return candidate;
}

function entryToTask(entry: Json, index: number): TaskRecord | undefined {
  const request = isObject(entry.request) ? entry.request : undefined;
  const response = isObject(entry.response) ? entry.response : {};
  if (request === undefined || typeof request.url !== 'string' || request.url.length === 0) return undefined;
  if (isObject(entry._uniTask)) {
    const own = ownEntryToTask(entry, entry._uniTask, request, response);
    if (own !== undefined) return own;
  }
  return browserEntryToTask(entry, request, response, index);
}

// ————— shared pieces —————

function headerMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!Array.isArray(value)) return map;
  for (const header of value) {
    if (!isObject(header) || typeof header.name !== 'string' || typeof header.value !== 'string') continue;
    // HTTP/2 pseudo-headers (:authority, :path, …) in the browser's HARs were never the app's.
    if (header.name.startsWith(':') || header.name === '__proto__') continue;
    map[header.name] = Object.hasOwn(map, header.name) ? `${map[header.name]}, ${header.value}` : header.value;
  }
  return map;
}

function paramsToBody(params: unknown[]): BodyPart[] {
  const parts: BodyPart[] = [];
  for (const param of params.slice(0, MAX_PARTS)) {
    if (!isObject(param) || typeof param.name !== 'string') continue;
    if (typeof param.fileName === 'string') {
      const size = isFiniteNumber(param._fileSize) && param._fileSize >= 0 ? param._fileSize : 0;
      parts.push({
        name: param.name,
        file: { name: param.fileName, size, type: optionalString(param.contentType) ?? '' },
      });
    } else {
      parts.push({ name: param.name, value: optionalString(param.value) ?? '' });
    }
  }
  return parts;
}

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

// ————— our own entries —————

function ownEntryToTask(entry: Json, uni: Json, request: Json, response: Json): TaskRecord | undefined {
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

function withoutUndefined(record: TaskRecord): TaskRecord {
  for (const key of Object.keys(record) as (keyof TaskRecord)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

// ————— the browser's entries —————

const timing = (timings: Json, name: string) => {
  const value = timings[name];
  return isFiniteNumber(value) && value > 0 ? value : 0;
};

function boundaryOf(mimeType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(mimeType);
  return match?.[1] ?? match?.[2];
}

/** The parts of a multipart body as text (Chromium and Firefox give the body, not params, for multipart). */
function multipartParams(text: string, mimeType: string): unknown[] {
  const boundary = boundaryOf(mimeType);
  if (!boundary) return [];
  const params: unknown[] = [];
  const chunks = text.split(`--${boundary}`).slice(1, MAX_PARTS + 1);
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(part);
    const head = split ? part.slice(0, split.index) : part;
    const body = split ? part.slice(split.index + split[0].length).replace(/\r?\n$/, '') : '';
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const fileName = /\bfilename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
    params.push(
      fileName === undefined
        ? { name, value: body }
        : { name, fileName, contentType: contentType ?? '', _fileSize: body.length },
    );
  }
  return params;
}

/** Chromium's `_initiator.stack` as a V8-style stack string. */
function initiatorStack(initiator: unknown): string | undefined {
  if (!isObject(initiator) || !isObject(initiator.stack) || !Array.isArray(initiator.stack.callFrames)) {
    return undefined;
  }
  const lines: string[] = [];
  for (const frame of initiator.stack.callFrames.slice(0, MAX_STACK_FRAMES)) {
    if (!isObject(frame) || typeof frame.url !== 'string') continue;
    const line = isFiniteNumber(frame.lineNumber) ? frame.lineNumber + 1 : 0;
    const column = isFiniteNumber(frame.columnNumber) ? frame.columnNumber + 1 : 0;
    const where = `${frame.url}:${line}:${column}`;
    const name = typeof frame.functionName === 'string' && frame.functionName ? frame.functionName : '';
    lines.push(name ? `    at ${name} (${where})` : `    at ${where}`);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function browserEntryToTask(entry: Json, request: Json, response: Json, index: number): TaskRecord | undefined {
  if (typeof entry._resourceType === 'string' && !['xhr', 'fetch'].includes(entry._resourceType.toLowerCase())) {
    return undefined;
  }
  const method = typeof request.method === 'string' ? request.method.toUpperCase() : '';
  const postData = isObject(request.postData) ? request.postData : undefined;
  const postMime = typeof postData?.mimeType === 'string' ? postData.mimeType : '';
  let kind: TaskKind;
  if (method === 'POST' && /^multipart\/form-data\b/i.test(postMime)) kind = 'upload';
  else if (method === 'GET') kind = 'download';
  else return undefined;
  const created = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : Number.NaN;
  if (!Number.isFinite(created)) return undefined;
  const timings = isObject(entry.timings) ? entry.timings : {};
  const open = created + timing(timings, 'blocked') + timing(timings, 'dns') + timing(timings, 'connect');
  const send = open + timing(timings, 'send');
  const status = isFiniteNumber(response.status) && response.status > 0 ? response.status : undefined;
  const headersAt = send + timing(timings, 'wait');
  const end = status === undefined ? headersAt : headersAt + timing(timings, 'receive');
  const content = isObject(response.content) ? response.content : {};
  const api = kind === 'upload' ? 'uploadFile' : 'downloadFile';
  let body: BodyPart[] | undefined;
  if (kind === 'upload') {
    const params =
      Array.isArray(postData?.params) && postData.params.length > 0
        ? postData.params
        : typeof postData?.text === 'string'
          ? multipartParams(postData.text, postMime)
          : [];
    body = paramsToBody(params);
  }
  const requestSize = isFiniteNumber(request.bodySize) && request.bodySize > 0 ? request.bodySize : 0;
  const contentSize = isFiniteNumber(content.size) && content.size > 0 ? content.size : undefined;
  const responseBody = isFiniteNumber(response.bodySize) && response.bodySize > 0 ? response.bodySize : undefined;
  const received = contentSize ?? responseBody ?? 0;
  const bytes = kind === 'upload' ? requestSize : received;
  const textual = typeof content.text === 'string' && content.encoding === undefined;
  const record: TaskRecord = {
    id: `har-${index + 1}`,
    kind,
    origin: 'app',
    probes: ['xhr'],
    url: request.url as string,
    method,
    stack: initiatorStack(entry._initiator),
    status: status === undefined ? 'fail' : 'success',
    statusCode: status,
    errMsg: status === undefined ? `${api}:fail` : `${api}:ok`,
    bytes,
    total: status === undefined ? null : bytes,
    progressEvents: 0,
    requestHeaders: headerMap(request.headers),
    responseHeaders: status === undefined ? undefined : headerMap(response.headers),
    body,
    responseSize: kind === 'upload' && status !== undefined ? received : undefined,
    responsePreview: kind === 'upload' && textual ? (content.text as string) : undefined,
    progress: [],
    callbacks: [],
    appActions: [],
    times: { created, open, send, ...(status === undefined ? {} : { headers: headersAt }), end },
  };
  return withoutUndefined(record);
}
