// Signals that the components read; every change to the task list goes through the pure reducer.

import { computed, signal } from '@preact/signals';
import { isFinal } from '../shared/task-model';
import { setDiagnosisRuntime } from './diagnosis-view';
import { matchesParsed, parseFilter } from './filter';
import { taskDuration, taskName, taskSpeed, warmTaskNames } from './format';
import { initialState, orderedTasks, type PanelInput, type PanelTask, type ReduceResult, reduce } from './reducer';
import type { Totals } from './task-list';

export const panelState = signal(initialState());
export const filterText = signal('');
export const selectedKey = signal<string | null>(null);

export type KindChip = 'all' | 'upload' | 'download';
export type StatusChip = 'all' | 'running' | 'success' | 'fail' | 'abort';
export const kindChip = signal<KindChip>('all');
export const statusChip = signal<StatusChip>('all');
/** A time range dragged on the overview strip: only tasks active within it are listed. */
export const timeRange = signal<{ start: number; end: number } | null>(null);

export type SortColumn = 'name' | 'kind' | 'status' | 'code' | 'size' | 'time' | 'speed' | 'start';
export const sortBy = signal<{ column: SortColumn; descending: boolean }>({ column: 'start', descending: false });

/** The clock for running tasks: ticks while any task is running (durations, live waterfall bars). */
export const now = signal(Date.now());

setDiagnosisRuntime(() => panelState.peek().runtime);

export const allTasks = computed(() => orderedTasks(panelState.value));
export const parsedFilter = computed(() => parseFilter(filterText.value));

const STATUS_CHIP_MATCH: Record<StatusChip, (task: PanelTask) => boolean> = {
  all: () => true,
  running: (task) => !isFinal(task.status),
  success: (task) => task.status === 'success',
  fail: (task) => task.status === 'fail',
  abort: (task) => task.status === 'abort',
};

const SORT_KEYS: Record<SortColumn, (task: PanelTask) => string | number> = {
  name: (task) => taskName(task).toLowerCase(),
  kind: (task) => task.kind,
  status: (task) => task.status,
  code: (task) => task.statusCode ?? -1,
  size: (task) => task.bytes,
  time: (task) => taskDuration(task) ?? Number.POSITIVE_INFINITY,
  speed: (task) => taskSpeed(task) ?? -1,
  start: (task) => task.times.created,
};

export const visibleTasks = computed(() => {
  const filter = parsedFilter.value;
  const kind = kindChip.value;
  const statusMatch = STATUS_CHIP_MATCH[statusChip.value];
  const range = timeRange.value;
  const clock = now.peek();
  const { column, descending } = sortBy.value;
  const unsorted = column === 'start' && !descending;
  // Nothing to filter or sort (the usual case while transfers run): the list as it is, no 10,000-task pass.
  if (filter.predicates.length === 0 && kind === 'all' && statusChip.value === 'all' && range === null && unsorted) {
    return allTasks.value;
  }
  const tasks = allTasks.value.filter(
    (task) =>
      (kind === 'all' || task.kind === kind) &&
      statusMatch(task) &&
      (range === null || (task.times.created <= range.end && (task.times.end ?? clock) >= range.start)) &&
      matchesParsed(task, filter),
  );
  if (unsorted) return tasks;
  const key = SORT_KEYS[column];
  const keyed = tasks.map((task) => ({ task, value: key(task) }));
  keyed.sort((a, b) => {
    const order = a.value < b.value ? -1 : a.value > b.value ? 1 : a.task.times.created - b.task.times.created;
    return descending ? -order : order;
  });
  return keyed.map((entry) => entry.task);
});

/** A round step near a twentieth of the span (1, 2 or 5 × a power of ten ms, at least 100 ms). */
function spanStep(length: number): number {
  const rough = Math.max(100, length / 20);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= rough) ?? rough;
}

let lastSpan = { start: 0, end: 1 };

/**
 * The whole span of the overview strip: first start to last end. While tasks run it reaches past now, rounded up
 * to a step, so the scale moves in steps rather than on every tick: the grid's rows and the strip's finished tasks
 * are redrawn at each step only.
 */
export const fullSpan = computed(() => {
  const { start, lastEnd, running } = summary.value;
  const clock = running > 0 ? now.value : 0;
  let span: { start: number; end: number };
  if (start === null) span = { start: clock, end: clock + 1 };
  else if (running === 0) span = { start, end: Math.max(lastEnd ?? start, start + 1) };
  else {
    const end = Math.max(lastEnd ?? start, clock);
    const step = spanStep(end - start);
    span = { start, end: start + Math.max(1, Math.ceil((end - start) / step)) * step };
  }
  if (span.start === lastSpan.start && span.end === lastSpan.end) return lastSpan;
  lastSpan = span;
  return span;
});

