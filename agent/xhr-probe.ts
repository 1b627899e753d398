// The XHR probe: always on, the only way in for default production builds (no global uni there).
// It patches XMLHttpRequest.prototype.open/setRequestHeader/send, classifies uni's transfer XHRs at send()
// (facts in shared/docs/uni-h5-runtime.md, "Telling uni's transfers apart") and observes them with
// addEventListener, which never displaces the on* handlers uni assigns.

import type { ResourceTiming, TaskEvent, TaskKind } from '../shared/task-model';
import type { FormEntry } from './body-store';
import { apply } from './own';
import { absoluteUrl, clip } from './uni-call';
import type { CallLink } from './uni-probe';
import {
  browserOffline,
  classifyTransfer,
  describeFormData,
  isBlob,
  isFormData,
  listenTo,
  parseResponseHeaders,
  progressOf,
  read,
  sizeOf,
  withoutFragment,
} from './xhr-read';

export { classifyTransfer, describeFormData };

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
  /** The browser's Resource Timing of the XHR to `url` sent at `sentAt`, if it has one (resource-timing.ts). */
  resourceTiming?: (url: string, sentAt: number) => ResourceTiming | undefined;
  /**
   * Whether a panel or viewer listens now. The diagnosis' extra evidence (the redirect's responseURL, Resource
   * Timing) is collected only then: with nobody looking the agent costs what it cost before issue 18.
   */
  watched: () => boolean;
  onError: (where: string, error: unknown) => void;
}

interface XhrState {
  method: string;
  url: string;
  openedAt: number;
  headers: Record<string, string>;
}

/**
 * What one task may put into a message, whatever the page sends (a hostile page can set a 40 MB header): texts are
 * cut, lists bounded. Replays keep the full form in the page (body-store.ts).
 */
const MAX_HEADER_VALUE = 16 * 1024;
const MAX_HEADERS = 200;

// Captured at document_start, before page scripts can replace them (reading the XHR itself: xhr-read.ts).
const objectKeys = Object.keys;

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
    const url = apply(nativeCreateObjectURL, URL, [object]);
    if (isBlob(object)) blobUrls.set(object, url);
    return url;
  } as typeof URL.createObjectURL;

  // Each wrapper calls the native method first with the very same arguments, so its exceptions and return
  // value reach the page unchanged; our bookkeeping runs only after success and never throws into the page.
  proto.open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    const result = apply(nativeOpen, this, args);
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
    const result = apply(nativeSetRequestHeader, this, arguments);
    const state = states.get(this);
    if (state && typeof name === 'string' && typeof value === 'string') {
      const key = clip(name);
      const previous = state.headers[key];
      if (previous !== undefined) state.headers[key] = clip(`${previous}, ${value}`, MAX_HEADER_VALUE);
      else if (objectKeys(state.headers).length < MAX_HEADERS) state.headers[key] = clip(value, MAX_HEADER_VALUE);
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
          const task = observeTask(this, state, kind, body, () => apply(nativeSend, this, args));
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
    const result = apply(nativeSend, this, args);
    // The panel aborted this task while uni was still resolving its file (no XHR then, and in promise mode no
    // task object): abort now, so uni's own onabort reports `fail abort` as for an app's abort().
    if (abortAfterSend) apply(nativeAbort, this, []);
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
    listenTo(xhr, 'load', settle(true));
    listenTo(xhr, 'error', settle(false));
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
    const form = isFormData(body) ? describeFormData(body) : undefined;
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
    listenTo(
      xhr,
      'readystatechange',
      guarded('xhr.headers', () => {
        if (headersSeen || (read(xhr, 'readyState') as number) < 2) return;
        headersSeen = true;
        // A redirect is visible to the page only here (issue 18: an upload redirected by a 302 arrives as a GET
        // without its file). The URL opened never has a fragment in responseURL, so compare without it.
        const answeredFrom = context.watched() ? read(xhr, 'responseURL') : '';
        const redirected =
          typeof answeredFrom === 'string' && answeredFrom !== '' && answeredFrom !== withoutFragment(state.url);
        // Literals only (no assignment a page's Object.prototype setter could see).
        emit({
          type: 'headers',
          taskId,
          at: clock(),
          statusCode: read(xhr, 'status') as number,
          responseHeaders: parseResponseHeaders(read(xhr, 'getAllResponseHeaders') as string, MAX_HEADER_VALUE),
          ...(redirected ? { responseUrl: clip(answeredFrom) } : {}),
        });
      }),
    );
    const progressTarget = kind === 'upload' ? (read(xhr, 'upload') as EventTarget) : xhr;
    listenTo(
      progressTarget,
      'progress',
      guarded('xhr.progress', (event) => {
        const { loaded, total } = progressOf(event as ProgressEvent);
        emit({ type: 'progress', taskId, at: clock(), loaded, total });
      }),
      { anyOrigin: true },
    );
    listenTo(
      xhr,
      'load',
      guarded('xhr.load', () => {
        const response = read(xhr, 'response');
        const end = {
          type: 'end',
          taskId,
          at: clock(),
          outcome: 'load',
          statusCode: read(xhr, 'status') as number,
        } as const;
        if (isBlob(response)) {
          emit({ ...end, responseSize: sizeOf(response), tempFilePath: blobUrls.get(response) });
          context.keepBlob(taskId, response);
        } else {
          const text = typeof response === 'string' ? response : '';
          emit({ ...end, responseSize: text.length, responsePreview: clip(text) });
        }
      }),
    );
    listenTo(xhr, 'loadend', () => context.control.forget(taskId));
    // After the end event (load/error/abort come before loadend): the browser's own phases of the request.
    listenTo(
      xhr,
      'loadend',
      guarded('xhr.timing', () => {
        const timing = context.watched() ? context.resourceTiming?.(withoutFragment(state.url), sentAt) : undefined;
        if (timing) emit({ type: 'timing', taskId, at: clock(), timing });
      }),
    );
    listenTo(
      xhr,
      'error',
      // The browser's own word that it had no network tells offline from an unreachable server (issue 18).
      guarded('xhr.error', () =>
        emit(
          browserOffline()
            ? { type: 'end', taskId, at: clock(), outcome: 'error', offline: true }
            : { type: 'end', taskId, at: clock(), outcome: 'error' },
        ),
      ),
    );
    // uni's timeout path sets the handlers to null and then calls xhr.abort() (uni-h5.es.js ~21250, ~21380);
    // an app abort (task.abort()) leaves them set. That is the only difference visible at the XHR level.
    listenTo(
      xhr,
      'abort',
      guarded('xhr.abort', () =>
        emit({ type: 'end', taskId, at: clock(), outcome: read(xhr, 'onabort') === null ? 'timeout' : 'abort' }),
      ),
    );
    return { taskId, gate, abortRequested: context.control.abortRequested(taskId) };
  }
}
