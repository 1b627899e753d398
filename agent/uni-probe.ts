// The uni probe: traps the assignment of window.uni / window.wx (every runtime assigns them plainly, see
// shared/docs/uni-h5-runtime.md "Where uni lives") and wraps uploadFile/downloadFile on the real API object.
// A wrapped call becomes a task at once (so an upload that never reaches XHR, aborted early or with a file
// error, is still listed); the XHR probe links its XHR to it. In the default production build window.uni is `{}`
// and nothing is wrapped: the XHR probe sees those tasks alone.
//
// Transparency: `this` and the arguments object pass through untouched; options are read only through own
// data-property descriptors; callbacks are never added (that would turn a promise-mode call into a task-mode
// one). To learn what uni passes to the app's own callbacks, each own writable success/fail/complete is swapped
// for a recording wrapper only for the duration of the synchronous call (uni reads them then:
// createAsyncApiCallback in uni-h5.es.js) and put back before the call returns.

import type { CallbackName, CallInfo, TaskEvent, TaskKind } from '../shared/task-model';
import { captureCallSite } from './call-site';
import { apply, create, defineOrThrow, describe } from './own';
import { AppTasks, copyNameAndLength } from './uni-app-tasks';
import { absoluteUrl, describeCall, jsonSafe, ownData, uploadHasNoFile } from './uni-call';

export interface CallLink {
  taskId: string;
  call: CallInfo;
}

export interface UniProbeContext {
  clock: () => number;
  emit: (event: TaskEvent) => void;
  newTaskId: () => string;
  onError: (where: string, error: unknown) => void;
  /** Keeps the app's call site of a task, formatted only if a panel will see it (call-site.ts). */
  keepCallSite: (taskId: string, site: Error) => void;
}

type AnyFunction = (...args: unknown[]) => unknown;

const API_BY_KIND: Record<TaskKind, 'uploadFile' | 'downloadFile'> = { upload: 'uploadFile', download: 'downloadFile' };
const CALLBACKS: CallbackName[] = ['success', 'fail', 'complete'];
const MAX_PENDING_UPLOADS = 100;

export class UniProbe {
  private wrapped = new WeakSet<object>();
  private current: CallLink | undefined; // a downloadFile call in progress (its XHR is created synchronously)
  private pendingUploads: { url: string; link: CallLink }[] = []; // upload XHRs come later (file resolution)
  /** Set while the agent itself calls uni for a replay: the call is a replay task, not the app's. */
  private replayCall: { replayOf: string; created(taskId: string): void } | undefined;
  /** The uni object whose uploadFile/downloadFile were wrapped (replays call through it). */
  api: Record<string, unknown> | undefined;
  globalUni: 'full' | 'empty' | 'none' = 'none';

  /** The app's task objects (force-abort through them, the app's own calls of their methods). */
  private appTasks: AppTasks;

  constructor(private context: UniProbeContext) {
    this.appTasks = new AppTasks(context);
  }

  /** Installs setter traps for window.uni and window.wx (the same object in every runtime). */
  install(): void {
    for (const name of ['uni', 'wx'] as const) this.trapGlobal(name);
  }

  /** Called by the XHR probe at send() of a classified transfer: the uni call it belongs to, if any. */
  linkCall(kind: TaskKind, url: string): CallLink | undefined {
    if (kind === 'download') {
      const link = this.current;
      this.current = undefined;
      return link;
    }
    const index = this.pendingUploads.findIndex((pending) => pending.url === url);
    if (index < 0) return undefined;
    return this.pendingUploads.splice(index, 1)[0]?.link;
  }

  /** Called by the XHR probe for uni's own GET of a file: the waiting upload that asked for this URL. */
  uploadResolving(url: string): string | undefined {
    const wanted = (call: CallInfo) => [call.filePath, ...(call.files ?? []).map((file) => file.uri)];
    return this.pendingUploads.find(({ link }) =>
      wanted(link.call).some((path) => path !== undefined && absoluteUrl(path) === url),
    )?.link.taskId;
  }

  /** A task settled without an XHR (file error, aborted before send): stop waiting for its XHR. */
  forgetUpload(taskId: string): void {
    this.pendingUploads = this.pendingUploads.filter((pending) => pending.link.taskId !== taskId);
  }

  /** Aborts through the app's own task object (AppTasks.abort): false when there is none. */
  abortAppTask(taskId: string): boolean {
    return this.appTasks.abort(taskId);
  }

  /** Runs `send` (a call of the wrapped uni API) as a replay of `replayOf`. */
  callAsReplay(replayOf: string, created: (taskId: string) => void, send: () => unknown): unknown {
    this.replayCall = { replayOf, created };
    try {
      return send();
    } finally {
      this.replayCall = undefined;
    }
  }

  /**
   * The route of builds where uni's calls are compiled to imports (tree-shaking on, no global uni): the npm
   * package's Vite plugin makes @dcloudio/uni-h5 export `route('uploadFile', uploadFile)` instead of its own
   * function (plugin/uni-h5-route.ts), so the call as written is recorded there too. Anything odd: `fn` unchanged.
   */
  route(name: unknown, fn: unknown): unknown {
    try {
      const kind = name === 'uploadFile' ? 'upload' : name === 'downloadFile' ? 'download' : undefined;
      if (!kind || typeof fn !== 'function' || this.wrapped.has(fn)) return fn;
      const wrapper = this.wrap(kind, fn as AnyFunction);
      copyNameAndLength(fn as AnyFunction, wrapper);
      this.wrapped.add(wrapper);
      // Replays call uni through `api`: the global object when there is one, else the routed functions.
      if (this.globalUni !== 'full') {
        this.api ??= create(null) as Record<string, unknown>;
        this.api[API_BY_KIND[kind]] = wrapper;
      }
      return wrapper;
    } catch (error) {
      this.context.onError('uni.route', error);
      return fn;
    }
  }

