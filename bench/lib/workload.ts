// The page workloads the benches run through the app's own uni functions (window.__fixtureApi of the uni-app
// fixture, vue3-notree build: both probes active):
// - transfers: `perKind` uploads and `perKind` downloads of `bytes` each over loopback, `concurrency` at a time;
// - progress: a few slow downloads that each get a progress event about every 50 ms (the server sends a slice per
//   50 ms, Chromium fires progress at most once per 50 ms per XHR): mostly progress events, few tasks.

import type { Page } from 'puppeteer';
import type { ChromiumSession } from '../../tests/e2e/harness/chromium';
import { waitForFixtureDone } from '../../tests/e2e/harness/fixture-page';

export const RUNTIME = 'vue3-notree';
export const SCENARIO = 'request-and-fetch';

export interface BatchResult {
  tasks: number;
  wallMs: number;
  /** Main-thread busy time of the page's renderer (CDP Performance metrics, TaskDuration). */
  taskDurationMs: number;
  /** Progress callbacks the app received (uni calls them once per XHR progress event). */
  progressEvents: number;
}

/** Opens the fixture page and waits for its scenario; the page gets a no-op __name (tsx wraps named inner functions). */
export async function openFixturePage(session: ChromiumSession, url: string): Promise<Page> {
  const page = await session.newPage(url);
  await page.evaluate('globalThis.__name ??= (target) => target');
  await waitForFixtureDone(page);
  return page;
}

async function busyMeter(page: Page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  const before = await busy();
  return async () => {
    const ms = (await busy()) - before;
    await cdp.detach();
    return ms;
  };
}

export interface TransferOptions {
  perKind: number;
  bytes: number;
  concurrency: number;
}

/** Uploads and downloads through uni, `concurrency` at a time; resolves when every task completed. */
export async function runTransfers(page: Page, origin: string, options: TransferOptions): Promise<BatchResult> {
  const meter = await busyMeter(page);
  const { wallMs, progressEvents } = await page.evaluate(
    async (count: number, size: number, concurrency: number, origin: string) => {
      type Task = { onProgressUpdate(cb: () => void): void };
      type Api = (options: Record<string, unknown>) => Task;
      const fixture = (window as unknown as { __fixtureApi: { uploadFile: Api; downloadFile: Api } }).__fixtureApi;
      const filePath = URL.createObjectURL(new Blob([new Uint8Array(size)]));
      let progress = 0;
      const jobs: (() => Promise<void>)[] = [];
      for (let i = 0; i < count; i++) {
        for (const kind of ['upload', 'download'] as const) {
          jobs.push(
            () =>
              new Promise<void>((resolve) => {
                const options = {
                  url: kind === 'upload' ? `${origin}/upload?tag=bench` : `${origin}/download?bytes=${size}`,
                  ...(kind === 'upload' ? { filePath, name: 'file' } : {}),
                  complete: () => resolve(),
                };
                const task = kind === 'upload' ? fixture.uploadFile(options) : fixture.downloadFile(options);
                task.onProgressUpdate(() => {
                  progress += 1;
                });
              }),
          );
        }
      }
      const started = performance.now();
      const worker = async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await job();
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      URL.revokeObjectURL(filePath);
      return { wallMs: performance.now() - started, progressEvents: progress };
    },
    options.perKind,
    options.bytes,
    options.concurrency,
    origin,
  );
  return { tasks: options.perKind * 2, wallMs, taskDurationMs: await meter(), progressEvents };
}

/** `tasks` slow downloads at once, each getting ~20 progress events a second for `seconds`. */
export async function runProgress(page: Page, origin: string, tasks: number, seconds: number): Promise<BatchResult> {
  const meter = await busyMeter(page);
  const rate = 20_000; // bytes/s: the server sends 1,000 bytes every 50 ms
  const { wallMs, progressEvents } = await page.evaluate(
    async (tasks: number, bytes: number, rate: number, origin: string) => {
      type Task = { onProgressUpdate(cb: () => void): void };
      type Api = (options: Record<string, unknown>) => Task;
      const fixture = (window as unknown as { __fixtureApi: { downloadFile: Api } }).__fixtureApi;
      let progress = 0;
      const started = performance.now();
      await Promise.all(
        Array.from(
          { length: tasks },
          (_, i) =>
            new Promise<void>((resolve) => {
              const url = `${origin}/download?bytes=${bytes}&rate=${rate}&seed=${i}`;
              const task = fixture.downloadFile({ url, complete: () => resolve() });
              task.onProgressUpdate(() => {
                progress += 1;
              });
            }),
        ),
      );
      return { wallMs: performance.now() - started, progressEvents: progress };
    },
    tasks,
    Math.round(rate * seconds),
    rate,
    origin,
  );
  return { tasks, wallMs, taskDurationMs: await meter(), progressEvents };
}
