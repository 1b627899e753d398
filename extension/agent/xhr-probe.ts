// The XHR probe: always on, the only way in for default production builds (no global uni there).
// It patches XMLHttpRequest.prototype.open/setRequestHeader/send, classifies uni's transfer XHRs at send()
// (facts in shared/docs/uni-h5-runtime.md, "Telling uni's transfers apart") and observes them with
// addEventListener, which never displaces the on* handlers uni assigns.

import type { BodyPart, TaskEvent, TaskKind } from '../../shared/task-model';
import type { FormEntry } from './body-store';
import { absoluteUrl, clip } from './uni-call';
import type { CallLink } from './uni-probe';

export interface XhrControl {
  /** A replay the agent itself sends: the task it replays, and who wants the new task's id. */
  replayFor(xhr: XMLHttpRequest): { replayOf: string; created(taskId: string): void } | undefined;
  /** The XHR now carrying a task (for force-abort); forgotten at its end. */
  track(taskId: string, xhr: XMLHttpRequest): void;
  forget(taskId: string): void;
  /** Whether the panel asked to abort this task before its XHR existed. */
  abortRequested(taskId: string): boolean;
}

export interface XhrProbeContext {
  clock: () => number;
  emit: (event: TaskEvent) => void;
  newTaskId: () => string;
  /** A uni call waiting for its XHR (see uni-probe.ts), if any. */
  linkCall: (kind: TaskKind, url: string) => CallLink | undefined;
  /** The upload task whose file uni is fetching from this URL, if any. */
  uploadResolving: (url: string) => string | undefined;
  /** Keeps an upload's form (files and fields, for previews and replays) in the page. */
  keepForm: (taskId: string, form: FormEntry[]) => void;
  /** Keeps a downloaded blob in the page. */
  keepBlob: (taskId: string, blob: Blob) => void;
  /** Force-abort and replay bookkeeping (task-control.ts). */
  control: XhrControl;
  /**
   * Network conditions (conditions/apply.ts): a gate for a uni task's XHR when a rule matches it (or the rules are
   * not known yet); the probe then leaves the native send() to the gate. undefined: the task goes out untouched.
   */
  gate?: (
    xhr: XMLHttpRequest,
    task: { kind: TaskKind; url: string; taskId: string; form: FormEntry[] | undefined },
    send: () => void,
  ) => { abort(): void } | undefined;
  onError: (where: string, error: unknown) => void;
}

interface XhrState {
  method: string;
  url: string;
  openedAt: number;
  headers: Record<string, string>;
}

/**
 * What one task may put into a message, whatever the page sends (a hostile page can set a 40 MB header or name a
 * file with one): texts are cut, lists bounded. Replays keep the full form in the page (body-store.ts).
 */
const MAX_HEADER_VALUE = 16 * 1024;
const MAX_HEADERS = 200;
const MAX_PARTS = 1000;

// Captured at document_start, before page scripts can replace them.
const NativeFormData = FormData;
const formDataEntries = FormData.prototype.entries;
const NativeFile = File;

/** 'file': uni's own GET of an upload's file (part of that upload task, not a task). */
export function classifyTransfer(xhr: XMLHttpRequest, method: string, body: unknown): TaskKind | 'file' | null {
  // uni-h5.es.js ~21296: POST with a FormData body and xhr.upload.onprogress assigned before send().
  if (method === 'POST' && body instanceof NativeFormData && typeof xhr.upload.onprogress === 'function') {
    return 'upload';
  }
  // uni-h5.es.js ~21196: GET, responseType 'blob', onprogress and onabort assigned before send(). uni's own
  // file-resolution GET (urlToFile ~7749) has neither, and is part of an upload, not a task.
  if (
    method === 'GET' &&
    xhr.responseType === 'blob' &&
    typeof xhr.onprogress === 'function' &&
    typeof xhr.onabort === 'function'
  ) {
    return 'download';
  }
  if (method === 'GET' && xhr.responseType === 'blob' && typeof xhr.onload === 'function' && xhr.onprogress === null) {
    return 'file';
  }
  return null;
}