  private trapGlobal(name: 'uni' | 'wx'): void {
    const existing = describe(window, name);
    if (existing && !existing.configurable) return;
    let value: unknown = existing && 'value' in existing ? existing.value : undefined;
    if (value !== undefined) this.instrument(value);
    defineOrThrow(window, name, {
      configurable: true,
      enumerable: true,
      get: () => value,
      set: (next: unknown) => {
        value = next;
        this.instrument(next);
      },
    });
  }

  private instrument(api: unknown): void {
    try {
      if (typeof api !== 'object' || api === null) return;
      let found = false;
      for (const kind of ['upload', 'download'] as const) {
        const key = API_BY_KIND[kind];
        const original = ownData(api, key);
        if (typeof original !== 'function') continue;
        found = true;
        if (this.wrapped.has(original)) continue; // idempotent: uni and wx are one object
        const descriptor = describe(api, key);
        if (!descriptor?.writable && !descriptor?.configurable) continue;
        const wrapper = this.wrap(kind, original as AnyFunction);
        copyNameAndLength(original as AnyFunction, wrapper);
        this.wrapped.add(wrapper);
        defineOrThrow(api, key, { ...descriptor, value: wrapper });
      }
      if (found) {
        this.globalUni = 'full';
        this.api = api as Record<string, unknown>;
      } else if (this.globalUni === 'none') this.globalUni = 'empty';
    } catch (error) {
      this.context.onError('uni.instrument', error);
    }
  }

  private wrap(kind: TaskKind, original: AnyFunction): AnyFunction {
    const probe = this;
    return function (this: unknown) {
      // biome-ignore lint/complexity/noArguments: read the first argument without touching the others
      const options: unknown = arguments[0];
      let link: CallLink | undefined;
      let restore: (() => void) | undefined;
      try {
        link = probe.startCall(kind, options);
        if (link.call.mode === 'callback') restore = probe.swapCallbacks(options, link.taskId, kind);
      } catch (error) {
        probe.context.onError('uni.call', error);
      }
      if (kind === 'download') probe.current = link;
      let result: unknown;
      try {
        // biome-ignore lint/complexity/noArguments: pass the app's arguments through untouched
        result = apply(original, this, arguments);
      } finally {
        if (kind === 'download') probe.current = undefined;
        try {
          restore?.();
        } catch (error) {
          probe.context.onError('uni.restore', error);
        }
      }
      if (link) probe.appTasks.adopt(result, link.taskId);
      return result;
    };
  }

  private startCall(kind: TaskKind, options: unknown): CallLink {
    const call = describeCall(options);
    const link: CallLink = { taskId: this.context.newTaskId(), call };
    const replay = this.replayCall;
    this.replayCall = undefined;
    const site = replay ? undefined : captureCallSite();
    if (site) this.context.keepCallSite(link.taskId, site);
    this.context.emit({
      type: 'created',
      taskId: link.taskId,
      at: this.context.clock(),
      kind,
      origin: replay ? 'replay' : 'app',
      probe: 'uni',
      url: absoluteUrl(call.url),
      call,
      ...(replay ? { replayOf: replay.replayOf } : {}),
    });
    replay?.created(link.taskId);
    if (kind === 'upload') {
      // Still expect an XHR: Vue 3 rejects with `file error` and then carries on (no return after reject in
      // uploadFile ~21316), fetching "undefined" and posting it; that POST belongs to this task.
      if (uploadHasNoFile(options)) {
        this.context.emit({ type: 'file', taskId: link.taskId, at: this.context.clock(), url: '', ok: false });
      }
      this.pendingUploads.push({ url: absoluteUrl(call.url), link });
      if (this.pendingUploads.length > MAX_PENDING_UPLOADS) this.pendingUploads.shift();
    }
    return link;
  }

  private swapCallbacks(options: unknown, taskId: string, kind: TaskKind): () => void {
    const target = options as Record<string, unknown>;
    const swapped: [CallbackName, unknown, AnyFunction][] = [];
    for (const name of CALLBACKS) {
      const descriptor = describe(target, name);
      if (!descriptor || !('value' in descriptor) || !descriptor.writable || typeof descriptor.value !== 'function')
        continue;
      const appCallback = descriptor.value as AnyFunction;
      const probe = this;
      const recorder = function (this: unknown, result: unknown) {
        try {
          probe.context.emit({ type: 'callback', taskId, at: probe.context.clock(), name, arg: jsonSafe(result) });
          // Settled: nothing left to abort, so the page's task object is not kept alive by us.
          probe.appTasks.forget(taskId);
          if (kind === 'upload' && name !== 'success') probe.forgetUpload(taskId);
        } catch (error) {
          probe.context.onError('uni.callback', error);
        }
        // biome-ignore lint/complexity/noArguments: the app's callback gets exactly what uni passed
        return apply(appCallback, this, arguments);
      };
      copyNameAndLength(appCallback, recorder as AnyFunction);
      target[name] = recorder;
      swapped.push([name, appCallback, recorder as AnyFunction]);
    }
    return () => {
      for (const [name, appCallback, recorder] of swapped) if (target[name] === recorder) target[name] = appCallback;
    };
  }
}
