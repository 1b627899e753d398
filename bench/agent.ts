// `npm run bench:agent`: the page agent's cost in Chromium. Prints one JSON object.
//   npx tsx bench/agent.ts [--runs 3] [--smoke] [--extension dist/chrome]
//
// Workload (full): batches of 25 uploads and 25 downloads of 1 MB over loopback through the app's own uni
// functions (vue3-notree build: both probes active), 4 at a time. Each run (default 3; goal figures are medians):
// - wallRatio: 8 interleaved rounds (order alternating), page wall time with the extension loaded (DevTools
//   closed) over a plain browser's; addedMainThreadUsPerTask from the renderer's TaskDuration metric. One warm-up
//   batch per page first.
// - agentSelfUsPerTask / agentSelfUsPerProgressEvent: a CPU profile (CDP Profiler, 50 µs sampling) of the page,
//   summing the self time of frames in the agent's script (chrome-extension://<id>/agent/index.js; the
//   relay's frames, extension/relay.js, are summed apart). Per task = the transfer batches' agent time / tasks
//   (progress events included). Per progress event: a second, progress-heavy workload (6 slow downloads, ~20
//   progress events a second each, for 4 s); both workloads solved as `time = tasks × a + events × b`.
//   Measured with DevTools closed (the agent records only) and with our panel open (it also posts to the relay).
// - pipeline: the same batches on a fresh page with our panel open in the real DevTools; the panel must list every
//   task as a success (task-count with `status:success`), each with every progress event the app saw (rows read
//   by scrolling the virtualized grid); latency = page clock at each event → panel store (panel's own stats).
// `--smoke`: a few small tasks, 1 run: checks the bench completes (npm test runs it, tests/e2e/bench-smoke.test.ts).

import { launchChromium } from '../tests/e2e/harness/chromium';
import { startFixtureEnv } from '../tests/fixtures/index';
import { FULL, GOALS, SMOKE } from './agent/config';
import { type AgentRun, agentRun, latencyPercentiles, perUnit } from './agent/run';
import { type ExtensionProfile, mergeNatives, mergeTop } from './lib/agent-profile';
import { benchArgs } from './lib/args';
import { figure, goal, round } from './lib/stats';
import { RUNTIME, SCENARIO } from './lib/workload';

