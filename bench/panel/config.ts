// bench:panel's workload and goals (bench/panel.ts describes how each figure is measured).

export const TASKS = 10_000;
export const PROGRESS_EVENTS = 200_000;
export const LIVE_TASKS = 50;
export const FLUSH_MS = 50;
export const MEASURE_MS = 3_000;
export const SCROLL_STEP = 120;
export const RUNS = 3;
export const FILTERS = ['oss-cn-hangzhou', 'status:fail', '/\\.(png|jpe?g)$/'];
export const GOALS = { firstRenderMs: 300, filterMs: 50, p95FrameMs: 16, heapMB: 150 };
