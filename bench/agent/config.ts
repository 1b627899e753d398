// bench:agent's workload, full and --smoke, and the goals of issue 9.

export interface AgentBenchConfig {
  /** Interleaved rounds per run (each: one batch without the extension, one with it). */
  rounds: number;
  /** Uploads and downloads each, per batch. */
  perKind: number;
  bytes: number;
  concurrency: number;
  /** Profiled batches (agent self time per task). */
  profiledBatches: number;
  /** The progress-heavy run: this many slow downloads for this many seconds. */
  progressTasks: number;
  progressSeconds: number;
  /** CPU profile sampling interval. */
  samplingUs: number;
}

export const FULL: AgentBenchConfig = {
  rounds: 8,
  perKind: 25,
  bytes: 1024 * 1024,
  concurrency: 4,
  profiledBatches: 2,
  progressTasks: 6,
  progressSeconds: 4,
  samplingUs: 50,
};

export const SMOKE: AgentBenchConfig = {
  rounds: 1,
  perKind: 2,
  bytes: 64 * 1024,
  concurrency: 2,
  profiledBatches: 1,
  progressTasks: 2,
  progressSeconds: 0.3,
  samplingUs: 100,
};

export const GOALS = { agentSelfUsPerTask: 50, agentSelfUsPerProgressEvent: 10, wallRatio: 1.02 };
