// Fault equivalence (issue 11): what the app observes of one uni.uploadFile / uni.downloadFile call, made through
// the app's own functions (window.__fixtureApi on a uni-app fixture page), so that a fault injected by the
// extension can be compared with the same fault made for real by the test server (tests/e2e/fault-real.test.ts
// records the real ones). The record holds the callbacks in order with their arguments, the promise's outcome in
// promise mode, and the progress events the app saw through task.onProgressUpdate; normalize() removes what may
// differ between two runs of the same fault (times, blob URLs' random part, server ids, progress granularity).
//
//   const page = await openFaultPage(browser, env.appUrl(runtime, FAULT_SCENARIO));
//   const record = await runCall(page, { kind: 'download', mode: 'callback', url: `${api}/download?bytes=1000` });
//   expect(normalize(injected)).toEqual(normalize(real));
//
// Calls can also be started and finished apart (startCall / abortCall / finishCall), e.g. to abort a task once the
// server has seen its request. The page-side functions are serialized into the page: they use nothing from this
// module's scope.

import type { Page } from 'puppeteer';
import { waitForFixtureDone } from './fixture-page';
import { WAIT_MS } from './wait';

/** A scenario name the fixture does not know: the page starts no task of its own and is done at once. */
export const FAULT_SCENARIO = 'idle-for-fault-equivalence';

export type CallKind = 'upload' | 'download';
export type CallMode = 'callback' | 'promise';

export interface CallSpec {
  kind: CallKind;
  /** callback: success/fail/complete given (a task is returned); promise: no callback (a Promise is returned). */
  mode: CallMode;
  url: string;
  /** upload: the file uploaded, a blob: URL of that many pattern bytes (default 1024). */
  fileBytes?: number;
  /** The per-call `timeout` option (ms). */
  timeout?: number;
  /**
   * The app's configured timeout (`__uniConfig.networkTimeout`: uploadFile, downloadFile and request, which Vue 2's
   * downloadFile reads instead of a per-call timeout), set for this call and restored when it ended.
   */
  configTimeout?: number;
  /** More options for the call (header, formData, name, ...). */
  options?: Record<string, unknown>;
  /** upload: the file's blob: URL is revoked before the call (uni then cannot read it: `file error`). */
  revokedFile?: boolean;
}

export interface ObservedCallback {
  name: 'success' | 'fail' | 'complete';
  arg: unknown;
  /** performance.now() in the page. */
  t: number;
}

export interface ObservedProgress {
  t: number;
  event: Record<string, unknown>;
}

export interface ObservedRecord {
  kind: CallKind;
  mode: CallMode;
  /** What the call returned: 'task' (an object with abort), 'promise', 'undefined', or a typeof. */
  returned: string;
  /** The call threw synchronously. */
  threw?: string;
  /** Callbacks in the order the app received them. */
  callbacks: ObservedCallback[];
  /** Promise mode: how the returned promise settled. */
  settled?: { resolved: unknown; t: number } | { rejected: unknown; t: number };
  /** Progress events seen through task.onProgressUpdate (callback mode), in order. */
  progress: ObservedProgress[];
  /** Progress events that came after the call had ended (its complete callback, or its promise settled). */
  progressAfterEnd: number;
  /** Whether the call ended (false: finishCall gave up waiting). */
  ended: boolean;
  /** Page time at the call and at its end. */
  startedAt: number;
  endedAt?: number;
}

export interface ProgressShape {
  /** Any event seen (null: not kept, see NormalizeOptions). */
  seen: boolean | null;
  /** progress never went down (trivially true without events). */
  monotone: boolean;
  /** Highest `progress` value seen (null: no event). */
  max: number | null;
  /** The last event, with all its fields (null: no event). */
  last: Record<string, unknown> | null;
}

export interface NormalizedRecord {
  kind: CallKind;
  mode: CallMode;
  returned: string;
  threw?: string;
  callbacks: Array<{ name: string; arg: unknown }>;
  settled?: { resolved: unknown } | { rejected: unknown };
  progress: ProgressShape;
  ended: boolean;
}

/** Opens a fixture page (use FAULT_SCENARIO) and waits until the app has booted and its uni functions are there. */
export async function openFaultPage(browser: { newPage(): Promise<Page> }, url: string): Promise<Page> {
  const page = await browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await waitForFixtureDone(page);
    await page.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi), {
      timeout: WAIT_MS,
    });
  } catch (error) {
    await page.close();
    throw error;
  }
  return page;
}

let callSeq = 0;