/** The form as the panel sees it (fields cut to 4 kB, file metadata) and as the page sent it (for replays). */
export function describeFormData(form: FormData): { parts: BodyPart[]; entries: FormEntry[] } {
  const parts: BodyPart[] = [];
  const entries: FormEntry[] = [];
  for (const [name, value] of formDataEntries.call(form) as IterableIterator<[string, FormDataEntryValue]>) {
    const shown = parts.length < MAX_PARTS;
    if (value instanceof NativeFile) {
      if (shown)
        parts.push({ name: clip(name), file: { name: clip(value.name), size: value.size, type: clip(value.type) } });
      entries.push({ name, file: value });
    } else {
      if (shown) parts.push({ name: clip(name), value: clip(String(value)) });
      entries.push({ name, value: String(value) });
    }
  }
  return { parts, entries };
}

export function parseResponseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[clip(line.slice(0, colon).trim().toLowerCase())] = clip(line.slice(colon + 1).trim(), MAX_HEADER_VALUE);
  }
  return headers;
}

export function installXhrProbe(context: XhrProbeContext): void {
  const proto = XMLHttpRequest.prototype;
  const nativeOpen = proto.open;
  const nativeSetRequestHeader = proto.setRequestHeader;
  const nativeSend = proto.send;
  const nativeAbort = proto.abort;
  const states = new WeakMap<XMLHttpRequest, XhrState>();
  const { clock, emit, onError } = context;

  // uni's downloadFile answers with tempFilePath = URL.createObjectURL(blob) (fileToUrl, uni-h5.es.js ~7809),
  // made in its onload before our load listener runs. Remembering which blob got which URL gives the panel the
  // exact tempFilePath even in promise mode or with only the XHR probe.
  const blobUrls = new WeakMap<Blob, string>();
  const nativeCreateObjectURL = URL.createObjectURL;
  URL.createObjectURL = function createObjectURL(this: unknown, object: Blob | MediaSource) {
    const url = nativeCreateObjectURL.call(URL, object);
    if (object instanceof Blob) blobUrls.set(object, url);
    return url;
  } as typeof URL.createObjectURL;

  // Each wrapper calls the native method first with the very same arguments, so its exceptions and return
  // value reach the page unchanged; our bookkeeping runs only after success and never throws into the page.
  proto.open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    const result = (nativeOpen as (...a: unknown[]) => void).apply(this, args);
    try {
      const [method, url] = args;
      if (typeof method === 'string' && (typeof url === 'string' || url instanceof URL)) {
        states.set(this, {
          method: method.toUpperCase(),
          url: absoluteUrl(String(url)),
          openedAt: clock(),
          headers: {},
        });
      } else states.delete(this);
    } catch (error) {
      onError('xhr.open', error);
    }
    return result;
  } as typeof proto.open;

  proto.setRequestHeader = function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
    // biome-ignore lint/complexity/noArguments: forward exactly what the page passed
    const result = nativeSetRequestHeader.apply(this, arguments as unknown as [string, string]);
    const state = states.get(this);
    if (state && typeof name === 'string' && typeof value === 'string') {
      const key = clip(name);
      const previous = state.headers[key];
      if (previous !== undefined) state.headers[key] = clip(`${previous}, ${value}`, MAX_HEADER_VALUE);
      else if (Object.keys(state.headers).length < MAX_HEADERS) state.headers[key] = clip(value, MAX_HEADER_VALUE);
    }
    return result;
  };

  proto.send = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    let abortAfterSend = false;
    let gate: { abort(): void } | undefined;
    // biome-ignore lint/complexity/noArguments: forward exactly what the page passed
    const args = arguments as unknown as [body?: Document | XMLHttpRequestBodyInit | null];
    try {
      const state = states.get(this);
      const kind = state ? classifyTransfer(this, state.method, body) : null;
      if (state && kind) {
        if (kind === 'file') observeFileRequest(this, state.url);
        else {
          const task = observeTask(this, state, kind, body, () => nativeSend.apply(this, args));
          abortAfterSend = task.abortRequested;
          gate = task.gate;
        }
      }
    } catch (error) {
      onError('xhr.send', error);
    }
    if (gate) {
      if (abortAfterSend) gate.abort();
      return;
    }
    const result = nativeSend.apply(this, args);
    // The panel aborted this task while uni was still resolving its file (no XHR then, and in promise mode no
    // task object): abort now, so uni's own onabort reports `fail abort` as for an app's abort().
    if (abortAfterSend) nativeAbort.call(this);
    return result;
  };

  function observeFileRequest(xhr: XMLHttpRequest, url: string): void {
    const taskId = context.uploadResolving(url);
    if (!taskId) return;
    const settle = (ok: boolean) => () => {
      try {
        emit({ type: 'file', taskId, at: clock(), url, ok });
      } catch (error) {
        onError('xhr.file', error);
      }
    };
    xhr.addEventListener('load', settle(true));
    xhr.addEventListener('error', settle(false));
  }

  /** Returns the task's id, its gate (a network condition matched it), and whether the panel already asked to abort it. */
  function observeTask(
    xhr: XMLHttpRequest,
    state: XhrState,
    kind: TaskKind,
    body: unknown,
    send: () => void,
  ): { taskId: string; gate: { abort(): void } | undefined; abortRequested: boolean } {
    const replay = context.control.replayFor(xhr);
    const link = replay ? undefined : context.linkCall(kind, state.url);
    const taskId = link?.taskId ?? context.newTaskId();
    const sentAt = clock();
    // Seen by the uni probe already (created at the call), or only at the XHR level (no global uni).
    if (link) emit({ type: 'probe', taskId, at: sentAt, probe: 'xhr' });
    else {
      const origin = replay ? 'replay' : 'app';
      const created = {
        type: 'created',
        taskId,
        at: state.openedAt,
        kind,
        origin,
        probe: 'xhr',
        url: state.url,
      } as const;
      emit(replay ? { ...created, replayOf: replay.replayOf } : created);
      replay?.created(taskId);
    }
    context.control.track(taskId, xhr);
    emit({ type: 'open', taskId, at: state.openedAt, method: state.method, url: state.url });
    const form = body instanceof NativeFormData ? describeFormData(body) : undefined;
    emit({ type: 'send', taskId, at: sentAt, requestHeaders: { ...state.headers }, body: form?.parts });
    if (form?.entries.some((part) => 'file' in part)) context.keepForm(taskId, form.entries);
    // Before our listeners: a gate's own listener must come first to hold back the native events.
    const gate = context.gate?.(xhr, { kind, url: state.url, taskId, form: form?.entries }, send);
    const guarded = (where: string, handler: (event: ProgressEvent | Event) => void) => (event: Event) => {
      try {
        handler(event);
      } catch (error) {
        onError(where, error);
      }
    };
    let headersSeen = false;
    xhr.addEventListener(
      'readystatechange',
      guarded('xhr.headers', () => {
        if (headersSeen || xhr.readyState < XMLHttpRequest.HEADERS_RECEIVED) return;
        headersSeen = true;
        emit({
          type: 'headers',
          taskId,
          at: clock(),
          statusCode: xhr.status,
          responseHeaders: parseResponseHeaders(xhr.getAllResponseHeaders()),
        });
      }),
    );
    const progressTarget: EventTarget = kind === 'upload' ? xhr.upload : xhr;
    progressTarget.addEventListener(
      'progress',
      guarded('xhr.progress', (event) => {
        const progress = event as ProgressEvent;
        emit({
          type: 'progress',
          taskId,
          at: clock(),
          loaded: progress.loaded,
          total: progress.lengthComputable ? progress.total : null,
        });
      }),
    );
    xhr.addEventListener(
      'load',
      guarded('xhr.load', () => {
        const response: unknown = xhr.response;
        const end = { type: 'end', taskId, at: clock(), outcome: 'load', statusCode: xhr.status } as const;
        if (response instanceof Blob) {
          emit({ ...end, responseSize: response.size, tempFilePath: blobUrls.get(response) });
          context.keepBlob(taskId, response);
        } else {
          const text = typeof response === 'string' ? response : '';
          emit({ ...end, responseSize: text.length, responsePreview: clip(text) });
        }
      }),
    );
    xhr.addEventListener('loadend', () => context.control.forget(taskId));
    xhr.addEventListener(
      'error',
      guarded('xhr.error', () => emit({ type: 'end', taskId, at: clock(), outcome: 'error' })),
    );
    // uni's timeout path sets the handlers to null and then calls xhr.abort() (uni-h5.es.js ~21250, ~21380);
    // an app abort (task.abort()) leaves them set. That is the only difference visible at the XHR level.
    xhr.addEventListener(
      'abort',
      guarded('xhr.abort', () =>
        emit({ type: 'end', taskId, at: clock(), outcome: xhr.onabort === null ? 'timeout' : 'abort' }),
      ),
    );
    return { taskId, gate, abortRequested: context.control.abortRequested(taskId) };
  }
}
