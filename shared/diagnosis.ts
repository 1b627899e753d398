// Why a transfer failed, in uni's terms, from the evidence a task record holds (issue 18, first step: the causes the
// agent's record alone can prove; the panel's and the browser's network records come next). Pure: computed where
// it is shown (panel, viewer, HAR export), never in the page, so it costs nothing while nobody looks.
//
// Each cause names its evidence as figures; `certainty` is `likely` where the record cannot tell two causes apart
// (a bare `uploadFile:fail` to another origin is CORS or an unreachable server: both are named). A healthy task has
// no diagnosis.

import { dropsBody, type NetworkEvidence, networkVerdict } from './diagnosis-network';
import type { NetworkTimeout, RuntimeInfo } from './protocol';
import { headerValue, type TaskRecord } from './task-model';

export type CauseId =
  | 'uni-timeout'
  | 'http-error'
  | 'payload-too-large'
  | 'cors'
  | 'forbidden-header'
  | 'content-type-override'
  | 'empty-file'
  | 'file-unreadable'
  | 'no-content-length'
  | 'redirect-dropped-body'
  | 'offline'
  | 'unreachable'
  | 'connection-lost'
  | 'aborted-by-app'
  | 'aborted-by-unload'
  | 'aborted-by-devtools'
  | 'condition';

export type Evidence = Record<string, string | number | boolean | null>;

export interface Diagnosis {
  cause: CauseId;
  certainty: 'certain' | 'likely';
  /** Figures that prove it, by name (the panel words them per language). */
  evidence: Evidence;
}

export interface DiagnosisContext {
  /** The inspected page's origin (cross-origin requests need CORS). */
  pageOrigin?: string;
  /** `__uniConfig.networkTimeout`, and the Vue version that decides which of its keys a download uses. */
  networkTimeout?: NetworkTimeout;
  vue?: 2 | 3;
  /** The browser's own record of this task's request (DevTools only: shared/diagnosis-network.ts). */
  network?: NetworkEvidence;
  /**
   * The record's requestHeaders are those the browser sent (a HAR of another tool: Cookie, Referer… added by the
   * browser), not those uni asked the XHR for (the agent's record): they then say nothing of forbidden headers.
   */
  headersAsSent?: boolean;
}

/** What the page's runtime tells the diagnosis (the page a task ran in; absent for an imported HAR). */
export function contextFromRuntime(runtime: RuntimeInfo | null | undefined): DiagnosisContext {
  if (!runtime) return {};
  const context: DiagnosisContext = {};
  const origin = originOf(runtime.url);
  if (origin !== null && origin !== 'null') context.pageOrigin = origin;
  if (runtime.networkTimeout) context.networkTimeout = runtime.networkTimeout;
  if (runtime.vue) context.vue = runtime.vue;
  return context;
}

/** uni's default when neither the call nor `__uniConfig.networkTimeout` sets one (uni-h5.es.js, networkTimeout). */
export const UNI_DEFAULT_TIMEOUT_MS = 60000;

/**
 * Which timer uni armed for this task, and where it was set: the call's `timeout`, else
 * `__uniConfig.networkTimeout.uploadFile` / `.downloadFile` (Vue 3), `.request` for a Vue 2 download
 * (uni-h5.es.js uploadFile ~21296, downloadFile ~21196; Vue 2 platforms/h5/service/api/network/download-file.js).
 */
export function uniTimeout(task: TaskRecord, context: DiagnosisContext): { timeoutMs: number; setBy: string } {
  const own = task.call?.timeout;
  if (typeof own === 'number' && own > 0) return { timeoutMs: own, setBy: 'call' };
  const key = task.kind === 'upload' ? 'uploadFile' : context.vue === 2 ? 'request' : 'downloadFile';
  const configured = context.networkTimeout?.[key];
  if (configured !== undefined) return { timeoutMs: configured, setBy: `__uniConfig.networkTimeout.${key}` };
  return { timeoutMs: UNI_DEFAULT_TIMEOUT_MS, setBy: 'default' };
}