/** Starts the call in the page; returns its id (for abortCall / finishCall). */
export async function startCall(page: Page, spec: CallSpec): Promise<string> {
  const id = `c${++callSeq}`;
  await page.evaluate(startCallInPage, id, spec as unknown as Record<string, unknown>);
  return id;
}

/** The app aborts the call's task (callback mode): task.abort(). */
export async function abortCall(page: Page, id: string): Promise<void> {
  await page.evaluate(abortCallInPage, id);
}

/** Waits until the call ended (complete called, or the promise settled), then returns what the app observed. */
export async function finishCall(page: Page, id: string, timeoutMs = WAIT_MS): Promise<ObservedRecord> {
  await page
    .waitForFunction(
      (callId: string) =>
        (window as unknown as { __faultCalls?: Record<string, { record: { ended: boolean } }> }).__faultCalls?.[callId]
          ?.record.ended === true,
      { timeout: timeoutMs, polling: 20 },
      id,
    )
    .catch(() => undefined);
  return page.evaluate(
    (callId: string) =>
      (window as unknown as { __faultCalls: Record<string, { record: ObservedRecord }> }).__faultCalls[callId]
        ?.record as ObservedRecord,
    id,
  );
}

/** startCall + finishCall. */
export async function runCall(page: Page, spec: CallSpec, timeoutMs = WAIT_MS): Promise<ObservedRecord> {
  return finishCall(page, await startCall(page, spec), timeoutMs);
}

// ------------------------------------------------------------------------------------------------------------------
// Page side (serialized: self-contained).

function startCallInPage(id: string, specIn: Record<string, unknown>): void {
  type Api = (options: Record<string, unknown>) => unknown;
  const w = window as unknown as {
    __fixtureApi: { uploadFile: Api; downloadFile: Api };
    __faultCalls?: Record<string, unknown>;
    __uniConfig?: { networkTimeout?: Record<string, number> };
  };
  const spec = specIn as unknown as CallSpec;
  if (!w.__faultCalls) w.__faultCalls = {};
  const calls = w.__faultCalls;
  // A copy made at once: the app may keep and change what it receives, and a later change must not show.
  const copy = (value: unknown): unknown => {
    if (value === undefined) return '<undefined>';
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
      return JSON.parse(JSON.stringify(value));
    } catch {
      return String(value);
    }
  };
  const record: ObservedRecord = {
    kind: spec.kind,
    mode: spec.mode,
    returned: 'undefined',
    callbacks: [],
    progress: [],
    progressAfterEnd: 0,
    ended: false,
    startedAt: performance.now(),
  };
  const entry: { record: ObservedRecord; task?: { abort(): void } } = { record };
  calls[id] = entry;

  let restoreConfig = () => {};
  if (spec.configTimeout !== undefined) {
    if (!w.__uniConfig) w.__uniConfig = {};
    const config = w.__uniConfig;
    const before = config.networkTimeout;
    const value = spec.configTimeout;
    config.networkTimeout = { ...before, uploadFile: value, downloadFile: value, request: value };
    restoreConfig = () => {
      config.networkTimeout = before;
    };
  }
  const end = () => {
    if (record.ended) return;
    record.ended = true;
    record.endedAt = performance.now();
    restoreConfig();
  };

  const options: Record<string, unknown> = { url: spec.url, ...(spec.options ?? {}) };
  if (spec.timeout !== undefined) options.timeout = spec.timeout;
  if (spec.kind === 'upload') {
    const size = spec.fileBytes ?? 1024;
    // The pattern of tests/server/pattern.ts.
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >>> 10)) & 0xff;
    options.filePath = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    if (spec.revokedFile) URL.revokeObjectURL(options.filePath as string);
    if (options.name === undefined) options.name = 'file';
  }
  if (spec.mode === 'callback') {
    for (const name of ['success', 'fail', 'complete'] as const) {
      options[name] = (arg: unknown) => {
        record.callbacks.push({ name, arg: copy(arg), t: performance.now() });
        if (name === 'complete') end();
      };
    }
  }
  const call = spec.kind === 'upload' ? w.__fixtureApi.uploadFile : w.__fixtureApi.downloadFile;
  let result: unknown;
  try {
    result = call(options);
  } catch (error) {
    record.threw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    end();
    return;
  }
  const thenable = typeof (result as { then?: unknown } | null)?.then === 'function';
  const taskLike = typeof (result as { abort?: unknown } | null)?.abort === 'function';
  record.returned = thenable ? 'promise' : taskLike ? 'task' : result === undefined ? 'undefined' : typeof result;
  if (taskLike) {
    const task = result as { abort(): void; onProgressUpdate?(cb: (event: unknown) => void): void };
    entry.task = task;
    task.onProgressUpdate?.((event) => {
      record.progress.push({ t: performance.now(), event: copy(event) as Record<string, unknown> });
      if (record.ended) record.progressAfterEnd += 1;
    });
  }
  if (thenable) {
    (result as Promise<unknown>).then(
      (value) => {
        record.settled = { resolved: copy(value), t: performance.now() };
        end();
      },
      (error) => {
        record.settled = { rejected: copy(error), t: performance.now() };
        end();
      },
    );
  } else if (spec.mode === 'promise') {
    end(); // nothing to wait for
  }
}

