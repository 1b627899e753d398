// Network conditions (issue 11), the agent's gate, in Chromium with the extension: rules written to the
// extension's storage.local (as the panel writes them) reach the page's agent through its relay, and the app's
// own uni.uploadFile / uni.downloadFile (window.__fixtureApi, callback mode) observe each effect as they would
// observe the real thing. Default production build (tree-shaken: XHR probe only) and tree-shaking off.

import type { Page, WebWorker } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../fixtures/index';
import { IDLE_SCENARIO, waitForApi } from './harness/navigation';
import { useChromium } from './harness/setup';
import { WAIT_MS } from './harness/wait';

declare const chrome: {
  storage: { local: { set(items: object): Promise<void>; get(keys: string[]): Promise<Record<string, unknown>> } };
};

const RUNTIMES: Runtime[] = ['vue3-prod', 'vue3-notree'];
const setup = useChromium({ runtimes: RUNTIMES, verbose: false });

const rule = (id: string, fields: Record<string, unknown>) => ({
  id,
  enabled: true,
  match: id,
  kind: 'any',
  times: null,
  ...fields,
});

const RULES = [
  rule('cg-413', { effect: 'status', status: 413, body: 'too big', contentType: 'text/plain' }),
  rule('cg-503', { effect: 'status', status: 503, body: 'busy', contentType: 'text/plain' }),
  rule('cg-reach', { effect: 'status', status: 500, body: 'replaced', reachServer: true }),
  rule('cg-fail', { effect: 'fail', atPercent: 50 }),
  rule('cg-offline', { effect: 'offline' }),
  rule('cg-stall', { effect: 'stall', atPercent: 30 }),
  rule('cg-slow', { effect: 'throttle', upKbps: 100, downKbps: 200, latencyMs: 100 }),
  // One rule per runtime: the relay persists `times`, so a rule used up on one page stays used up on the next.
  ...RUNTIMES.flatMap((runtime) => [
    rule(`cg-once-${runtime}`, { effect: 'status', status: 500, body: 'once', times: 1 }),
    rule(`cg-next1-${runtime}`, { effect: 'fail', atPercent: 0, times: 1 }),
  ]),
];

interface Observed {
  how: 'success' | 'fail';
  errMsg: string;
  statusCode?: number;
  data?: string;
  body?: string;
  progress: number[];
  ms: number;
}

/** Runs the app's own uni function in callback mode with a progress listener; what the app observed. */
function transfer(
  page: Page,
  kind: 'upload' | 'download',
  path: string,
  options: { timeout?: number; bytes?: number; abortAfterMs?: number } = {},
): Promise<Observed> {
  return page.evaluate(
    (kind, path, options) =>
      new Promise<Observed>((resolve) => {
        type Task = { onProgressUpdate(cb: (p: { progress: number }) => void): void; abort(): void };
        const api = (window as unknown as { __fixtureApi: Record<string, (o: object) => Task> & { api: string } })
          .__fixtureApi;
        const progress: number[] = [];
        const started = performance.now();
        const done = (how: 'success' | 'fail') => async (res: Record<string, unknown>) => {
          const ms = performance.now() - started;
          const temp = typeof res.tempFilePath === 'string' ? res.tempFilePath : undefined;
          const body = temp ? await (await fetch(temp)).text() : undefined;
          resolve({
            how,
            errMsg: String(res.errMsg),
            statusCode: res.statusCode as number | undefined,
            data: res.data as string | undefined,
            body,
            progress,
            ms,
          });
        };
        const call: Record<string, unknown> = {
          url: `${api.api}${path}`,
          success: done('success'),
          fail: done('fail'),
        };
        if (options.timeout) call.timeout = options.timeout;
        if (kind === 'upload') {
          call.name = 'file';
          call.filePath = URL.createObjectURL(new Blob([new Uint8Array(options.bytes ?? 1000).fill(7)]));
        }
        const start = api[kind === 'upload' ? 'uploadFile' : 'downloadFile'] as (o: object) => Task;
        const task = start(call);
        task.onProgressUpdate((p) => progress.push(p.progress));
        if (options.abortAfterMs !== undefined) setTimeout(() => task.abort(), options.abortAfterMs);
      }),
    kind,
    path,
    options,
  );
}

