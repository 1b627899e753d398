// `npm run bench:probes`: the agent's own main-thread cost per uni call and per progress event, measured in the
// page with performance.now() around the very calls the app makes, with the extension against without it (two
// Chromiums, interleaved, the order alternating). Prints one JSON object.
//   npx tsx bench/probe-cost.ts [--runs 3] [--smoke] [--extension dist/chrome] [--profile] [--rules-unmatched]
// `--rules-unmatched` (always on in --smoke) measures the instrumented browser twice more per run with our panel
// open on the page (rules apply only to an inspected tab): without rules, and with a network-condition rule stored
// that matches none of the bench's tasks (issue 11: a task no rule matches must cost nothing more). It reports
// agentUsPerCallPanelOpen and agentUsPerCallWithUnmatchedRules: their difference is what the rule costs.
// `--profile` adds a CPU profile of the instrumented page during the timings: the agent's functions by self time
// and the natives it calls (where the remaining microseconds go).
//
// Why beside bench:agent's CPU profile: a sampling profile at ~130 µs real intervals on a 2-core machine is a
// statistical estimate with wide swings; this is a direct timing of the same code paths, differenced.
// - callUs: one `uni.downloadFile({url, success, fail})` through the app's own function (vue3-notree: both
//   probes, the uni wrapper and the XHR open/send wrappers, run synchronously in the call). The XHRs load a
//   data: URL, so the browser's own send() costs little and varies little (to loopback it cost ~200 µs ± 50 µs
//   run to run, which drowned the difference); they are aborted after timing.
// - taskWallUs: one whole task, call to success: `calls` downloads of data: URLs started together, timed until the
//   last success callback (the call, the XHR's own events with our listeners on them, uni's callback with our
//   recording wrapper, the blob URL uni makes). Wall time of a burst, so the browser's loader is in it too: read
//   the added time as an upper bound of the agent's, not its CPU time (`--profile` gives that).
// - progressEventUs: one progress event on a download's XHR (dispatched synthetically: the same listeners, uni's
//   onprogress and ours, run as for a real one).
// DevTools is closed: the agent records, nothing is posted (bench:agent measures the panel-open path).

import type { Page } from 'puppeteer';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { extensionWorker, rule, storeRules } from '../tests/e2e/harness/stored-rules';
import { startFixtureEnv } from '../tests/fixtures/index';
import { type ExtensionProfile, profileExtension } from './lib/agent-profile';
import { benchArgs } from './lib/args';
import { measureInPage, type Sample } from './lib/page-timing';
import { figure } from './lib/stats';

const RUNTIME = (process.env.BENCH_RUNTIME ?? 'vue3-notree') as 'vue3-notree';
const args = benchArgs();
const rulesUnmatched = args.smoke || process.argv.includes('--rules-unmatched');
/** On and valid, of an effect that would show (offline), matching no URL of the bench. */
const UNMATCHED_RULES = [rule('bench-unmatched', '/never-matches/', { effect: 'offline' })];
const size = args.smoke ? { calls: 20, events: 200, repeats: 1 } : { calls: 300, events: 20_000, repeats: 5 };

const profiles: ExtensionProfile[] = [];

async function sample(page: Page, profile: boolean): Promise<Sample> {
  // A warm-up pass first, so both browsers measure optimized code.
  await page.evaluate(measureInPage, Math.min(size.calls, 50), Math.min(size.events, 1000), 1);
  const stop = profile ? await profileExtension(page, args.extensionDir, 50) : undefined;
  const result = await page.evaluate(measureInPage, size.calls, size.events, size.repeats);
  if (stop) profiles.push(await stop());
  return result;
}

const env = await startFixtureEnv({ runtimes: [RUNTIME], verbose: false });
const plain = await launchChromium({ withExtension: false });
const instrumented = await launchChromium({ extensionDir: args.extensionDir });
try {
  const url = env.appUrl(RUNTIME, 'idle-for-bench');
  const worker = rulesUnmatched ? await extensionWorker(instrumented.browser) : undefined;
  type Pass = 'plain' | 'withAgent' | 'panelOpen' | 'withUnmatchedRules';
  const runs: Partial<Record<Pass, Sample>>[] = [];
  for (let run = 0; run < args.runs; run++) {
    const passes: Pass[] = rulesUnmatched
      ? ['plain', 'withAgent', 'panelOpen', 'withUnmatchedRules']
      : ['plain', 'withAgent'];
    const order = run % 2 === 0 ? passes : passes.reverse();
    const results: Partial<Record<Pass, Sample>> = {};
    for (const pass of order) {
      const session = pass === 'plain' ? plain : instrumented;
      // The relay hands the stored rules to the agent at document_start: stored before the page loads.
      if (worker) await storeRules(worker, pass === 'withUnmatchedRules' ? UNMATCHED_RULES : []);
      const page = await session.newPage();
      const panel = pass === 'panelOpen' || pass === 'withUnmatchedRules' ? await instrumented.openPanel(page) : null;
      await page.goto(url);
      await page.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
      await page.evaluate('globalThis.__name ??= (target) => target'); // tsx names inner functions with __name()
      results[pass] = await sample(page, args.profile && pass === 'withAgent');
      await panel?.close();
      await page.close();
    }
    runs.push(results);
  }
  const added = (key: keyof Sample, pass: Pass = 'withAgent') =>
    figure(
      runs.map((run) => (run[pass] as Sample)[key] - (run.plain as Sample)[key]),
      2,
    );
  const agentUsPerCall = added('callUs');
  const agentUsPerProgressEvent = added('progressEventUs');
  const agentWallUsPerTask = added('taskWallUs');
  console.log(
    JSON.stringify(
      {
        bench: 'probe-cost',
        smoke: args.smoke,
        runs: args.runs,
        workload: { runtime: RUNTIME, ...size },
        agentUsPerCall,
        ...(rulesUnmatched
          ? {
              agentUsPerCallPanelOpen: added('callUs', 'panelOpen'),
              agentUsPerCallWithUnmatchedRules: added('callUs', 'withUnmatchedRules'),
              agentWallUsPerTaskWithUnmatchedRules: added('taskWallUs', 'withUnmatchedRules'),
            }
          : {}),
        agentWallUsPerTask,
        agentUsPerProgressEvent,
        perRun: runs,
        ...(args.profile
          ? {
              profile: profiles.map((profile) => ({
                agentSelfMs: profile.agentSelfMs,
                top: profile.top.slice(0, 15),
                natives: profile.nativeFromExtension.slice(0, 12),
              })),
            }
          : {}),
        goals: {
          agentUsPerCall: { goal: 50, median: agentUsPerCall.median, pass: (agentUsPerCall.median ?? Infinity) <= 50 },
          agentUsPerProgressEvent: {
            goal: 10,
            median: agentUsPerProgressEvent.median,
            pass: (agentUsPerProgressEvent.median ?? Infinity) <= 10,
          },
        },
      },
      null,
      2,
    ),
  );
} finally {
  await plain.close();
  await instrumented.close();
  await env.close();
}
