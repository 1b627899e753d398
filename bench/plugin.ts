// `npm run bench:plugin`: what the npm package's agent costs a phone's page, and how fast its tasks reach the
// viewer. The tree-shaken `build: true` build of the plugin fixture against the plain build of the same project,
// both on `vite preview` (tests/fixtures/plugin-app.ts), in one Chromium without the extension, interleaved (the
// order alternating per run). A viewer watches the QA build throughout, so its agent posts every event over the
// dev server's socket (the realistic path; without a viewer it only records). Prints one JSON object.
//   npx tsx bench/plugin.ts [--runs 3] [--smoke]
// - agentUsPerCall, agentWallUsPerTask, agentUsPerProgressEvent: as bench:probes (bench/lib/page-timing.ts), here
//   through uni's imported functions, which the plugin routes through the agent;
// - pageToViewerMs: from each event's time in the page to its arrival in the viewer page (p50 and p95 per run), in
//   a pass of its own at about 2,000 events/s (downloads of data: URLs started every 20 ms), as bench:pipeline
//   measures the extension's page → panel latency; eventsPerSecond says the rate reached;
// - agentGzipBytes: the inline agent, as pack:npm measured it (goal: at most 15 kB).

import type { Page } from 'puppeteer';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { prepareFixtures } from '../tests/fixtures/index';
import { preparePluginApp, startPluginServer } from '../tests/fixtures/plugin-app';
import { benchArgs } from './lib/args';
import { measureInPage, type Sample } from './lib/page-timing';
import { figure, percentile, round } from './lib/stats';

const args = benchArgs();
const size = args.smoke ? { calls: 20, events: 200, repeats: 1 } : { calls: 300, events: 20_000, repeats: 5 };

/** In the viewer page, before its scripts: the delay of every event that arrives, in ms (page clocks are epoch). */
function recordArrivals(): void {
  const Native = WebSocket;
  const arrivals: number[] = [];
  Object.assign(window, { __arrivals: arrivals });
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        const at = performance.timeOrigin + performance.now();
        const message = JSON.parse(String(event.data));
        const envelope = message?.message?.envelope;
        if (envelope?.type !== 'events') return;
        for (const item of envelope.payload.events) arrivals.push(at - item.at);
      });
    }
  };
}

/** In the page: starts `tasks` downloads, `perTick` every `tickMs`; resolves when the last has started. */
function startAtRate(tasks: number, perTick: number, tickMs: number): Promise<number> {
  const api = (window as unknown as { __fixtureApi: { downloadFile(options: object): unknown } }).__fixtureApi;
  const begun = performance.now();
  let started = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < perTick && started < tasks; i++, started++) {
        api.downloadFile({ url: `data:application/octet-stream,latency-${started}`, success() {}, fail() {} });
      }
      if (started >= tasks) {
        clearInterval(timer);
        resolve(performance.now() - begun);
      }
    }, tickMs);
  });
}

const arrivalsIn = (viewer: Page) =>
  viewer.evaluate(() => (window as unknown as { __arrivals: number[] }).__arrivals.length);

