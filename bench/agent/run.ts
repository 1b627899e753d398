// One run of bench:agent (bench/agent.ts says what each figure means).

import type { ChromiumSession } from '../../tests/e2e/harness/chromium';
import { type ExtensionProfile, profileExtension } from '../lib/agent-profile';
import { counters, latenciesFrom, preparePanel, readAllRows, taskCount, waitForTaskCount } from '../lib/panel-view';
import { percentile, sum } from '../lib/stats';
import { type BatchResult, openFixturePage, runProgress, runTransfers } from '../lib/workload';
import type { AgentBenchConfig } from './config';

export interface Sessions {
  plain: ChromiumSession;
  instrumented: ChromiumSession;
  extensionDir: string;
  url: string;
  origin: string;
}

/** Agent (and relay) self time of a transfer workload and of a progress-heavy one. */
export interface CostSample {
  transfers: { tasks: number; progressEvents: number; profile: ExtensionProfile };
  progress: { tasks: number; progressEvents: number; profile: ExtensionProfile };
}

export interface AgentRun {
  wallMs: { without: number; with: number };
  wallRatio: number;
  roundRatios: number[];
  addedMainThreadUsPerTask: number;
  closed: CostSample;
  open: CostSample;
  pipeline: {
    tasks: number;
    tasksListed: number;
    wallMs: number;
    eventsToPanel: number;
    progressSeenByApp: number;
    progressListedByPanel: number;
    latencies: number[];
  };
}

const transfers = (config: AgentBenchConfig) => ({
  perKind: config.perKind,
  bytes: config.bytes,
  concurrency: config.concurrency,
});

async function costSample(
  page: Awaited<ReturnType<typeof openFixturePage>>,
  sessions: Sessions,
  config: AgentBenchConfig,
): Promise<CostSample> {
  let stop = await profileExtension(page, sessions.extensionDir, config.samplingUs);
  const batches: BatchResult[] = [];
  for (let index = 0; index < config.profiledBatches; index++) {
    batches.push(await runTransfers(page, sessions.origin, transfers(config)));
  }
  const transferProfile = await stop();
  stop = await profileExtension(page, sessions.extensionDir, config.samplingUs);
  const progress = await runProgress(page, sessions.origin, config.progressTasks, config.progressSeconds);
  const progressProfile = await stop();
  return {
    transfers: {
      tasks: sum(batches.map((batch) => batch.tasks)),
      progressEvents: sum(batches.map((batch) => batch.progressEvents)),
      profile: transferProfile,
    },
    progress: { tasks: progress.tasks, progressEvents: progress.progressEvents, profile: progressProfile },
  };
}

export async function agentRun(sessions: Sessions, config: AgentBenchConfig): Promise<AgentRun> {
  // Phase 1, the cost every page pays: the extension loaded, DevTools closed, interleaved with a plain browser.
  const pages = {
    without: await openFixturePage(sessions.plain, sessions.url),
    with: await openFixturePage(sessions.instrumented, sessions.url),
  };
  const results: Record<'without' | 'with', BatchResult[]> = { without: [], with: [] };
  // One warm-up batch per page (JIT, connections), not counted.
  for (const page of Object.values(pages)) await runTransfers(page, sessions.origin, transfers(config));
  for (let index = 0; index < config.rounds; index++) {
    const order = index % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
    for (const side of order) results[side].push(await runTransfers(pages[side], sessions.origin, transfers(config)));
  }
  const closed = await costSample(pages.with, sessions, config);
  for (const page of Object.values(pages)) await page.close();

  // Phase 2, the pipeline: the same workload on a fresh page with our panel open in the real DevTools.
  const piped = await openFixturePage(sessions.instrumented, sessions.url);
  const panel = await sessions.instrumented.openPanel(piped);
  await preparePanel(panel);
  const listedBefore = await taskCount(panel);
  if (listedBefore.total !== 0) throw new Error(`the fixture page has ${listedBefore.total} tasks before the workload`);
  const before = await counters(panel);
  const pipelineRuns: BatchResult[] = [];
  for (let index = 0; index < config.rounds; index++) {
    pipelineRuns.push(await runTransfers(piped, sessions.origin, transfers(config)));
  }
  const open = await costSample(piped, sessions, config);
  const tasks = sum(pipelineRuns.map((r) => r.tasks)) + open.transfers.tasks + open.progress.tasks;
  // Nothing lost: every task listed as a success (task-count with a status filter), then each row's progress events.
  await waitForTaskCount(panel, tasks, 'status:success');
  const after = await counters(panel);
  const rows = await readAllRows(panel);
  const latencies = await latenciesFrom(panel, before.latencies);
  await panel.close();
  await piped.close();

  const wall = {
    without: sum(results.without.map((r) => r.wallMs)),
    with: sum(results.with.map((r) => r.wallMs)),
  };
  const tasksMeasured = sum(results.with.map((r) => r.tasks));
  const addedMs = sum(results.with.map((r) => r.taskDurationMs)) - sum(results.without.map((r) => r.taskDurationMs));
  return {
    wallMs: wall,
    wallRatio: wall.with / wall.without,
    roundRatios: results.with.map((r, i) => r.wallMs / (results.without[i]?.wallMs ?? Number.NaN)),
    addedMainThreadUsPerTask: (addedMs * 1000) / tasksMeasured,
    closed,
    open,
    pipeline: {
      tasks,
      tasksListed: rows.size,
      wallMs: sum(pipelineRuns.map((r) => r.wallMs)),
      eventsToPanel: after.events - before.events,
      progressSeenByApp:
        sum(pipelineRuns.map((r) => r.progressEvents)) + open.transfers.progressEvents + open.progress.progressEvents,
      progressListedByPanel: sum([...rows.values()].map((row) => Number(row.progressEvents ?? 0))),
      latencies,
    },
  };
}

/** Per task and per progress event: the progress-heavy and the transfer workloads, solved as two equations. */
export function perUnit(sample: CostSample, ms: (profile: ExtensionProfile) => number) {
  const a1 = ms(sample.transfers.profile) * 1000;
  const a2 = ms(sample.progress.profile) * 1000;
  const { tasks: t1, progressEvents: e1 } = sample.transfers;
  const { tasks: t2, progressEvents: e2 } = sample.progress;
  // a = tasks × perTask + events × perEvent, for both workloads.
  const det = t1 * e2 - t2 * e1;
  return {
    /** All of the transfer workload's time, per task (progress events included). */
    perTask: a1 / t1,
    perTaskExcludingProgress: det !== 0 ? (a1 * e2 - a2 * e1) / det : Number.NaN,
    perProgressEvent: det !== 0 ? (t1 * a2 - t2 * a1) / det : Number.NaN,
    /** The progress-heavy run's time divided by its progress events (an upper bound: its tasks' cost included). */
    perProgressEventUpperBound: a2 / Math.max(1, e2),
  };
}

export const latencyPercentiles = (latencies: number[]) => ({
  p50: percentile(latencies, 50),
  p95: percentile(latencies, 95),
});
