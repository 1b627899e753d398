// `npm run bench:pipeline`: what the open panel costs the page, and how fast page → panel is. Prints one JSON object.
//   npx tsx bench/pipeline.ts [--runs 3] [--smoke] [--mode all|overhead|latency|stress] [--extension dist/chrome]
//
// Each run (default 3; goal figures are medians of the runs):
// - overhead (bench/pipeline/overhead.ts): batches of 25 uploads + 25 downloads of 1 MB (4 at a time) through the
//   app's uni functions, 6 interleaved rounds: page wall time with DevTools open on our panel (extension loaded)
//   over DevTools open on Chrome's Network panel (no extension). Goal: ratio <= 1.0.
// - latency: 2,000 progress events a second for 5 s through the real agent → relay → background → panel
//   (bench/pipeline/stream.ts), latency = the agent's clock at each event → its arrival in the panel's store (the
//   panel's own stats). Goal: p95 <= 50 ms; nothing lost.
// - stress: the same at 2k, 5k, 10k, ... 320k events a second, 3 s each, until a rate is not sustained
//   (an event lost, the page under 95% of the rate, or the panel more than 1 s behind when the page stops).
//   Goal: >= 20,000 a second sustained.
// `--smoke`: a few small tasks and short streams, 1 run (npm test runs it, tests/e2e/bench-smoke.test.ts).

import { launchChromium } from '../tests/e2e/harness/chromium';
import { startFixtureEnv } from '../tests/fixtures/index';
import { benchArgs } from './lib/args';
import { preparePanel } from './lib/panel-view';
import { figure, goal, round } from './lib/stats';
import { openFixturePage, RUNTIME, SCENARIO } from './lib/workload';
import { FULL, GOALS, SMOKE, SUSTAINED } from './pipeline/config';
import { type OverheadRun, overheadRun } from './pipeline/overhead';
import { type StepResult, startStream, stopStream, streamSteps } from './pipeline/stream';

const args = benchArgs();
const config = args.smoke ? SMOKE : FULL;
const mode = args.mode ?? 'all';
if (!['all', 'overhead', 'latency', 'stress'].includes(mode)) throw new Error(`unknown --mode ${mode}`);
const wants = (part: string) => mode === 'all' || mode === part;

const env = await startFixtureEnv({ runtimes: [RUNTIME], verbose: false });
const plain = wants('overhead') ? await launchChromium({ withExtension: false }) : null;
const instrumented = await launchChromium({ extensionDir: args.extensionDir });
try {
  const url = env.appUrl(RUNTIME, SCENARIO);
  const origin = env.server.origin;
  const overhead: OverheadRun[] = [];
  const latency: StepResult[] = [];
  const stress: StepResult[][] = [];
  for (let index = 0; index < args.runs; index++) {
    if (plain) overhead.push(await overheadRun({ plain, instrumented, url, origin }, config));
    if (!wants('latency') && !wants('stress')) continue;
    const page = await openFixturePage(instrumented, url);
    const panel = await instrumented.openPanel(page);
    await preparePanel(panel);
    await startStream(page, panel, origin, config.streamTasks);
    const step = streamSteps(page, panel);
    if (wants('latency')) latency.push(await step(config.latencyRate, config.latencySeconds));
    if (wants('stress')) {
      const steps: StepResult[] = [];
      for (const rate of config.stressRates) {
        const result = await step(rate, config.stressSeconds);
        steps.push(result);
        if (!result.sustained) break;
      }
      stress.push(steps);
    }
    await stopStream(page);
    await panel.close();
    await page.close();
  }

  const wallRatio = figure(overhead.map((run) => run.wallRatio));
  const p95 = figure(
    latency.map((step) => step.p95LatencyMs),
    1,
  );
  const sustained = figure(
    stress.map((steps) => Math.max(0, ...steps.filter((s) => s.sustained).map((s) => s.targetPerSecond))),
    0,
  );
  const result = {
    bench: 'pipeline',
    browser: await instrumented.browser.version(),
    extensionDir: args.extensionDir,
    smoke: args.smoke,
    runs: args.runs,
    mode,
    runtime: RUNTIME,
    ...(wants('overhead')
      ? {
          panelVsNetwork: {
            workload: {
              perBatch: { uploads: config.perKind, downloads: config.perKind, bytesEach: config.bytes },
              concurrency: config.concurrency,
              rounds: config.rounds,
            },
            wallRatio,
            wallRatioPerRound: overhead.map((run) => run.roundRatios.map((ratio) => round(ratio))),
            wallMs: overhead.map((run) => ({ ours: round(run.wallMs.ours, 1), network: round(run.wallMs.network, 1) })),
            addedMainThreadUsPerTask: figure(
              overhead.map((run) => run.addedMainThreadUsPerTask),
              1,
            ),
          },
        }
      : {}),
    ...(wants('latency')
      ? {
          latency: {
            targetPerSecond: config.latencyRate,
            seconds: config.latencySeconds,
            streamTasks: config.streamTasks,
            p50LatencyMs: figure(
              latency.map((step) => step.p50LatencyMs),
              1,
            ),
            p95LatencyMs: p95,
            achievedPerSecond: figure(
              latency.map((step) => step.achievedPerSecond),
              0,
            ),
            lost: latency.map((step) => step.lost),
            steps: latency,
          },
        }
      : {}),
    ...(wants('stress')
      ? {
          stress: {
            seconds: config.stressSeconds,
            streamTasks: config.streamTasks,
            sustainedWhen: SUSTAINED,
            sustainedEventsPerSecond: sustained,
            steps: stress,
          },
        }
      : {}),
    goals: {
      ...(wants('overhead') ? { wallRatioVsNetworkPanel: goal(wallRatio, GOALS.wallRatioVsNetworkPanel) } : {}),
      ...(wants('latency') ? { p95LatencyMsAt2000: goal(p95, GOALS.p95LatencyMsAt2000) } : {}),
      ...(wants('stress') ? { sustainedEventsPerSecond: goal(sustained, GOALS.sustainedEventsPerSecond, 'min') } : {}),
    },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await instrumented.close();
  await plain?.close();
  await env.close();
}
