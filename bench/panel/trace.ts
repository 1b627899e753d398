// Main-thread busy time per frame from a Chrome trace (bench:panel's frame runs): top-level tasks of the page's
// renderer main thread, cut at frame boundaries, and where the time went by trace event name.

import type { FrameRun } from './frame-run';
import { round } from './stats';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: { data?: { message?: string } };
}

type Span = readonly [number, number];

/** Sorted, merged intervals (nested or overlapping events count once). */
function merged(spans: Span[]): Span[] {
  const outer: Span[] = [];
  for (const span of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = outer[outer.length - 1];
    if (last && span[0] < last[1]) {
      if (span[1] > last[1]) outer[outer.length - 1] = [last[0], span[1]];
    } else outer.push(span);
  }
  return outer;
}

// Where main-thread time goes, by trace event name. Scripts that force style or layout (getComputedStyle,
// clientHeight) count in both their group and style/layout.
const GROUPS: Record<string, string[]> = {
  script: ['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'RunMicrotasks', 'EvaluateScript'],
  style: ['UpdateLayoutTree', 'RecalculateStyles'],
  layout: ['Layout'],
  paint: ['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'PaintImage'],
  gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'BlinkGC.AtomicPhase'],
};

interface TraceFigures {
  busy: number[];
  breakdownMs: Record<string, number>;
}

/** Main-thread busy ms per frame interval, and where the time went, from a trace recorded around the frame run. */
export function traceFigures(traceJson: Buffer, run: FrameRun): TraceFigures | null {
  const parsed = JSON.parse(traceJson.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const sync = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'bench-sync');
  if (!sync) return null;
  const offsetUs = sync.ts - run.syncPerfNow * 1000;
  // Complete events of the renderer main thread (the thread that logged the sync point).
  const main = events.filter((e) => e.pid === sync.pid && e.tid === sync.tid && e.ph === 'X' && e.dur !== undefined);
  const spansOf = (names: string[]) =>
    merged(main.filter((e) => names.includes(e.name)).map((e) => [e.ts, e.ts + (e.dur as number)] as const));
  // Top-level tasks; nested RunTask events (a nested loop) count once.
  const outer = spansOf(['ThreadControllerImpl::RunTask', 'RunTask']);
  const frames = run.frames.map((time) => time * 1000 + offsetUs);
  const windowStart = frames[0] ?? 0;
  const windowEnd = frames[frames.length - 1] ?? 0;
  const within = (spans: Span[]) =>
    spans.reduce((sum, [a, z]) => sum + Math.max(0, Math.min(z, windowEnd) - Math.max(a, windowStart)), 0) / 1000;
  const breakdownMs: Record<string, number> = { busy: round(within(outer)) ?? 0 };
  for (const [group, names] of Object.entries(GROUPS)) breakdownMs[group] = round(within(spansOf(names))) ?? 0;
  const busy: number[] = [];
  let first = 0;
  for (let index = 0; index + 1 < frames.length; index++) {
    const start = frames[index] as number;
    const end = frames[index + 1] as number;
    while (first < outer.length && (outer[first] as readonly [number, number])[1] <= start) first++;
    let sum = 0;
    for (let k = first; k < outer.length && (outer[k] as readonly [number, number])[0] < end; k++) {
      const [a, z] = outer[k] as readonly [number, number];
      sum += Math.max(0, Math.min(z, end) - Math.max(a, start));
    }
    busy.push(sum / 1000);
  }
  return { busy, breakdownMs };
}