/** The waterfall's time scale: the selected range, else the full span. */
export const timeScale = computed(() => timeRange.value ?? fullSpan.value);

export const selectedTask = computed(() =>
  selectedKey.value === null ? undefined : panelState.value.tasks.get(selectedKey.value),
);

export type Summary = Totals;

/** The toolbar's summary and the time span, kept by the reducer as tasks change (panel/task-list.ts). */
export const summary = computed<Summary>(() => panelState.value.list.totals);

/**
 * Whether the page's agent can act on this task: it belongs to the page loaded now (the agent's task ids restart
 * with every page load, so a task kept by "preserve log" would name another task) and was not read from a HAR.
 */
export function isLive(task: PanelTask): boolean {
  return task.imported === undefined && task.session === panelState.value.session;
}

let resyncHandler: () => void = () => {};

export function onResync(handler: () => void): void {
  resyncHandler = handler;
}

/**
 * Snapshot requests, at most one per RESYNC_INTERVAL_MS (the rest folded into one more at its end): a page can send
 * out-of-order envelopes as fast as it likes, and each asks for a snapshot of up to 100,000 tasks.
 */
const RESYNC_INTERVAL_MS = 1000;
let lastResync = Number.NEGATIVE_INFINITY;
let resyncTimer: ReturnType<typeof setTimeout> | null = null;

function requestResync(): void {
  if (resyncTimer !== null) return;
  const wait = lastResync + RESYNC_INTERVAL_MS - Date.now();
  const send = () => {
    resyncTimer = null;
    lastResync = Date.now();
    resyncHandler();
  };
  if (wait <= 0) send();
  else resyncTimer = setTimeout(send, wait);
}

/**
 * Counters for automation and benchmarks (bench/agent.ts): events applied, and the latency from each event's
 * time in the page (performance.timeOrigin + now there) to its arrival in this store.
 */
export const panelStats = { envelopes: 0, events: 0, progress: 0, latencies: [] as number[] };
Object.assign(globalThis, { __uniTransferPanelStats: panelStats });
const MAX_LATENCY_SAMPLES = 100_000;

function countArrival(input: PanelInput): void {
  if (input.type !== 'agent' || input.envelope.type !== 'events') return;
  const events = input.envelope.payload.events;
  if (!Array.isArray(events)) return;
  panelStats.envelopes += 1;
  panelStats.events += events.length;
  const arrived = performance.timeOrigin + performance.now();
  for (const event of events) if (event?.type === 'progress') panelStats.progress += 1;
  for (const event of events) {
    if (panelStats.latencies.length >= MAX_LATENCY_SAMPLES) break;
    if (typeof event?.at === 'number') panelStats.latencies.push(arrived - event.at);
  }
}

let ticker: ReturnType<typeof setInterval> | null = null;

/** Runs the clock only while something is running: an idle panel costs nothing. */
function updateTicker(): void {
  const running = panelState.value.tasks.size > 0 && summary.value.running > 0;
  if (running && ticker === null) {
    ticker = setInterval(() => {
      now.value = Date.now();
    }, 250);
  } else if (!running && ticker !== null) {
    clearInterval(ticker);
    ticker = null;
    now.value = Date.now();
  }
}

/**
 * A fresh panel for another inspected target (the viewer switching devices): that target's tasks, selection and
 * time range go; the user's toolbar choices (filter, chips, sort, preserve log, record) stay.
 */
export function resetPanel(): void {
  const { preserveLog, recording } = panelState.value;
  panelState.value = { ...initialState(), preserveLog, recording };
  selectedKey.value = null;
  timeRange.value = null;
  updateTicker();
}

export function dispatch(input: PanelInput): void {
  let result: ReduceResult;
  try {
    countArrival(input);
    result = reduce(panelState.value, input);
  } catch (error) {
    // Not expected: every message is read (shared/message-read.ts) before it is reduced. Should one still break
    // the reducer, the panel counts it and rebuilds from a snapshot rather than stop updating.
    console.error('uni Transfers: a message could not be applied', error);
    result = { state: { ...panelState.value, rejected: panelState.value.rejected + 1 }, resync: true };
  }
  const { state, resync } = result;
  panelState.value = state;
  warmTaskNames(state.list.items);
  updateTicker();
  if (resync) requestResync();
}
