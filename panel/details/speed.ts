// Speed, ETA and chart geometry for the progress tab (pure, unit-tested).

export type ProgressPoint = [number, number, number | null];

/** Current speed (bytes/s) over the last `windowMs` before `at`: falls towards zero while a transfer stalls. */
export function currentSpeed(progress: ProgressPoint[], at: number, windowMs = 1000): number | undefined {
  const last = progress[progress.length - 1];
  const first = progress[0];
  if (!last || !first || at <= first[0]) return undefined;
  let reference = first;
  for (let index = progress.length - 1; index >= 0; index--) {
    const point = progress[index];
    if (point && point[0] <= at - windowMs) {
      reference = point;
      break;
    }
  }
  const elapsed = at - reference[0];
  return elapsed > 0 ? ((last[1] - reference[1]) / elapsed) * 1000 : undefined;
}

/** Average speed (bytes/s) from `start` until `at`. */
export function averageSpeed(loaded: number, start: number, at: number): number | undefined {
  const elapsed = at - start;
  return elapsed > 0 && loaded > 0 ? (loaded / elapsed) * 1000 : undefined;
}

/** Milliseconds left at `speed`, or undefined when unknown (no total, no speed). */
export function eta(loaded: number, total: number | null, speed: number | undefined): number | undefined {
  if (total === null || total <= 0 || speed === undefined || speed <= 0) return undefined;
  return (Math.max(0, total - loaded) / speed) * 1000;
}

/** Index of the point whose time is nearest to `time` (points sorted by time); -1 for none. */
export function nearestIndex(progress: ProgressPoint[], time: number): number {
  if (progress.length === 0) return -1;
  let low = 0;
  let high = progress.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((progress[middle]?.[0] ?? 0) < time) low = middle + 1;
    else high = middle;
  }
  const previous = progress[low - 1];
  const current = progress[low];
  if (previous && current && time - previous[0] <= current[0] - time) return low - 1;
  return low;
}

/** Bytes per second between a point and the one before it. */
export function deltaSpeed(progress: ProgressPoint[], index: number): number | undefined {
  const point = progress[index];
  const previous = progress[index - 1];
  if (!point || !previous) return undefined;
  const elapsed = point[0] - previous[0];
  return elapsed > 0 ? ((point[1] - previous[1]) / elapsed) * 1000 : undefined;
}

/** SVG path ("M x y L x y …") of loaded bytes over time in a width × height box, from (0, 0 bytes). */
export function chartPath(
  progress: ProgressPoint[],
  origin: number,
  span: number,
  maxBytes: number,
  width: number,
  height: number,
): string {
  if (progress.length === 0 || span <= 0 || maxBytes <= 0) return '';
  const parts: string[] = [`M0 ${height}`];
  for (const [at, loaded] of progress) {
    const x = (Math.max(0, at - origin) / span) * width;
    const y = height - (Math.min(loaded, maxBytes) / maxBytes) * height;
    parts.push(`L${x.toFixed(1)} ${y.toFixed(1)}`);
  }
  return parts.join(' ');
}
