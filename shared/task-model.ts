// The task model shared by the page agent (which owns the record) and the panel (which mirrors it).
// Both build a TaskRecord by folding TaskEvents with applyTaskEvent, so a snapshot (records) followed by
// live events (the same events) always yields the same state on both sides.

export type TaskKind = 'upload' | 'download';
export type TaskStatus = 'pending' | 'running' | 'success' | 'fail' | 'abort';
export type TaskOrigin = 'app' | 'replay';
export type Probe = 'uni' | 'xhr';
export type XhrOutcome = 'load' | 'error' | 'abort' | 'timeout';

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
    }
  | { type: 'progress'; taskId: string; at: number; loaded: number; total: number | null }
  | {
      type: 'end';
      taskId: string;
      at: number;
      outcome: XhrOutcome;
      statusCode?: number;
      responseSize?: number;
    };

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
  body?: BodyPart[];
  responseSize?: number;
  /** Timestamps (ms since the epoch, from performance.timeOrigin + performance.now()). */
  times: { created: number; open?: number; send?: number; headers?: number; end?: number };
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
    status: 'pending',
    bytes: 0,
    total: null,
    progressEvents: 0,
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
  }
}

const statusForOutcome: Record<XhrOutcome, TaskStatus> = {
  load: 'success',
  error: 'fail',
  abort: 'abort',
  timeout: 'fail',
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
      record.statusCode = event.statusCode;
      record.responseHeaders = event.responseHeaders;
      record.times.headers = event.at;
      break;
    case 'progress':
      record.bytes = event.loaded;
      record.total = event.total;
      record.progressEvents += 1;
      break;
    case 'end':
      record.status = statusForOutcome[event.outcome];
      record.errMsg = errMsgFor(record.kind, event.outcome);
      if (event.statusCode !== undefined && event.outcome === 'load') record.statusCode = event.statusCode;
      if (event.responseSize !== undefined) record.responseSize = event.responseSize;
      record.times.end = event.at;
      break;
  }
  return record;
}

export function isFinal(status: TaskStatus): boolean {
  return status === 'success' || status === 'fail' || status === 'abort';
}
