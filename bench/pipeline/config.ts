// bench:pipeline's workloads, full and --smoke, and the goals of issue 9 (point 3).

export interface PipelineConfig {
  /** Panel vs Network panel: interleaved rounds per run, each one batch per side. */
  rounds: number;
  perKind: number;
  bytes: number;
  concurrency: number;
  /** Running tasks that the synthetic progress events are spread over. */
  streamTasks: number;
  latencyRate: number;
  latencySeconds: number;
  /** Stress: rates tried in order until one is not sustained. */
  stressRates: number[];
  stressSeconds: number;
}

export const FULL: PipelineConfig = {
  rounds: 6,
  perKind: 25,
  bytes: 1024 * 1024,
  concurrency: 4,
  streamTasks: 50,
  latencyRate: 2_000,
  latencySeconds: 5,
  stressRates: [2_000, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000],
  stressSeconds: 3,
};

export const SMOKE: PipelineConfig = {
  rounds: 1,
  perKind: 2,
  bytes: 64 * 1024,
  concurrency: 2,
  streamTasks: 4,
  latencyRate: 2_000,
  latencySeconds: 0.3,
  stressRates: [1_000, 2_000],
  stressSeconds: 0.3,
};

export const GOALS = { wallRatioVsNetworkPanel: 1.0, p95LatencyMsAt2000: 50, sustainedEventsPerSecond: 20_000 };

/** A stress step is sustained when nothing is lost, the page kept the rate and the panel caught up this fast. */
export const SUSTAINED = { minRateShare: 0.95, maxDrainMs: 1_000 };
