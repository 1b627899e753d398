// The task model shared by the page agent (which owns the record) and the panel (which mirrors it).
// Both build a TaskRecord by folding TaskEvents with applyTaskEvent, so a snapshot (records) followed by
// live events (the same events) always yields the same state on both sides.

export type TaskKind = 'upload' | 'download';
export type TaskStatus = 'pending' | 'running' | 'success' | 'fail' | 'abort';
export type TaskOrigin = 'app' | 'replay';
export type Probe = 'uni' | 'xhr';
/** 'unload': the page went away with the task still in flight (the agent says so at pagehide). */
export type XhrOutcome = 'load' | 'error' | 'abort' | 'timeout' | 'unload';

/** A network condition applied to a task: the rule, its effect, and in words what the app was shown. */
export interface AppliedCondition {
  ruleId: string;
  effect: 'throttle' | 'fail' | 'stall' | 'status' | 'offline';
  /** One line: what was simulated and what the server saw (e.g. "upload paced at 50 kB/s; the server got the
   * whole body at full speed"). */
  detail: string;
}

/** The uni call as the app wrote it, reduced to JSON-safe values. */
export interface CallInfo {
  url: string;
  mode: 'callback' | 'promise';
  name?: string;
  filePath?: string;
  files?: { name?: string; uri?: string }[];
  formData?: Record<string, string>;
  header?: Record<string, string>;
  timeout?: number;
  /** The callbacks the app passed (callback mode), in uni's order; absent in records from before issue 17. */
  callbacks?: CallbackName[];
}

export interface BodyPart {
  name: string;
  value?: string;
  file?: { name: string; size: number; type: string };
}

export type TaskEvent =
  | {
      type: 'created';
      taskId: string;
      at: number;
      kind: TaskKind;
      origin: TaskOrigin;
      probe: Probe;
      url: string;
      call?: CallInfo;
      stack?: string;
      /** A replay from the panel: the task it replays. */
      replayOf?: string;
    }
  | { type: 'probe'; taskId: string; at: number; probe: Probe; call?: CallInfo }
  | { type: 'open'; taskId: string; at: number; method: string; url: string }
  | {
      type: 'send';
      taskId: string;
      at: number;
      requestHeaders: Record<string, string>;
      body?: BodyPart[];
    }
  | {
      type: 'headers';
      taskId: string;
      at: number;
      statusCode: number;
      responseHeaders: Record<string, string>;
      /** The XHR's responseURL when it differs from the URL opened: the browser followed a redirect. */
      responseUrl?: string;
    }
  | { type: 'progress'; taskId: string; at: number; loaded: number; total: number | null }
  | {
      type: 'end';
      taskId: string;
      at: number;
      outcome: XhrOutcome;
      statusCode?: number;
      responseSize?: number;
      /** Upload: the start of the response text; download: nothing (the blob stays in the page). */
      responsePreview?: string;
      /** Download: the blob: URL uni gave the app as tempFilePath. */
      tempFilePath?: string;
      /** A network error while the browser said it had no network (navigator.onLine false). */
      offline?: boolean;
    }
  /** A callback uni fired (success / fail / complete) with its argument, made JSON-safe. */
  | { type: 'callback'; taskId: string; at: number; name: CallbackName; arg: unknown }
  /** The app's own calls on its task object. */
  | { type: 'app'; taskId: string; at: number; action: AppAction }
  /**
   * uni resolving an upload's file (its own GET of filePath, uni-h5.es.js urlToFile ~7749), or finding none.
   * A failure means uni reports `uploadFile:fail file error`: the panel shows it even in promise mode, where
   * there is no callback to watch.
   */
  | { type: 'file'; taskId: string; at: number; url: string; ok: boolean }
  /** Whether the page agent still holds this task's bodies (upload files, downloaded blob) for replay. */
  | { type: 'body'; taskId: string; at: number; held: boolean; size: number }
  /** The panel acted on this task: a force-abort, or a replay started from it (replayId: the new task). */
  | { type: 'devtools'; taskId: string; at: number; action: 'abort' }
  | { type: 'devtools'; taskId: string; at: number; action: 'replay'; replayId: string }
  /** A network-condition rule (shared/conditions.ts) applied to this task, and what was simulated. */
  | { type: 'condition'; taskId: string; at: number; condition: AppliedCondition }
  /** The browser's Resource Timing entry for the task's request, read when the XHR ended. */
  | { type: 'timing'; taskId: string; at: number; timing: ResourceTiming }
  /**
   * The page went into the back/forward cache with this task in flight (pagehide, persisted): the task is frozen
   * with its page, neither running nor ended (issue 19). `resume`: the page came back (pageshow, persisted).
   */
  | { type: 'suspend'; taskId: string; at: number; reason: 'bfcache' }
  | { type: 'resume'; taskId: string; at: number };

/**
 * The browser's own phases of a task's request (its Resource Timing entry; issue 18), as ms since the epoch like
 * every time of a record. A phase the browser hides is absent: another origin without `Timing-Allow-Origin` and a
 * failed request give only `start` and `end`; a request on a reused connection has no dns/connect.
 */
