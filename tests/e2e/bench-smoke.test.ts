// Benches that cannot rot: each bench runs once in its --smoke mode (a handful of tasks, 1 run) and must complete
// and print one JSON object with the figures it promises. No figure is compared with a goal here: timing belongs to
// the benches themselves, run on a quiet machine (README: npm run bench:*). What is checked beyond the shape is what
// must hold at any speed: the panel lists every task and loses no progress event.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

type Json = Record<string, unknown>;

/** Runs `npx tsx bench/<name>.ts --smoke` and parses what it prints. */
async function smoke(name: string): Promise<Json> {
  const { stdout } = await promisify(execFile)('npx', ['tsx', `bench/${name}.ts`, '--smoke'], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, UNI_TEST_TMP: process.env.UNI_TEST_TMP ?? '.tmp/browsers' },
  });
  return JSON.parse(stdout) as Json;
}

/** A figure measured per run: { median, runs: [one value] }; median null only when it could not be computed. */
function expectFigure(value: unknown, allowNull = false): void {
  expect(value).toMatchObject({ runs: expect.any(Array) });
  const { median, runs } = value as { median: unknown; runs: unknown[] };
  expect(runs).toHaveLength(1);
  if (allowNull && median === null) return;
  expect(typeof median).toBe('number');
}

const expectGoal = (value: unknown) =>
  expect(value).toMatchObject({ goal: expect.any(Number), pass: expect.any(Boolean) });

describe('benches in smoke mode', () => {
  it('bench:agent completes and reports the agent cost, its top functions and a lossless pipeline', async () => {
    const result = await smoke('agent');
    expect(result).toMatchObject({ bench: 'agent', smoke: true, runs: 1 });
    expectFigure(result.wallRatio);
    expectFigure(result.addedMainThreadUsPerTask);
    expectFigure(result.agentSelfUsPerTask);
    expectFigure(result.agentSelfUsPerProgressEvent, true);
    expectFigure((result.panelOpen as Json).agentSelfUsPerTask);
    for (const entry of result.topAgentFunctions as Json[]) {
      expect(entry).toMatchObject({ name: expect.any(String), at: expect.any(String), ms: expect.any(Number) });
    }
    const pipeline = result.pipeline as Json;
    expect(pipeline.tasksListed).toEqual(pipeline.tasks);
    expect(pipeline.lostProgressEvents).toEqual([0]);
    expectFigure(pipeline.p95LatencyMs);
    const goals = result.goals as Json;
    for (const key of ['agentSelfUsPerTask', 'agentSelfUsPerProgressEvent', 'wallRatio']) expectGoal(goals[key]);
  });

  it('bench:pipeline completes and reports panel vs Network panel, latency and a stress search', async () => {
    const result = await smoke('pipeline');
    expect(result).toMatchObject({ bench: 'pipeline', smoke: true, runs: 1, mode: 'all' });
    expectFigure((result.panelVsNetwork as Json).wallRatio);
    const latency = result.latency as Json;
    expectFigure(latency.p95LatencyMs);
    expect(latency.lost).toEqual([0]);
    const stress = result.stress as { sustainedEventsPerSecond: unknown; steps: { lost: number }[][] };
    expectFigure(stress.sustainedEventsPerSecond);
    expect(stress.steps).toHaveLength(1);
    for (const step of stress.steps.flat()) expect(step.lost).toBe(0);
    const goals = result.goals as Json;
    for (const key of ['wallRatioVsNetworkPanel', 'p95LatencyMsAt2000', 'sustainedEventsPerSecond']) {
      expectGoal(goals[key]);
    }
  });

  it('bench:panel completes and reports first render, filter, frames and heap', async () => {
    const result = await smoke('panel');
    expect(result).toMatchObject({ bench: 'panel', smoke: true, runs: 1 });
    const goals = result.goals as Json;
    for (const key of ['firstRenderMs', 'filterMs', 'p95FrameMs', 'heapMB']) {
      expectGoal(goals[key]);
      expect(typeof (goals[key] as Json).median).toBe('number');
    }
  });

  it('bench:probes completes and reports the agent cost per call, per task and per progress event', async () => {
    const result = await smoke('probe-cost');
    expect(result).toMatchObject({ bench: 'probe-cost', smoke: true, runs: 1 });
    expectFigure(result.agentUsPerCall);
    expectFigure(result.agentUsPerCallPanelOpen);
    expectFigure(result.agentUsPerCallWithUnmatchedRules);
    expectFigure(result.agentWallUsPerTask);
    expectFigure(result.agentUsPerProgressEvent);
    const goals = result.goals as Json;
    for (const key of ['agentUsPerCall', 'agentUsPerProgressEvent']) expectGoal(goals[key]);
  });
  it("bench:plugin completes and reports the package agent's size, cost and page → viewer latency", async () => {
    const result = await smoke('plugin');
    expect(result).toMatchObject({ bench: 'plugin', smoke: true, runs: 1 });
    expect(result.agentGzipBytes).toEqual(expect.any(Number));
    expectFigure(result.agentUsPerCall);
    expectFigure(result.agentWallUsPerTask);
    expectFigure(result.agentUsPerProgressEvent);
    expectFigure((result.pageToViewerMs as Json).p95);
    expectFigure(result.eventsPerSecond);
    // Every event of the latency pass reached the viewer (each task records several).
    const [run] = result.perRun as Json[];
    expect(run?.events as number).toBeGreaterThanOrEqual(50);
    const goals = result.goals as Json;
    for (const key of ['agentGzipBytes', 'agentUsPerCall']) expectGoal(goals[key]);
  });

  it('bench:phone completes and reports, on a throttled emulated Android, the call ratio and the agent size', async () => {
    const result = await smoke('phone');
    expect(result).toMatchObject({ bench: 'phone', smoke: true, runs: 1, device: 'Pixel 5' });
    // Throttled 4× but under libfaketime, where Chromium's throttling cannot work (bench/phone.ts says why).
    expect(result.cpuThrottle).toBe(result.throttleSkipped === undefined ? 4 : 1);
    for (const key of ['uniCallUs', 'callUsWithAgent', 'callRatio', 'agentUsPerCall', 'agentUsPerProgressEvent']) {
      expectFigure(result[key]);
    }
    expect(result.agentGzipBytes).toEqual(expect.any(Number));
    expectGoal((result.goals as Json).agentGzipBytes);
  });
});
