// The progress chart's axes and its speed line (pure, unit-tested): bytes on the left, speed on the right, time
// below, each with a few round ticks, as transfer charts show them (issue 17: the chart had no axes).

import type { ProgressPoint } from './speed';

export interface Tick {
  /** Where on the axis, 0 (origin) to 1 (end). */
  at: number;
  value: number;
}

/**
 * The smallest round step that cuts `max` into at most `count` steps: 1, 2, 2.5 or 5 × 10^k, or for bytes a power
 * of two of B, kB or MB (256 kB, 1 MB, as byte sizes read).
 */
function roundStep(max: number, count: number, base: 10 | 1024): number {
  const raw = max / count;
  if (base === 1024) {
    const unit = raw >= 1024 ? 1024 ** Math.floor(Math.log(raw) / Math.log(1024)) : 1;
    return unit * 2 ** Math.ceil(Math.log2(raw / unit));
  }
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw);
  return step ?? 10 * magnitude;
}

/** Round ticks from 0 up to `max` (at most `count` steps); `base` 1024 for bytes (ticks at 256 kB, 1 MB, …). */
export function axisTicks(max: number, count = 4, base: 10 | 1024 = 10): Tick[] {
  if (!(max > 0) || !Number.isFinite(max)) return [{ at: 0, value: 0 }];
  const step = roundStep(max, count, base);
  const ticks: Tick[] = [];
  for (let value = 0; value <= max * (1 + 1e-9); value += step) ticks.push({ at: value / max, value });
  return ticks;
}

/**
 * Speed (bytes/s) at each progress point, averaged over the points of the last `windowMs` so that the line is
 * readable: browsers fire progress every ~50 ms with uneven byte counts, and a point-to-point speed saws.
 */
export function speedSeries(progress: ProgressPoint[], windowMs = 500): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let index = 1; index < progress.length; index++) {
    const [at, loaded] = progress[index] as ProgressPoint;
    while (start < index - 1 && at - (progress[start + 1] as ProgressPoint)[0] >= windowMs) start++;
    const [fromAt, fromLoaded] = progress[start] as ProgressPoint;
    if (at > fromAt) out.push([at, ((loaded - fromLoaded) / (at - fromAt)) * 1000]);
  }
  return out;
}

/** SVG path of a (time, value) series in a width × height box; values above `max` are drawn at the top. */
export function seriesPath(
  series: [number, number][],
  origin: number,
  span: number,
  max: number,
  width: number,
  height: number,
): string {
  if (series.length === 0 || span <= 0 || max <= 0) return '';
  return series
    .map(([at, value], index) => {
      const x = (Math.max(0, at - origin) / span) * width;
      const y = height - (Math.min(Math.max(0, value), max) / max) * height;
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join(' ');
}