export interface ResourceTiming {
  /** fetchStart of the first request (startTime). */
  start: number;
  /** responseEnd: the last byte, or the failure. */
  end: number;
  redirectEnd?: number;
  dnsStart?: number;
  dnsEnd?: number;
  connectStart?: number;
  connectEnd?: number;
  /** secureConnectionStart: TLS began (https only). */
  tlsStart?: number;
  requestStart?: number;
  /** The first byte of the answer. */
  responseStart?: number;
  /** nextHopProtocol (`http/1.1`, `h2`, `h3`), when the browser says. */
  protocol?: string;
  /** Bytes on the wire, headers included, when the browser says (0 from the cache or when hidden). */
  transferSize?: number;
}

/** The optional phase times of a ResourceTiming, in the order they happen. */
export const RESOURCE_TIMING_KEYS = [
  'redirectEnd',
  'dnsStart',
  'dnsEnd',
  'connectStart',
  'tlsStart',
  'connectEnd',
  'requestStart',
  'responseStart',
] as const;

export type CallbackName = 'success' | 'fail' | 'complete';
export type AppAction = 'onProgressUpdate' | 'offProgressUpdate' | 'abort';

/** At most this many progress points are kept per task; later ones replace the last (the end stays exact). */
export const MAX_PROGRESS_POINTS = 2000;

export interface TaskRecord {
  id: string;
  kind: TaskKind;
  origin: TaskOrigin;
  probes: Probe[];
  url: string;
  method?: string;
  call?: CallInfo;
  stack?: string;
  status: TaskStatus;
  statusCode?: number;
  errMsg?: string;
  bytes: number;
  total: number | null;
  progressEvents: number;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  /** Where the answer came from, when a redirect moved it away from `url` (the XHR's responseURL). */
  responseUrl?: string;
  body?: BodyPart[];
  responseSize?: number;
  responsePreview?: string;
  tempFilePath?: string;
  /** [time, loaded, total] of every progress event (bounded by MAX_PROGRESS_POINTS). */
  progress: [number, number, number | null][];
  callbacks: { at: number; name: CallbackName; arg: unknown }[];
  appActions: { at: number; action: AppAction }[];
  abortedBy?: 'app' | 'timeout' | 'devtools' | 'unload';
  bodyHeld?: boolean;
  /** The XHR failed while the browser said it was offline (navigator.onLine false at the error). */
  offline?: boolean;
  /** Replays: the task this one replays, and the replays started from this one. */
  replayOf?: string;
  replays?: string[];
  /** When the panel asked for a force-abort. */
  devtoolsAbortAt?: number;
  condition?: AppliedCondition;
  /** The browser's own phases of the request, where it gave them. */
  resourceTiming?: ResourceTiming;
  /** Frozen with its page in the back/forward cache since `at` (the status stays what it was). */
  suspended?: { reason: 'bfcache'; at: number };
  /** Timestamps (ms since the epoch, from performance.timeOrigin + performance.now()). */
  times: { created: number; fileResolved?: number; open?: number; send?: number; headers?: number; end?: number };
}

export function newTaskRecord(event: Extract<TaskEvent, { type: 'created' }>): TaskRecord {
  return {
    id: event.taskId,
    kind: event.kind,
    origin: event.origin,
    probes: [event.probe],
    url: event.url,
    call: event.call,
    stack: event.stack,
    ...(event.replayOf ? { replayOf: event.replayOf } : {}),
    status: 'pending',
    bytes: 0,
    total: null,
    progressEvents: 0,
    progress: [],
    callbacks: [],
    appActions: [],
    times: { created: event.at },
  };
}

/**
 * The errMsg uni reports for an XHR outcome (uni-h5.es.js downloadFile ~21196, uploadFile ~21296):
 * any HTTP response is `:ok`; onerror rejects with '' (`:fail`); onabort with 'abort'; the timeout path nulls the
 * handlers before xhr.abort() and rejects with 'timeout'.
 */
export function errMsgFor(kind: TaskKind, outcome: XhrOutcome): string {
  const api = kind === 'upload' ? 'uploadFile' : 'downloadFile';
  switch (outcome) {
    case 'load':
      return `${api}:ok`;
    case 'error':
      return `${api}:fail`;
    case 'abort':
      return `${api}:fail abort`;
    case 'timeout':
      return `${api}:fail timeout`;
    case 'unload':
      // The app never hears of it (its page is gone); the panel lists it as the abort it is.
      return `${api}:fail abort`;
  }
}

const statusForOutcome: Record<XhrOutcome, TaskStatus> = {
  load: 'success',
  error: 'fail',
  abort: 'abort',
  timeout: 'fail',
  unload: 'abort',
};

