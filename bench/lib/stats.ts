// Summary statistics for the benches' figures.

export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Nearest-rank percentile (p in 0..100); NaN for no values. */
export function percentile(values: number[], p: number): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const median = (values: number[]) => percentile(values, 50);

/** Rounded to `digits`; null when not a finite number (JSON has no NaN). */
export const round = (value: number | null | undefined, digits = 3): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

/** A figure measured once per run: the median and every run's value. */
export interface Figure {
  median: number | null;
  runs: (number | null)[];
}

export function figure(values: number[], digits = 3): Figure {
  return { median: round(median(values), digits), runs: values.map((value) => round(value, digits)) };
}

/** A goal check: the figure's median against the goal. */
export function goal(value: Figure, target: number, direction: 'max' | 'min' = 'max') {
  const pass = value.median !== null && (direction === 'max' ? value.median <= target : value.median >= target);
  return { goal: target, median: value.median, pass };
}
