// The uni probe: traps the assignment of window.uni / window.wx (every runtime assigns them plainly, see
// shared/docs/uni-h5-runtime.md "Where uni lives") and wraps uploadFile/downloadFile on the real API object to
// learn the call as the app wrote it. In the default production build window.uni is `{}` and nothing is wrapped:
// the XHR probe sees those tasks alone.
//
// Transparency: the wrapper passes the app's own arguments object and `this` through untouched, never adds
// callbacks (that would turn a promise-mode call into a task-mode one), and reads the options only through own
// data-property descriptors, so app getters are never invoked by us.

import type { CallInfo, TaskKind } from '../../shared/task-model';

export interface CallLink {
  taskId: string;
  calledAt: number;
  call: CallInfo;
  stack?: string;
}

export interface UniProbeContext {
  clock: () => number;
  newTaskId: () => string;
  onError: (where: string, error: unknown) => void;
}

const API_BY_KIND: Record<TaskKind, 'uploadFile' | 'downloadFile'> = {
  upload: 'uploadFile',
  download: 'downloadFile',
};

function ownData(target: unknown, key: string): unknown {
  if (typeof target !== 'object' || target === null) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const item = ownData(value, key);
    out[key] = typeof item === 'string' ? item : safeText(item);
  }
  return out;
}

function safeText(value: unknown): string {
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value).slice(0, 4096);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function describeCall(options: unknown): CallInfo {
  const read = (key: string) => ownData(options, key);
  const hasCallback = ['success', 'fail', 'complete'].some((key) => typeof read(key) === 'function');
  const files = read('files');
  const timeout = read('timeout');
  return {
    url: typeof read('url') === 'string' ? (read('url') as string) : safeText(read('url')),
    mode: hasCallback ? 'callback' : 'promise',
    name: typeof read('name') === 'string' ? (read('name') as string) : undefined,
    filePath: typeof read('filePath') === 'string' ? (read('filePath') as string) : undefined,
    files: Array.isArray(files)
      ? files.map((file) => ({
          name: typeof ownData(file, 'name') === 'string' ? (ownData(file, 'name') as string) : undefined,
          uri: typeof ownData(file, 'uri') === 'string' ? (ownData(file, 'uri') as string) : undefined,
        }))
      : undefined,
    formData: stringRecord(read('formData')),
    header: stringRecord(read('header')),
    timeout: typeof timeout === 'number' ? timeout : undefined,
  };
}

function absoluteUrl(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}

export class UniProbe {
  private wrapped = new WeakSet<object>();
  private current: CallLink | undefined; // a downloadFile call in progress (its XHR is created synchronously)
  private pendingUploads: { url: string; link: CallLink }[] = []; // upload XHRs come later (file resolution)
  globalUni: 'full' | 'empty' | 'none' = 'none';

  constructor(private context: UniProbeContext) {}

  /** Installs setter traps for window.uni and window.wx (the same object in every runtime). */
  install(): void {
    for (const name of ['uni', 'wx'] as const) this.trapGlobal(name);
  }

  /** Called by the XHR probe at send() of a classified transfer. */
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

  private trapGlobal(name: 'uni' | 'wx'): void {
    const existing = Object.getOwnPropertyDescriptor(window, name);
    if (existing && !existing.configurable) return;
    let value: unknown = existing && 'value' in existing ? existing.value : undefined;
    if (value !== undefined) this.instrument(value);
    Object.defineProperty(window, name, {
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
        if (this.wrapped.has(original)) continue;
        const descriptor = Object.getOwnPropertyDescriptor(api, key);
        if (!descriptor?.writable && !descriptor?.configurable) continue;
        const wrapper = this.wrap(kind, original as (...args: unknown[]) => unknown);
        // Keep name and length as the app would see them on the original.
        for (const prop of ['name', 'length']) {
          const own = Object.getOwnPropertyDescriptor(original, prop);
          if (own) Object.defineProperty(wrapper, prop, own);
        }
        this.wrapped.add(wrapper);
        Object.defineProperty(api, key, { ...descriptor, value: wrapper });
      }
      if (found) this.globalUni = 'full';
      else if (this.globalUni === 'none') this.globalUni = 'empty';
    } catch (error) {
      this.context.onError('uni.instrument', error);
    }
  }

  private wrap(kind: TaskKind, original: (...args: unknown[]) => unknown) {
    const probe = this;
    return function (this: unknown) {
      let link: CallLink | undefined;
      try {
        // biome-ignore lint/complexity/noArguments: read the first argument without touching the others
        link = probe.startCall(kind, arguments[0]);
      } catch (error) {
        probe.context.onError('uni.call', error);
      }
      if (kind === 'download') probe.current = link;
      try {
        // biome-ignore lint/complexity/noArguments: pass the app's arguments through untouched
        return original.apply(this, arguments as unknown as unknown[]);
      } finally {
        if (kind === 'download') probe.current = undefined;
      }
    };
  }

  private startCall(kind: TaskKind, options: unknown): CallLink {
    const call = describeCall(options);
    const link: CallLink = {
      taskId: this.context.newTaskId(),
      calledAt: this.context.clock(),
      call,
      stack: new Error().stack?.split('\n').slice(2).join('\n'),
    };
    if (kind === 'upload') {
      this.pendingUploads.push({ url: absoluteUrl(call.url), link });
      if (this.pendingUploads.length > 100) this.pendingUploads.shift();
    }
    return link;
  }
}