/**
 * The timer as evidence, checked against the time it took. A configured value the elapsed time contradicts (the
 * app changed `networkTimeout` after the page loaded, when the agent read it) is not claimed. Without the call
 * (a build with no global uni: the XHR alone was seen), its `timeout` is unknown: the configured timer is named
 * only when the elapsed time matches it, else `setBy: 'unseen'` (the call's timeout, or a changed configuration).
 */
function timerEvidence(task: TaskRecord, context: DiagnosisContext, elapsed: number | null): Evidence {
  const timer = uniTimeout(task, context);
  if (timer.setBy === 'call' || elapsed === null) return timer;
  const matches = elapsed >= timer.timeoutMs * 0.9 && elapsed <= timer.timeoutMs * 1.1 + 2000;
  if (matches) return timer;
  return { timeoutMs: null, setBy: task.call ? timer.setBy : 'unseen' };
}

/**
 * Request headers a page cannot set: XHR's setRequestHeader drops them (Fetch "forbidden request-header" list;
 * `Proxy-`/`Sec-` prefixes too). uni passes the app's `header` to setRequestHeader one by one.
 */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

export function isForbiddenHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** How long before the cut a progress event still counts as "bytes were still moving". */
const STILL_MOVING_MS = 1000;
const PREVIEW_CHARS = 120;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The causes of this task's outcome, most telling first; [] for a task that went as intended. */
export function diagnose(task: TaskRecord, context: DiagnosisContext = {}): Diagnosis[] {
  const found: Diagnosis[] = [];
  const add = (cause: CauseId, evidence: Evidence, certainty: Diagnosis['certainty'] = 'certain') =>
    found.push({ cause, certainty, evidence });
  const elapsed = task.times.end === undefined ? null : Math.round(task.times.end - task.times.created);

  // A simulated fault is never mistaken for a real one: with a condition applied, it is the cause.
  if (task.condition && (task.status === 'fail' || task.status === 'abort' || (task.statusCode ?? 0) >= 400)) {
    add('condition', { rule: task.condition.ruleId, effect: task.condition.effect, detail: task.condition.detail });
    return found;
  }
  requestProblems(task, context, add);
  if (task.status === 'abort' || task.abortedBy) abortCause(task, context, elapsed, add);
  else if (task.status === 'success' && task.statusCode !== undefined && task.statusCode >= 400) {
    add(task.statusCode === 413 ? 'payload-too-large' : 'http-error', {
      status: task.statusCode,
      callback: task.callbacks.some((callback) => callback.name === 'success') ? 'success' : null,
      serverText: task.responsePreview?.slice(0, PREVIEW_CHARS) ?? null,
      bytesSent: task.kind === 'upload' ? task.bytes : null,
    });
  } else if (task.status === 'fail') networkCause(task, context, add);
  redirectCause(task, context.network, add);
  if (task.kind === 'download' && task.status === 'success' && task.bytes > 0 && !task.total) {
    add('no-content-length', {
      bytes: task.bytes,
      contentEncoding: header(task.responseHeaders, 'content-encoding'),
      transferEncoding: header(task.responseHeaders, 'transfer-encoding'),
    });
  }
  return found;
}

type Add = (cause: CauseId, evidence: Evidence, certainty?: Diagnosis['certainty']) => void;

const header = (headers: Record<string, string> | undefined, name: string): string | null =>
  headerValue(headers, name) ?? null;

/** What the app asked for that the browser or the server could not honour, whatever the outcome. */
function requestProblems(task: TaskRecord, context: DiagnosisContext, add: Add): void {
  // The call's header as written, and what uni asked the XHR to set (all that a build without global uni shows).
  const asked = { ...(context.headersAsSent ? {} : task.requestHeaders), ...task.call?.header };
  const dropped = uniqueNames(Object.keys(asked)).filter(isForbiddenHeader);
  if (dropped.length > 0) add('forbidden-header', { headers: dropped.join(', ') });
  const contentType = header(asked, 'content-type');
  if (task.kind === 'upload' && contentType !== null) {
    add('content-type-override', { contentType, boundary: /boundary=/i.test(contentType) });
  }
  for (const part of task.body ?? []) {
    if (part.file && part.file.size === 0) add('empty-file', { field: part.name, fileName: part.file.name });
  }
  if (task.errMsg?.endsWith(':fail file error')) add('file-unreadable', { filePath: task.call?.filePath ?? null });
}

