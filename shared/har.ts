// HAR 1.2 export of uni transfer tasks (http://www.softwareishard.com/blog/har-12-spec/), pure and deterministic:
// the same records give the same JSON. Every entry also carries `_uniTask`, what only this extension knows (the
// uni call, callbacks, progress series, …), so that our own HARs import back with full fidelity
// (shared/har-import.ts). Times in `_uniTask` are relative to the task's creation (`startedAt`, exact ms).

import type { Diagnosis } from './diagnosis';
import { exportDiagnoses } from './diagnosis-read';
import { exportArg, exportCall } from './har-call';
import { taskPhases } from './phases';
import { REDACTED, redactHeaders, redactUrl } from './redact';
import { type AppliedCondition, type BodyPart, type CallInfo, headerValue, type TaskRecord } from './task-model';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarParam {
  name: string;
  value?: string;
  fileName?: string;
  contentType?: string;
  /** A file part's size in bytes (a custom field: HAR params have none). */
  _fileSize?: number;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  /** Includes ssl, as HAR 1.2 says. */
  connect: number;
  ssl?: number;
  send: number;
  wait: number;
  receive: number;
}

/** What only this extension knows about a task, times relative to `startedAt`. */
export interface HarUniTask {
  id: string;
  kind: TaskRecord['kind'];
  origin: TaskRecord['origin'];
  status: TaskRecord['status'];
  errMsg?: string;
  probes: TaskRecord['probes'];
  /** The XHR's method; absent when the XHR never opened (request.method then says what uni would use). */
  method?: string;
  call?: CallInfo;
  bytes: number;
  total: number | null;
  progressEvents: number;
  progress: [number, number, number | null][];
  callbacks: { at: number; name: string; arg: unknown }[];
  appActions: { at: number; action: string }[];
  abortedBy?: TaskRecord['abortedBy'];
  replayOf?: string;
  replays?: string[];
  responseSize?: number;
  tempFilePath?: string;
  bodyHeld?: boolean;
  devtoolsAbortAt?: number;
  /** times.created, exactly (startedDateTime has whole milliseconds only). */
  startedAt: number;
  times: Partial<Record<keyof TaskRecord['times'], number>>;
  /** The app's stack at the call. */
  initiator?: string;
  /** The network condition a rule applied (shared/conditions.ts): rule id, effect, what was simulated. */
  condition?: AppliedCondition;
  /** Why it failed or looks suspect (shared/diagnosis.ts), as the panel showed it; absent when nothing was found. */
  diagnosis?: Diagnosis[];
  /** The browser's Resource Timing of the request, times relative to `startedAt` like `times`. */
  resourceTiming?: Record<string, number | string>;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: never[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; params: HarParam[]; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: never[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: HarTimings;
  _uniTask: HarUniTask;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: never[];
    entries: HarEntry[];
  };
}

export interface HarExportOptions {
  /** Keep credential-like headers, URL parameters and user info (off: '[redacted]', shared/redact.ts). */
  keepSensitive: boolean;
  creatorVersion: string;
  /**
   * The diagnosis of each task, by position (the panel's, panel/diagnosis-view.ts: it knows the page's runtime and
   * keeps an imported task's own); none is written without it.
   */
  diagnoses?: readonly (readonly Diagnosis[] | undefined)[];
}

export const HAR_CREATOR = 'uni Transfer DevTools';
export { REDACTED };

const toNameValues = (headers: Record<string, string> | undefined): HarNameValue[] =>
  Object.entries(headers ?? {}).map(([name, value]) => ({ name, value: String(value) }));

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function toParams(body: BodyPart[]): HarParam[] {
  return body.map((part) =>
    part.file
      ? { name: part.name, fileName: part.file.name, contentType: part.file.type, _fileSize: part.file.size }
      : { name: part.name, value: part.value ?? '' },
  );
}

/** The last moment the record knows of: a running task's phases end there (not at the wall clock: deterministic). */
function lastKnown(task: TaskRecord): number {
  let last = task.times.created;
  for (const value of Object.values(task.times)) if (typeof value === 'number' && value > last) last = value;
  for (const [at] of task.progress) if (at > last) last = at;
  return last;
}

/** Milliseconds to three decimals (the page's clock has microseconds at best), never negative. */
const ms = (value: number) => Math.max(0, Math.round(value * 1000) / 1000);

export function harTimings(task: TaskRecord): HarTimings {
  const durations = { preparing: 0, redirect: 0, dns: 0, connect: 0, tls: 0, sending: 0, waiting: 0, receiving: 0 };
  for (const phase of taskPhases(task, lastKnown(task))) durations[phase.name] += phase.end - phase.start;
  // dns/connect/ssl are known only from the browser's Resource Timing (-1: not known, as HAR 1.2 says).
  const browser = task.resourceTiming?.requestStart !== undefined;
  return {
    blocked: ms(durations.preparing + durations.redirect),
    dns: browser ? ms(durations.dns) : -1,
    connect: browser ? ms(durations.connect + durations.tls) : -1,
    ...(browser && task.resourceTiming?.tlsStart !== undefined ? { ssl: ms(durations.tls) } : {}),
    send: ms(durations.sending),
    wait: ms(durations.waiting),
    receive: ms(durations.receiving),
  };
}

/** HAR `time`: the sum of the timings that apply (not -1). */
export function harTime(timings: HarTimings): number {
  let sum = 0;
  for (const value of [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive]) {
    if (value !== -1) sum += value;
  }
  return ms(sum);
}

/** Leaves out undefined values, so the JSON has a key exactly when the record had the field. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

function uniTask(task: TaskRecord, keep: boolean, diagnosis: readonly Diagnosis[] | undefined): HarUniTask {
  const created = task.times.created;
  const relative = (at: number) => at - created;
  const times = Object.fromEntries(
    Object.entries(task.times)
      .filter(([, value]) => typeof value === 'number')
      .map(([name, value]) => [name, relative(value as number)]),
  );
  return compact<HarUniTask>({
    id: task.id,
    kind: task.kind,
    origin: task.origin,
    status: task.status,
    errMsg: task.errMsg,
    probes: [...task.probes],
    method: task.method,
    call: exportCall(task.call, keep),
    bytes: task.bytes,
    total: task.total,
    progressEvents: task.progressEvents,
    progress: task.progress.map(([at, loaded, total]) => [relative(at), loaded, total]),
    callbacks: task.callbacks.map((callback) => ({
      at: relative(callback.at),
      name: callback.name,
      arg: exportArg(callback.arg, keep),
    })),
    appActions: task.appActions.map((action) => ({ at: relative(action.at), action: action.action })),
    abortedBy: task.abortedBy,
    replayOf: task.replayOf,
    replays: task.replays ? [...task.replays] : undefined,
    responseSize: task.responseSize,
    tempFilePath: task.tempFilePath,
    bodyHeld: task.bodyHeld,
    devtoolsAbortAt: task.devtoolsAbortAt === undefined ? undefined : relative(task.devtoolsAbortAt),
    startedAt: created,
    times,
    initiator: task.stack,
    condition: task.condition ? { ...task.condition } : undefined,
    diagnosis: diagnosis && diagnosis.length > 0 ? exportDiagnoses(diagnosis, keep) : undefined,
    resourceTiming: task.resourceTiming
      ? Object.fromEntries(
          Object.entries(task.resourceTiming).map(([key, value]) => [
            key,
            typeof value === 'number' && key !== 'transferSize' ? relative(value) : value,
          ]),
        )
      : undefined,
  });
}

function isoDate(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

export function taskToHarEntry(task: TaskRecord, keepSensitive: boolean, diagnosis?: readonly Diagnosis[]): HarEntry {
  const requestHeaders = redactHeaders(task.requestHeaders, keepSensitive);
  const responseHeaders = redactHeaders(task.responseHeaders, keepSensitive);
  const url = keepSensitive ? task.url : redactUrl(task.url);
  const timings = harTimings(task);
  const upload = task.kind === 'upload';
  const responseBytes = task.responseSize ?? (upload ? undefined : task.bytes);
  const content = compact({
    size: responseBytes ?? 0,
    mimeType: headerValue(task.responseHeaders, 'content-type') ?? '',
    text: task.responsePreview,
  });
  return {
    startedDateTime: isoDate(task.times.created),
    time: harTime(timings),
    request: compact({
      method: task.method ?? (upload ? 'POST' : 'GET'),
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: toNameValues(requestHeaders),
      queryString: queryString(url),
      postData: task.body ? { mimeType: 'multipart/form-data', params: toParams(task.body), text: '' } : undefined,
      headersSize: -1 as const,
      bodySize: upload ? (task.total ?? task.bytes) : 0,
    }),
    response: {
      status: task.statusCode ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: toNameValues(responseHeaders),
      content,
      redirectURL: '',
      headersSize: -1,
      bodySize: responseBytes ?? -1,
    },
    cache: {},
    timings,
    _uniTask: uniTask(task, keepSensitive, diagnosis),
  };
}

export function tasksToHar(tasks: TaskRecord[], options: HarExportOptions): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: HAR_CREATOR, version: options.creatorVersion },
      pages: [],
      entries: tasks.map((task, index) => taskToHarEntry(task, options.keepSensitive, options.diagnoses?.[index])),
    },
  };
}
