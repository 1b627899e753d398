// `npm run bench:phone`: the npm package's agent measured as a phone runs it (issue 19, point 5). A mid-range
// Android: Chromium with Pixel 5 emulation and the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), no
// extension. The same page (the uni-app fixture, vue3-notree) is timed without the agent and with it, the agent
// put in as the Vite plugin puts it: the package's own build of agent/standalone.ts (scripts/agent-build.ts), run
// before any page script. Runs alternate the order. Prints one JSON object.
//   npx tsx bench/phone.ts [--runs 3] [--smoke]
// - callUs: one `uni.downloadFile({url, success, fail})` through the app's own function (bench/lib/page-timing.ts):
//   uni's own call time without the agent, and with it; `callRatio` = with / without (how many times as long the
//   app's call takes), `agentUsPerCall` = the difference.
// - progressEventUs: one progress event on a download's XHR (uni's listener and ours).
// - agentGzipBytes: the agent as the plugin inlines it, gzipped (the limit: 12 kB).
// No hub runs: the agent's socket finds none and retries in the background (as on a phone whose dev server is
// away); it records, and posts nothing, as with no viewer open.

import { gzipSync } from 'node:zlib';
import { KnownDevices, type Page } from 'puppeteer';
import { buildAgent } from '../scripts/agent-build.ts';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { startFixtureEnv } from '../tests/fixtures/index';
import { benchArgs } from './lib/args';
import { measureInPage, type Sample } from './lib/page-timing';
import { figure } from './lib/stats';

const RUNTIME = 'vue3-notree';
/**
 * Under libfaketime (the suite's "a year ahead" run: LD_PRELOAD reaches Chromium too) a throttled page never loads:
 * Chromium's CPU throttling paces the renderer by clocks libfaketime shifts (measured 2026-12: page.goto times out
 * at 4×, loads at once at 1×). There the bench runs unthrottled and says so (`throttleSkipped`).
 */
const UNDER_FAKETIME = Boolean(process.env.FAKETIME) || /faketime/.test(process.env.LD_PRELOAD ?? '');
const CPU_THROTTLE = UNDER_FAKETIME ? 1 : 4;
const PHONE = 'Pixel 5';
const AGENT_GZIP_LIMIT = 12 * 1024;
const args = benchArgs();
const size = args.smoke ? { calls: 10, events: 100, repeats: 1 } : { calls: 150, events: 5_000, repeats: 5 };

type Pass = 'plain' | 'withAgent';

async function measure(page: Page): Promise<Sample> {
  // A warm-up pass first, so both pages measure optimized code.
  await page.evaluate(measureInPage, Math.min(size.calls, 30), Math.min(size.events, 500), 1);
  return page.evaluate(measureInPage, size.calls, size.events, size.repeats);
}

const agent = await buildAgent(process.cwd());
const env = await startFixtureEnv({ runtimes: [RUNTIME], verbose: false });
const chromium = await launchChromium({ withExtension: false });
try {
  const url = env.appUrl(RUNTIME, 'idle-for-bench');
  const runs: Record<Pass, Sample>[] = [];
  for (let run = 0; run < args.runs; run++) {
    const order: Pass[] = run % 2 === 0 ? ['plain', 'withAgent'] : ['withAgent', 'plain'];
    const results = {} as Record<Pass, Sample>;
    for (const pass of order) {
      const page = await chromium.newPage();
      await page.emulate(KnownDevices[PHONE]);
      const cdp = await page.createCDPSession();
      if (CPU_THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      if (pass === 'withAgent') await page.evaluateOnNewDocument(agent);
      await page.goto(url);
      await page.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
      await page.evaluate('globalThis.__name ??= (target) => target'); // tsx names inner functions with __name()
      results[pass] = await measure(page);
      await cdp.detach();
      await page.close();
    }
    runs.push(results);
  }
  const values = (pass: Pass, key: keyof Sample) => runs.map((run) => run[pass][key]);
  const added = (key: keyof Sample) =>
    figure(
      runs.map((run) => run.withAgent[key] - run.plain[key]),
      2,
    );
  const callRatio = figure(
    runs.map((run) => run.withAgent.callUs / run.plain.callUs),
    3,
  );
  const agentGzipBytes = gzipSync(Buffer.from(agent, 'utf8')).length;
  console.log(
    JSON.stringify(
      {
        bench: 'phone',
        smoke: args.smoke,
        runs: args.runs,
        device: PHONE,
        cpuThrottle: CPU_THROTTLE,
        ...(UNDER_FAKETIME ? { throttleSkipped: 'libfaketime shifts the clocks that CPU throttling paces by' } : {}),
        workload: { runtime: RUNTIME, ...size },
        uniCallUs: figure(values('plain', 'callUs'), 2),
        callUsWithAgent: figure(values('withAgent', 'callUs'), 2),
        callRatio,
        agentUsPerCall: added('callUs'),
        agentUsPerProgressEvent: added('progressEventUs'),
        agentWallUsPerTask: added('taskWallUs'),
        agentGzipBytes,
        perRun: runs,
        goals: {
          agentGzipBytes: { goal: AGENT_GZIP_LIMIT, value: agentGzipBytes, pass: agentGzipBytes <= AGENT_GZIP_LIMIT },
        },
      },
      null,
      2,
    ),
  );
} finally {
  await chromium.close();
  await env.close();
}
