// bench:pipeline's event streams: progress events driven at a set rate through the real agent, relay, background
// and panel. The page starts `streamTasks` uni downloads of the test server's /hang (they stay running and get no
// real progress event), then dispatches ProgressEvents on their XHRs (task._xhr, uni's own field): the agent's
// listeners record each one as a real one, and uni's onprogress runs too. Each step: drive at a rate for a while,
// wait until the panel received them, then count what it lists per task (rows read by scrolling the grid).

import type { Page } from 'puppeteer';
import type { PanelHandle } from '../../tests/e2e/harness/panel-handle';
import {
  counters,
  latenciesFrom,
  readAllRows,
  resetLatencies,
  settleEvents,
  waitForTaskCount,
} from '../lib/panel-view';
import { percentile, sum } from '../lib/stats';
import { SUSTAINED } from './config';

interface StreamWindow {
  __stream: { xhrs: XMLHttpRequest[]; tasks: { abort(): void }[]; loaded: number[]; next: number };
}

export interface StepResult {
  targetPerSecond: number;
  dispatched: number;
  achievedPerSecond: number;
  /** Longest gap between the driver's timer ticks (the page's main thread was busy). */
  maxTickGapMs: number;
  lost: number;
  /** After the page stopped: until the panel had received every event (or stopped receiving). */
  drainMs: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  maxLatencyMs: number;
  sustained: boolean;
  /** Why not: the page could not dispatch the rate, an event was lost, or the panel fell behind. */
  limitedBy: ('page' | 'lost' | 'drain')[];
}

/** Starts the running downloads and waits until the panel lists them. */
export async function startStream(page: Page, panel: PanelHandle, origin: string, tasks: number): Promise<void> {
  const listed = (await counters(panel)).events;
  await page.evaluate(
    (origin: string, count: number) => {
      type Task = { _xhr?: XMLHttpRequest; abort(): void };
      const fixture = (window as unknown as { __fixtureApi: { downloadFile(o: object): Task } }).__fixtureApi;
      const stream: StreamWindow['__stream'] = { xhrs: [], tasks: [], loaded: [], next: 0 };
      for (let i = 0; i < count; i++) {
        const task = fixture.downloadFile({ url: `${origin}/hang?stream=${i}`, timeout: 3_600_000, fail: () => {} });
        if (!task._xhr) throw new Error('uni DownloadTask without _xhr');
        stream.tasks.push(task);
        stream.xhrs.push(task._xhr);
        stream.loaded.push(0);
      }
      (window as unknown as StreamWindow).__stream = stream;
    },
    origin,
    tasks,
  );
  await waitForTaskCount(panel, tasks, 'hang?stream=');
  // Everything the tasks' start sent has arrived: the panel's counter stops moving.
  await settleEvents(panel, Number.POSITIVE_INFINITY, 300);
  if ((await counters(panel)).events === listed) throw new Error('the panel received no event for the stream tasks');
}

/** Dispatches `rate` progress events a second over the stream's XHRs for `seconds`. */
function drive(page: Page, rate: number, seconds: number) {
  return page.evaluate(
    (rate: number, ms: number) =>
      new Promise<{ dispatched: number; elapsedMs: number; maxTickGapMs: number }>((resolve) => {
        const stream = (window as unknown as StreamWindow).__stream;
        const count = stream.xhrs.length;
        const start = performance.now();
        let sent = 0;
        let lastTick = start;
        let maxGap = 0;
        const tick = () => {
          const now = performance.now();
          maxGap = Math.max(maxGap, now - lastTick);
          lastTick = now;
          const elapsed = now - start;
          const due = Math.floor((rate * Math.min(elapsed, ms)) / 1000);
          while (sent < due) {
            const index = stream.next++ % count;
            stream.loaded[index] = (stream.loaded[index] ?? 0) + 1000;
            const init = { lengthComputable: true, loaded: stream.loaded[index], total: 1e12 };
            stream.xhrs[index]?.dispatchEvent(new ProgressEvent('progress', init));
            sent++;
          }
          if (elapsed >= ms) resolve({ dispatched: sent, elapsedMs: performance.now() - start, maxTickGapMs: maxGap });
          else setTimeout(tick, 1);
        };
        tick();
      }),
    rate,
    seconds * 1000,
  );
}

/** Progress events the panel lists for the stream's tasks (rows whose URL is the /hang one). */
async function listedStreamProgress(panel: PanelHandle): Promise<number> {
  const rows = await readAllRows(panel);
  return sum(
    [...rows.values()]
      .filter((row) => row.url?.includes('/hang?stream='))
      .map((row) => Number(row.progressEvents ?? 0)),
  );
}

/** Runs steps one after another on one stream; `expected` carries the cumulative count between calls. */
export function streamSteps(page: Page, panel: PanelHandle) {
  let expected = 0;
  let lostSoFar = 0;
  return async (rate: number, seconds: number): Promise<StepResult> => {
    await resetLatencies(panel);
    const before = await counters(panel);
    const run = await drive(page, rate, seconds);
    expected += run.dispatched;
    // Progress events only: a start event of the stream's tasks that was still on its way must not count as one.
    const settled = await settleEvents(panel, before.progress + run.dispatched, undefined, 'progress');
    const latencies = await latenciesFrom(panel, 0);
    const lostTotal = expected - (await listedStreamProgress(panel));
    const lost = lostTotal - lostSoFar;
    lostSoFar = lostTotal;
    const achieved = run.dispatched / (run.elapsedMs / 1000);
    const limitedBy: StepResult['limitedBy'] = [];
    if (achieved < rate * SUSTAINED.minRateShare) limitedBy.push('page');
    if (lost !== 0) limitedBy.push('lost');
    if (settled.settledMs > SUSTAINED.maxDrainMs) limitedBy.push('drain');
    return {
      targetPerSecond: rate,
      dispatched: run.dispatched,
      achievedPerSecond: Math.round(achieved),
      maxTickGapMs: Math.round(run.maxTickGapMs * 10) / 10,
      lost,
      drainMs: Math.round(settled.settledMs),
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
      maxLatencyMs: percentile(latencies, 100),
      sustained: limitedBy.length === 0,
      limitedBy,
    };
  };
}

/** Aborts the stream's downloads (their /hang requests end). */
export async function stopStream(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const task of (window as unknown as StreamWindow).__stream.tasks) task.abort();
  });
}