/** Folds one event into a record (mutating it) and returns it. Events for other tasks are ignored. */
export function applyTaskEvent(record: TaskRecord, event: TaskEvent): TaskRecord {
  if (event.taskId !== record.id) return record;
  switch (event.type) {
    case 'created':
      break;
    case 'probe':
      if (!record.probes.includes(event.probe)) record.probes.push(event.probe);
      if (event.call) record.call = event.call;
      break;
    case 'open':
      record.method = event.method;
      record.url = event.url;
      record.times.open = event.at;
      break;
    case 'send':
      record.requestHeaders = event.requestHeaders;
      record.body = event.body;
      record.times.send = event.at;
      if (record.status === 'pending') record.status = 'running';
      break;
    case 'headers':
      record.statusCode = httpStatus(event.statusCode);
      record.responseHeaders = event.responseHeaders;
      if (event.responseUrl !== undefined) record.responseUrl = event.responseUrl;
      record.times.headers = event.at;
      break;
    case 'progress': {
      record.bytes = event.loaded;
      record.total = event.total;
      record.progressEvents += 1;
      const point: [number, number, number | null] = [event.at, event.loaded, event.total];
      if (record.progress.length < MAX_PROGRESS_POINTS) record.progress.push(point);
      else record.progress[MAX_PROGRESS_POINTS - 1] = point;
      break;
    }
    case 'end':
      // uni's verdict, from a callback (it can fire before our XHR listener) or a file error, stands.
      if (record.errMsg === undefined) {
        record.status = statusForOutcome[event.outcome];
        record.errMsg = errMsgFor(record.kind, event.outcome);
      }
      if (event.outcome === 'timeout') record.abortedBy = 'timeout';
      else if (event.outcome === 'unload') record.abortedBy = 'unload';
      else if (event.outcome === 'abort')
        record.abortedBy ??= record.devtoolsAbortAt !== undefined ? 'devtools' : 'app';
      if (event.outcome === 'load' && httpStatus(event.statusCode) !== undefined) record.statusCode = event.statusCode;
      if (event.responseSize !== undefined) record.responseSize = event.responseSize;
      if (event.responsePreview !== undefined) record.responsePreview = event.responsePreview;
      if (event.tempFilePath !== undefined) record.tempFilePath = event.tempFilePath;
      if (event.offline) record.offline = true;
      delete record.suspended;
      record.times.end ??= event.at;
      break;
    case 'callback':
      record.callbacks.push({ at: event.at, name: event.name, arg: event.arg });
      applyVerdict(record, event.arg, event.at);
      break;
    case 'app':
      record.appActions.push({ at: event.at, action: event.action });
      if (event.action === 'abort' && !isFinal(record.status)) record.abortedBy = 'app';
      break;
    case 'body':
      record.bodyHeld = event.held;
      break;
    case 'devtools':
      if (event.action === 'abort') {
        record.devtoolsAbortAt = event.at;
        if (!isFinal(record.status)) record.abortedBy = 'devtools';
      } else if (!record.replays?.includes(event.replayId)) {
        record.replays = [...(record.replays ?? []), event.replayId];
      }
      break;
    case 'condition':
      record.condition = event.condition;
      break;
    case 'timing':
      record.resourceTiming = event.timing;
      break;
    case 'suspend':
      if (!isFinal(record.status)) record.suspended = { reason: event.reason, at: event.at };
      break;
    case 'resume':
      delete record.suspended;
      break;
    case 'file':
      if (event.ok) record.times.fileResolved = event.at;
      // Both runtimes report this errMsg for a missing or unreadable file (Vue 3 uploadFile ~21316 and ~21390;
      // Vue 2 platforms/h5/service/api/network/upload-file.js:69 and :149). A callback, when seen, wins.
      else if (record.callbacks.length === 0) applyVerdict(record, { errMsg: 'uploadFile:fail file error' }, event.at);
      break;
  }
  return record;
}

/**
 * An HTTP status, or undefined when none arrived: an XHR reports 0 for a request that got no answer (offline,
 * refused, cut, CORS), and the automation contract says `data-status-code` is then absent (issue 17).
 */
function httpStatus(code: unknown): number | undefined {
  return typeof code === 'number' && code >= 100 && code <= 999 ? code : undefined;
}

/** uni's own errMsg is the truth: `xxx:ok` success, `xxx:fail abort` abort, any other `xxx:fail…` fail. */
function applyVerdict(record: TaskRecord, arg: unknown, at: number): void {
  const errMsg = typeof arg === 'object' && arg !== null ? (arg as { errMsg?: unknown }).errMsg : undefined;
  if (typeof errMsg !== 'string') return;
  record.errMsg = errMsg;
  record.status = / ?:ok$/.test(errMsg) ? 'success' : /:fail abort$/.test(errMsg) ? 'abort' : 'fail';
  const statusCode = httpStatus((arg as { statusCode?: unknown }).statusCode);
  if (statusCode !== undefined) record.statusCode = statusCode;
  record.times.end ??= at;
}

export function isFinal(status: TaskStatus): boolean {
  return status === 'success' || status === 'fail' || status === 'abort';
}

/** A header's value by name, whatever its case (HTTP names are case-insensitive). */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