/** Header names once each, whatever their case (the first spelling kept). */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return false;
    seen.add(lower);
    return true;
  });
}

function abortCause(task: TaskRecord, context: DiagnosisContext, elapsed: number | null, add: Add): void {
  const last = task.progress[task.progress.length - 1];
  const moving = last !== undefined && task.times.end !== undefined && task.times.end - last[0] <= STILL_MOVING_MS;
  switch (task.abortedBy) {
    case 'timeout':
      add('uni-timeout', {
        ...timerEvidence(task, context, elapsed),
        elapsedMs: elapsed,
        bytes: task.bytes,
        total: task.total,
        stillMoving: moving,
      });
      return;
    case 'app':
    case 'unload':
    case 'devtools':
      add(`aborted-by-${task.abortedBy}`, { elapsedMs: elapsed, bytes: task.bytes, total: task.total });
      return;
  }
}

/**
 * A 301/302/303 turns the upload's POST into a GET without the file; a 307/308 keeps it. The page sees only where
 * the answer came from (the XHR's responseURL), not the redirect's status: "likely", unless the browser's record
 * (DevTools) gives the status.
 */
function redirectCause(task: TaskRecord, network: NetworkEvidence | undefined, add: Add): void {
  if (task.kind !== 'upload' || task.responseUrl === undefined || task.responseUrl === task.url) return;
  const redirect = network && network.status >= 300 && network.status < 400 ? network.status : null;
  if (redirect !== null && !dropsBody(redirect)) return;
  const evidence = { url: task.url, responseUrl: task.responseUrl, status: task.statusCode ?? null };
  if (redirect === null) add('redirect-dropped-body', evidence, 'likely');
  else add('redirect-dropped-body', { ...evidence, redirectStatus: redirect });
}

/** A bare `…:fail` (XHR onerror): what the record can tell of where it broke. */
function networkCause(task: TaskRecord, context: DiagnosisContext, add: Add): void {
  if (task.errMsg?.endsWith(':fail file error')) return;
  const base = {
    url: task.url,
    elapsedMs: task.times.end === undefined ? null : Math.round(task.times.end - task.times.created),
  };
  // The browser itself said it had no network when the request failed (navigator.onLine, read by the agent).
  if (task.offline) {
    add('offline', { ...base, navigatorOnLine: false });
    return;
  }
  // Headers came, then the body broke off: the connection was lost mid-transfer.
  // (An XHR that failed without an answer also passes readyState 2 on its way to 4, with status 0: the agent's
  // headers event then carries no status, and no answer came.)
  if (task.statusCode !== undefined || (task.kind === 'download' && task.bytes > 0)) {
    const netError = context.network?.error;
    add('connection-lost', { ...base, bytes: task.bytes, total: task.total, ...(netError ? { netError } : {}) });
    return;
  }
  const requestOrigin = originOf(task.url);
  // In DevTools, the browser's record says which it was.
  const verdict = networkVerdict(context.network);
  if (verdict) {
    const origins: Evidence =
      verdict.cause === 'offline' || verdict.cause === 'connection-lost'
        ? { bytes: task.bytes, total: task.total }
        : { requestOrigin, pageOrigin: context.pageOrigin ?? null };
    add(verdict.cause, { ...base, ...origins, ...verdict.evidence });
    return;
  }
  // Without the page's origin (an imported HAR), a request to any origin may have been cross-origin.
  const crossOrigin = requestOrigin !== null && requestOrigin !== context.pageOrigin;
  if (crossOrigin) {
    // The browser hides a CORS refusal from the page: an unreachable server looks the same from here.
    add('cors', { ...base, requestOrigin, pageOrigin: context.pageOrigin ?? null, bytesSent: task.bytes }, 'likely');
    add('unreachable', { ...base, requestOrigin }, 'likely');
    return;
  }
  if (task.kind === 'upload' && task.bytes > 0 && (task.total === null || task.bytes < task.total)) {
    add('connection-lost', { ...base, bytes: task.bytes, total: task.total }, 'likely');
    return;
  }
  add('unreachable', { ...base, requestOrigin }, 'likely');
  add('offline', base, 'likely');
}