const monotone = (values: number[]) => values.every((value, i) => i === 0 || value >= (values[i - 1] as number));
const reached = (tag: string) => setup.env.server.requests().filter((request) => request.url.includes(tag));

let worker: WebWorker;

/** The stored `times` of a rule (the relay writes the decrements). */
const storedTimes = (id: string) =>
  worker.evaluate(async (id) => {
    const stored = (await chrome.storage.local.get(['networkConditions'])).networkConditions as { id: string }[];
    return (stored.find((rule) => rule.id === id) as { times?: unknown } | undefined)?.times;
  }, id);

beforeAll(async () => {
  const target = await setup.chromium.browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  worker = (await target.worker()) as WebWorker;
  while (!(await worker.evaluate(() => '__uniTransferBackground' in globalThis))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await worker.evaluate((rules) => chrome.storage.local.set({ networkConditions: rules }), RULES);
});

describe.each(RUNTIMES)('network conditions on %s', (runtime) => {
  let page: Page;
  beforeAll(async () => {
    page = await setup.chromium.newPage(setup.env.appUrl(runtime, IDLE_SCENARIO));
    // Rules apply only to the inspected tab: our panel stays open on it for the whole block.
    await setup.chromium.openPanel(page);
    await waitForApi(page);
  });

  it('status without the server: the app gets the status and body through success', async () => {
    const up = await transfer(page, 'upload', `/upload?tag=cg-413-${runtime}`);
    expect(up).toMatchObject({ how: 'success', errMsg: 'uploadFile:ok', statusCode: 413, data: 'too big' });
    const down = await transfer(page, 'download', `/download?bytes=4096&tag=cg-503-${runtime}`);
    expect(down).toMatchObject({ how: 'success', errMsg: 'downloadFile:ok', statusCode: 503, body: 'busy' });
    expect(reached(`cg-413-${runtime}`)).toHaveLength(0);
    expect(reached(`cg-503-${runtime}`)).toHaveLength(0);
  });

  it("status with the server: the request arrives, the app gets the rule's answer", async () => {
    const up = await transfer(page, 'upload', `/upload?tag=cg-reach-${runtime}`);
    expect(up).toMatchObject({ how: 'success', statusCode: 500, data: 'replaced' });
    expect(reached(`cg-reach-${runtime}`).length).toBeGreaterThan(0);
  });

  it('fail at 50 %: progress up to about 50 %, then the network error', async () => {
    const down = await transfer(page, 'download', `/download?bytes=200000&rate=400000&tag=cg-fail-d-${runtime}`);
    expect(down).toMatchObject({ how: 'fail', errMsg: 'downloadFile:fail' });
    expect(down.statusCode).toBeUndefined();
    expect(down.progress.length).toBeGreaterThan(0);
    expect(Math.max(...down.progress)).toBeLessThanOrEqual(50);
    expect(Math.max(...down.progress)).toBeGreaterThanOrEqual(45);
    const up = await transfer(page, 'upload', `/upload?tag=cg-fail-u-${runtime}`, { bytes: 20000 });
    expect(up).toMatchObject({ how: 'fail', errMsg: 'uploadFile:fail' });
    expect(up.progress).toEqual([50]);
    expect(reached(`cg-fail-u-${runtime}`)).toHaveLength(0);
  });

  it('offline: an immediate network error, no request made', async () => {
    const down = await transfer(page, 'download', `/download?bytes=1000&tag=cg-offline-${runtime}`);
    expect(down).toMatchObject({ how: 'fail', errMsg: 'downloadFile:fail', progress: [] });
    const up = await transfer(page, 'upload', `/upload?tag=cg-offline-u-${runtime}`);
    expect(up).toMatchObject({ how: 'fail', errMsg: 'uploadFile:fail', progress: [] });
    expect(reached(`cg-offline-${runtime}`)).toHaveLength(0);
    expect(reached(`cg-offline-u-${runtime}`)).toHaveLength(0);
  });

  it("stall at 30 %: uni's own timeout ends it, or the app's abort", async () => {
    const down = await transfer(page, 'download', `/download?bytes=100000&tag=cg-stall-${runtime}`, { timeout: 1500 });
    expect(down).toMatchObject({ how: 'fail', errMsg: 'downloadFile:fail timeout' });
    expect(down.ms).toBeGreaterThan(1400);
    expect(Math.max(0, ...down.progress)).toBeLessThanOrEqual(30);
    const up = await transfer(page, 'upload', `/upload?tag=cg-stall-u-${runtime}`, { abortAfterMs: 400 });
    expect(up).toMatchObject({ how: 'fail', errMsg: 'uploadFile:fail abort', progress: [30] });
    const timedOut = await transfer(page, 'upload', `/upload?tag=cg-stall-t-${runtime}`, { timeout: 800 });
    expect(timedOut).toMatchObject({ how: 'fail', errMsg: 'uploadFile:fail timeout', progress: [30] });
  });

  it('throttle: progress at the throttled pace, success when the throttled transfer would end', async () => {
    // 100,000 bytes at 200 kB/s: 500 ms (+100 ms latency) instead of a few ms on loopback.
    const down = await transfer(page, 'download', `/download?bytes=100000&tag=cg-slow-${runtime}`);
    expect(down).toMatchObject({ how: 'success', errMsg: 'downloadFile:ok', statusCode: 200 });
    expect(down.ms).toBeGreaterThan(550);
    expect(monotone(down.progress)).toBe(true);
    expect(down.progress.length).toBeGreaterThanOrEqual(5);
    expect(down.progress.at(-1)).toBe(100);
    expect(down.body?.length).toBe(100000);
    // An upload of 50,000 bytes at 100 kB/s: about 500 ms.
    const up = await transfer(page, 'upload', `/upload?tag=cg-slow-u-${runtime}`, { bytes: 50000 });
    expect(up).toMatchObject({ how: 'success', errMsg: 'uploadFile:ok', statusCode: 200 });
    expect(up.ms).toBeGreaterThan(450);
    expect(monotone(up.progress)).toBe(true);
    expect(up.progress.length).toBeGreaterThanOrEqual(5);
    expect(up.progress.at(-1)).toBe(100);
  });

  it('times: 1 applies to the next matching task only; a task no rule matches is untouched', async () => {
    const first = await transfer(page, 'download', `/download?bytes=10&tag=cg-once-${runtime}`);
    expect(first).toMatchObject({ how: 'success', statusCode: 500, body: 'once' });
    const second = await transfer(page, 'download', `/download?bytes=10&tag=cg-once-${runtime}`);
    expect(second).toMatchObject({ how: 'success', statusCode: 200 });
    expect(second.body?.length).toBe(10);
    const plain = await transfer(page, 'download', `/download?bytes=10&tag=cg-none-${runtime}`);
    expect(plain).toMatchObject({ how: 'success', statusCode: 200 });
  });

  it('times: 1 across pages: the relay persists the application, a reloaded page applies the rule no more', async () => {
    const tag = `cg-next1-${runtime}`;
    const first = await transfer(page, 'download', `/download?bytes=1000&tag=${tag}`);
    expect(first).toMatchObject({ how: 'fail', errMsg: 'downloadFile:fail' });
    const retry = await transfer(page, 'download', `/download?bytes=1000&tag=${tag}`);
    expect(retry).toMatchObject({ how: 'success', statusCode: 200 });
    await expect.poll(() => storedTimes(tag), { timeout: WAIT_MS }).toBe(0);
    await page.reload();
    await waitForApi(page);
    const after = await transfer(page, 'download', `/download?bytes=1000&tag=${tag}`);
    expect(after).toMatchObject({ how: 'success', statusCode: 200 });
    expect(after.body?.length).toBe(1000);
    // Decremented once, not once here and once more in the stored value.
    expect(await storedTimes(tag)).toBe(0);
  });
});