/** Waits until no event has arrived for 300 ms (the agent flushes every 25 ms). */
async function settled(viewer: Page): Promise<void> {
  let last = -1;
  for (;;) {
    const count = await arrivalsIn(viewer);
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The latency pass: a fresh page of the QA build, watched by `viewer`, at about 2,000 events/s. */
async function latency(viewer: Page, origin: string) {
  const page = await chromium.browser.newPage();
  await page.goto(`${origin}/?scenario=idle-for-bench`);
  await page.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
  await settled(viewer);
  await viewer.evaluate(() => {
    (window as unknown as { __arrivals: number[] }).__arrivals.length = 0;
  });
  const tasks = args.smoke ? 50 : 500;
  const ms = await page.evaluate(startAtRate, tasks, 5, 20);
  await settled(viewer);
  const arrivals = await viewer.evaluate(() => (window as unknown as { __arrivals: number[] }).__arrivals);
  await page.close();
  return {
    p50: percentile(arrivals, 50),
    p95: percentile(arrivals, 95),
    events: arrivals.length,
    eventsPerSecond: (arrivals.length * 1000) / ms,
  };
}

async function sample(page: Page): Promise<Sample> {
  await page.evaluate('globalThis.__name ??= (target) => target'); // tsx names inner functions with __name()
  await page.evaluate(measureInPage, Math.min(size.calls, 50), Math.min(size.events, 1000), 1); // warm-up
  return page.evaluate(measureInPage, size.calls, size.events, size.repeats);
}

await prepareFixtures({ runtimes: ['vue3-dev'], log: () => {} });
const app = await preparePluginApp(() => {});
const qa = await startPluginServer(app, 'preview');
const plain = await startPluginServer(app, 'preview', { outDir: app.plainBuildDir });
const chromium = await launchChromium({ withExtension: false });
try {
  const runs: {
    plain: Sample;
    withAgent: Sample;
    pageToViewerP50: number;
    pageToViewerP95: number;
    events: number;
    eventsPerSecond: number;
  }[] = [];
  for (let run = 0; run < args.runs; run++) {
    const results: Partial<Record<'plain' | 'withAgent', Sample>> = {};
    let measured = { p50: Number.NaN, p95: Number.NaN, events: 0, eventsPerSecond: Number.NaN };
    for (const pass of run % 2 === 0 ? (['plain', 'withAgent'] as const) : (['withAgent', 'plain'] as const)) {
      const origin = pass === 'plain' ? plain.origin : qa.origin;
      const viewer = pass === 'withAgent' ? await openViewerRecording(qa.viewerUrl) : null;
      const page = await chromium.browser.newPage();
      await page.goto(`${origin}/?scenario=idle-for-bench`);
      await page.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
      results[pass] = await sample(page);
      await page.close();
      if (viewer) {
        measured = await latency(viewer, origin);
        await viewer.close();
      }
    }
    runs.push({
      plain: results.plain as Sample,
      withAgent: results.withAgent as Sample,
      pageToViewerP50: measured.p50,
      pageToViewerP95: measured.p95,
      events: measured.events,
      eventsPerSecond: measured.eventsPerSecond,
    });
  }
  const added = (key: keyof Sample) =>
    figure(
      runs.map((run) => run.withAgent[key] - run.plain[key]),
      2,
    );
  const agentGzipBytes = Number(app.packInfo.agentGzipBytes);
  const agentUsPerCall = added('callUs');
  console.log(
    JSON.stringify(
      {
        bench: 'plugin',
        smoke: args.smoke,
        runs: args.runs,
        workload: { build: 'build: true, tree-shaken, vite preview', ...size },
        agentBytes: Number(app.packInfo.agentBytes),
        agentGzipBytes,
        agentUsPerCall,
        agentWallUsPerTask: added('taskWallUs'),
        agentUsPerProgressEvent: added('progressEventUs'),
        pageToViewerMs: {
          p50: figure(
            runs.map((run) => run.pageToViewerP50),
            1,
          ),
          p95: figure(
            runs.map((run) => run.pageToViewerP95),
            1,
          ),
        },
        eventsPerSecond: figure(
          runs.map((run) => run.eventsPerSecond),
          0,
        ),
        perRun: runs.map((run) => ({
          ...run,
          pageToViewerP50: round(run.pageToViewerP50, 1),
          pageToViewerP95: round(run.pageToViewerP95, 1),
          eventsPerSecond: round(run.eventsPerSecond, 0),
        })),
        goals: {
          agentGzipBytes: { goal: 15_000, value: agentGzipBytes, pass: agentGzipBytes <= 15_000 },
          agentUsPerCall: { goal: 50, median: agentUsPerCall.median, pass: (agentUsPerCall.median ?? Infinity) <= 50 },
        },
      },
      null,
      2,
    ),
  );
} finally {
  await chromium.close();
  await Promise.all([qa.stop(), plain.stop()]);
}

/** The viewer, counting arrivals from before its first script; resolves once it reaches the hub. */
async function openViewerRecording(url: string): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.evaluateOnNewDocument(recordArrivals);
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="viewer"]')?.getAttribute('data-hub-connected') === 'true',
  );
  return page;
}