function abortCallInPage(id: string): void {
  const entry = (window as unknown as { __faultCalls?: Record<string, { task?: { abort(): void } }> }).__faultCalls?.[
    id
  ];
  if (!entry?.task) throw new Error(`call ${id} has no task to abort (promise mode?)`);
  entry.task.abort();
}

// ------------------------------------------------------------------------------------------------------------------
// Normalization

function normalizeString(s: string): string {
  return (
    s
      .replace(/(blob:[^\s"']*?\/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '$1<uuid>')
      // Upload ids given by the test server, and uni's `file-${Date.now()}` default file names.
      .replace(/"id":"u\d+"/g, '"id":"<id>"')
      .replace(/\bfile-\d{10,}/g, 'file-<timestamp>')
  );
}

function normalizeValue(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (key === 'date' || key === 'last-modified') return '<date>';
    if (key === 'keep-alive') return '<keep-alive>';
    return normalizeString(value);
  }
  if (Array.isArray(value)) return value.map((item) => normalizeValue(item));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeValue(v, k.toLowerCase());
    return out;
  }
  return value;
}

export function progressShape(progress: ObservedProgress[]): ProgressShape {
  const values = progress.map((p) => p.event.progress as number);
  let monotone = true;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) monotone = false;
  const numeric = values.filter((v) => typeof v === 'number' && !Number.isNaN(v));
  return {
    seen: progress.length > 0,
    monotone,
    max: numeric.length ? Math.max(...numeric) : values.length ? (values.at(-1) ?? null) : null,
    last: progress.length ? (normalizeValue(progress.at(-1)?.event) as Record<string, unknown>) : null,
  };
}

export interface NormalizeOptions {
  /**
   * How much of the progress to keep. 'shape' (default): seen, monotone, max reached, last value. 'monotone': only
   * whether it was monotone, for faults where whether and how far the app's progress got depends on timing: a
   * connection cut (the browser fires progress at most every ~50 ms and none at the error, so a download cut at
   * 50 % shows a single early event or none; an upload cut shows whatever share the socket buffers took, up to
   * 100 %). 'none': nothing.
   */
  progress?: 'shape' | 'monotone' | 'none';
}

/**
 * The record without what differs between two runs of the same fault: times, blob URLs' uuid, the test server's
 * upload ids and uni's default file names, Date/Keep-Alive header values, and progress granularity (reduced to
 * its shape: seen, monotone, max reached, last value). Two records of the same fault are then toEqual.
 */
export function normalize(record: ObservedRecord, options: NormalizeOptions = {}): NormalizedRecord {
  const shape = progressShape(record.progress);
  const level = options.progress ?? 'shape';
  const progress: ProgressShape =
    level === 'shape'
      ? shape
      : level === 'monotone'
        ? { seen: null, monotone: shape.monotone, max: null, last: null }
        : { seen: null, monotone: true, max: null, last: null };
  const out: NormalizedRecord = {
    kind: record.kind,
    mode: record.mode,
    returned: record.returned,
    callbacks: record.callbacks.map(({ name, arg }) => ({ name, arg: normalizeValue(arg) })),
    progress,
    ended: record.ended,
  };
  if (record.threw !== undefined) out.threw = record.threw;
  if (record.settled) {
    out.settled =
      'resolved' in record.settled
        ? { resolved: normalizeValue(record.settled.resolved) }
        : { rejected: normalizeValue(record.settled.rejected) };
  }
  return out;
}

/** The final result the app got: the success/fail callback's argument, or the promise's value (Vue 2: [err, res]). */
export function outcomeOf(record: ObservedRecord): { via: string; value: unknown } | undefined {
  const final = record.callbacks.find((c) => c.name === 'success' || c.name === 'fail');
  if (final) return { via: final.name, value: final.arg };
  if (record.settled) {
    return 'resolved' in record.settled
      ? { via: 'resolved', value: record.settled.resolved }
      : { via: 'rejected', value: record.settled.rejected };
  }
  return undefined;
}
