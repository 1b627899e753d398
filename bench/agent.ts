// `npm run bench:agent`: the page agent's cost, in Chromium, with the extension (and its DevTools panel open)
// against without it, interleaved in one run. Prints JSON.
//
// Workload: 200 uploads and 200 downloads of 1 MB over loopback, through the app's own uni functions
// (vue3-notree build: both probes active), 4 at a time, in rounds that alternate which browser goes first.

import type { Page } from 'puppeteer';
import { launchComparison } from '../tests/e2e/harness/comparison';
import { waitForFixtureDone } from '../tests/e2e/harness/fixture-page';
import { startFixtureEnv } from '../tests/fixtures/index';

const RUNTIME = 'vue3-notree';
const ROUNDS = 8;
const PER_ROUND = 25; // uploads and downloads each, per round and browser
const MB = 1024 * 1024;

interface BatchResult {
  wallMs: number;
  taskDurationMs: number;
  progressEvents: number;
}

/** Runs one batch in the page and returns its wall time, main-thread busy time and progress events seen. */
async function runBatch(page: Page, api: string): Promise<BatchResult> {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  const before = await busy();
  const { wallMs, progressEvents } = await page.evaluate(
    async (count: number, size: number, origin: string) => {
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
      await Promise.all([worker(), worker(), worker(), worker()]);
      return { wallMs: performance.now() - started, progressEvents: progress };
    },
    PER_ROUND,
    MB,
    api,
  );
  const taskDurationMs = (await busy()) - before;
  await cdp.detach();
  return { wallMs, taskDurationMs, progressEvents };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

const env = await startFixtureEnv({ runtimes: [RUNTIME], verbose: false });
const browsers = await launchComparison();
const sessions = { without: browsers.plain, with: browsers.instrumented };
try {
  const url = env.appUrl(RUNTIME, 'request-and-fetch');
  const pages = {
    without: await sessions.without.newPage(url),
    with: await sessions.with.newPage(url),
  };
  for (const page of Object.values(pages)) {
    // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one.
    await page.evaluate('globalThis.__name ??= (target) => target');
    await waitForFixtureDone(page);
  }
  // Phase 1, the cost every page pays: the extension loaded, DevTools closed, interleaved with a plain browser.
  const results: Record<'without' | 'with', BatchResult[]> = { without: [], with: [] };
  for (let index = 0; index < ROUNDS; index++) {
    const order = index % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
    for (const side of order) results[side].push(await runBatch(pages[side], env.server.origin));
  }
  const tasks = ROUNDS * PER_ROUND * 2;
  // Phase 2, the pipeline: the same workload again on a fresh page with our panel open in the real DevTools.
  const piped = await sessions.with.newPage(url);
  await piped.evaluate('globalThis.__name ??= (target) => target');
  await waitForFixtureDone(piped);
  const panel = await sessions.with.openPanel(piped);
  const pipelineRuns: BatchResult[] = [];
  for (let index = 0; index < ROUNDS; index++) pipelineRuns.push(await runBatch(piped, env.server.origin));
  // Nothing lost: the panel lists every task, final, with every progress event the app saw.
  await panel.waitFor(
    (expected: number) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')];
      return rows.length === expected && rows.every((row) => row.dataset.status === 'success');
    },
    { args: [tasks], timeoutMs: 60_000 },
  );
  const panelView = await panel.evaluate<{ progressEvents: number; events: number; latencies: number[] }>(() => {
    const stats = (globalThis as unknown as { __uniTransferPanelStats: { events: number; latencies: number[] } })
      .__uniTransferPanelStats;
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')];
    return {
      progressEvents: rows.reduce((total, row) => total + Number(row.dataset.progressEvents), 0),
      events: stats.events,
      latencies: stats.latencies,
    };
  });
  const wall = { without: sum(results.without.map((r) => r.wallMs)), with: sum(results.with.map((r) => r.wallMs)) };
  const busy = {
    without: sum(results.without.map((r) => r.taskDurationMs)),
    with: sum(results.with.map((r) => r.taskDurationMs)),
  };
  const addedMs = busy.with - busy.without;
  const appProgressEvents = sum(results.with.map((r) => r.progressEvents));
  const pipedProgressEvents = sum(pipelineRuns.map((r) => r.progressEvents));
  const pipedWallMs = sum(pipelineRuns.map((r) => r.wallMs));
  console.log(
    JSON.stringify(
      {
        bench: 'agent',
        browser: await sessions.with.browser.version(),
        runtime: RUNTIME,
        workload: { uploads: tasks / 2, downloads: tasks / 2, bytesEach: MB, concurrency: 4, rounds: ROUNDS },
        wallMs: { without: round(wall.without, 1), with: round(wall.with, 1) },
        wallRatio: round(wall.with / wall.without),
        // Loopback timing varies by several percent between rounds: the per-round ratios show the spread.
        wallRatioPerRound: results.with.map((r, i) => round(r.wallMs / (results.without[i]?.wallMs ?? Number.NaN))),
        wallRatioMedian: round(
          percentile(
            results.with.map((r, i) => r.wallMs / (results.without[i]?.wallMs ?? Number.NaN)),
            50,
          ),
        ),
        mainThreadMs: { without: round(busy.without, 1), with: round(busy.with, 1) },
        addedMainThreadUsPerTask: round((addedMs * 1000) / tasks, 1),
        addedMainThreadUsPerProgressEvent: round((addedMs * 1000) / Math.max(1, appProgressEvents), 1),
        pipeline: {
          note: 'same workload with the panel open in the real DevTools',
          wallMs: round(pipedWallMs, 1),
          progressEvents: { seenByApp: pipedProgressEvents, listedByPanel: panelView.progressEvents },
          eventsToPanel: panelView.events,
          eventsPerSecond: round(panelView.events / (pipedWallMs / 1000), 0),
          tasksListed: tasks,
          lostProgressEvents: pipedProgressEvents - panelView.progressEvents,
          p50LatencyMs: round(percentile(panelView.latencies, 50), 1),
          p95LatencyMs: round(percentile(panelView.latencies, 95), 1),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browsers.close();
  await env.close();
}