const args = benchArgs();
const config = args.smoke ? SMOKE : FULL;
const env = await startFixtureEnv({ runtimes: [RUNTIME], verbose: false });
const plain = await launchChromium({ withExtension: false });
const instrumented = await launchChromium({ extensionDir: args.extensionDir });
try {
  const sessions = {
    plain,
    instrumented,
    extensionDir: args.extensionDir,
    url: env.appUrl(RUNTIME, SCENARIO),
    origin: env.server.origin,
  };
  const runs: AgentRun[] = [];
  for (let index = 0; index < args.runs; index++) runs.push(await agentRun(sessions, config));

  const agentMs = (profile: ExtensionProfile) => profile.agentSelfMs;
  const relayMs = (profile: ExtensionProfile) => profile.relaySelfMs;
  const closedAgent = runs.map((run) => perUnit(run.closed, agentMs));
  const closedRelay = runs.map((run) => perUnit(run.closed, relayMs));
  const openAgent = runs.map((run) => perUnit(run.open, agentMs));
  const openRelay = runs.map((run) => perUnit(run.open, relayMs));
  const wallRatio = figure(runs.map((run) => run.wallRatio));
  const agentSelfUsPerTask = figure(
    closedAgent.map((unit) => unit.perTask),
    1,
  );
  const agentSelfUsPerProgressEvent = figure(
    closedAgent.map((unit) => unit.perProgressEvent),
    2,
  );
  const latency = runs.map((run) => latencyPercentiles(run.pipeline.latencies));
  const profiles = runs.flatMap((run) => [run.closed.transfers.profile, run.closed.progress.profile]);
  const openProfiles = runs.flatMap((run) => [run.open.transfers.profile, run.open.progress.profile]);
  const result = {
    bench: 'agent',
    browser: await instrumented.browser.version(),
    extensionDir: args.extensionDir,
    smoke: args.smoke,
    runs: args.runs,
    runtime: RUNTIME,
    workload: {
      perBatch: { uploads: config.perKind, downloads: config.perKind, bytesEach: config.bytes },
      concurrency: config.concurrency,
      rounds: config.rounds,
      profiledBatches: config.profiledBatches,
      progressRun: { downloads: config.progressTasks, seconds: config.progressSeconds },
      samplingUs: config.samplingUs,
    },
    wallRatio,
    wallRatioPerRound: runs.map((run) => run.roundRatios.map((ratio) => round(ratio))),
    wallMs: runs.map((run) => ({ without: round(run.wallMs.without, 1), with: round(run.wallMs.with, 1) })),
    addedMainThreadUsPerTask: figure(
      runs.map((run) => run.addedMainThreadUsPerTask),
      1,
    ),
    agentSelfUsPerTask,
    agentSelfUsPerProgressEvent,
    agentSelfUsPerTaskExcludingProgress: figure(
      closedAgent.map((unit) => unit.perTaskExcludingProgress),
      1,
    ),
    agentSelfUsPerProgressEventUpperBound: figure(
      closedAgent.map((unit) => unit.perProgressEventUpperBound),
      2,
    ),
    relaySelfUsPerTask: figure(
      closedRelay.map((unit) => unit.perTask),
      1,
    ),
    panelOpen: {
      note: 'the same two profiled workloads on a page whose panel is open: the agent also queues and posts events',
      agentSelfUsPerTask: figure(
        openAgent.map((unit) => unit.perTask),
        1,
      ),
      agentSelfUsPerProgressEvent: figure(
        openAgent.map((unit) => unit.perProgressEvent),
        2,
      ),
      relaySelfUsPerTask: figure(
        openRelay.map((unit) => unit.perTask),
        1,
      ),
      relaySelfUsPerProgressEvent: figure(
        openRelay.map((unit) => unit.perProgressEvent),
        2,
      ),
    },
    profileSamples: runs.map((run) => ({
      transfers: {
        tasks: run.closed.transfers.tasks,
        progressEvents: run.closed.transfers.progressEvents,
        agentMs: round(run.closed.transfers.profile.agentSelfMs),
        meanIntervalUs: round(run.closed.transfers.profile.meanIntervalUs, 1),
        medianIntervalUs: round(run.closed.transfers.profile.medianIntervalUs, 1),
      },
      progress: {
        tasks: run.closed.progress.tasks,
        progressEvents: run.closed.progress.progressEvents,
        agentMs: round(run.closed.progress.profile.agentSelfMs),
      },
    })),
    topAgentFunctions: mergeTop(profiles.map((profile) => profile.top)),
    topAgentFunctionsPanelOpen: mergeTop(openProfiles.map((profile) => profile.top)),
    nativeCalledByExtension: mergeNatives(profiles.map((profile) => profile.nativeFromExtension)),
    pipeline: {
      tasks: runs.map((run) => run.pipeline.tasks),
      tasksListed: runs.map((run) => run.pipeline.tasksListed),
      progressEvents: runs.map((run) => ({
        seenByApp: run.pipeline.progressSeenByApp,
        listedByPanel: run.pipeline.progressListedByPanel,
      })),
      lostProgressEvents: runs.map((run) => run.pipeline.progressSeenByApp - run.pipeline.progressListedByPanel),
      eventsToPanel: runs.map((run) => run.pipeline.eventsToPanel),
      eventsPerSecond: runs.map((run) => round(run.pipeline.eventsToPanel / (run.pipeline.wallMs / 1000), 0)),
      p50LatencyMs: figure(
        latency.map((l) => l.p50),
        1,
      ),
      p95LatencyMs: figure(
        latency.map((l) => l.p95),
        1,
      ),
    },
    goals: {
      agentSelfUsPerTask: goal(agentSelfUsPerTask, GOALS.agentSelfUsPerTask),
      agentSelfUsPerProgressEvent: goal(agentSelfUsPerProgressEvent, GOALS.agentSelfUsPerProgressEvent),
      wallRatio: goal(wallRatio, GOALS.wallRatio),
    },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await instrumented.close();
  await plain.close();
  await env.close();
}
