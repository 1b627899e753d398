// bench:panel's workload and goals (bench/panel.ts describes how each figure is measured). `--smoke`: a small
// workload and short frame runs; `--runs N`: fresh pages for the first render and loaded-panel runs (default 3).

import { benchArgs } from '../lib/args';

const args = benchArgs();
export const SMOKE = args.smoke;
export const PROFILE = args.profile;
export const TASKS = SMOKE ? 300 : 10_000;
export const PROGRESS_EVENTS = SMOKE ? 3_000 : 200_000;
export const LIVE_TASKS = SMOKE ? 10 : 50;
export const FLUSH_MS = 50;
export const MEASURE_MS = SMOKE ? 300 : 3_000;
export const SCROLL_STEP = 120;
export const RUNS = args.runs;
export const FILTERS = ['oss-cn-hangzhou', 'status:fail', '/\\.(png|jpe?g)$/'];
export const GOALS = { firstRenderMs: 300, filterMs: 50, p95FrameMs: 16, heapMB: 150 };
