// The progress chart's axes and speed line (panel/details/chart-axes.ts, issue 17).
import { describe, expect, it } from 'vitest';
import { axisTicks, seriesPath, speedSeries } from '../../panel/details/chart-axes';

describe('axis ticks', () => {
  it('cuts time into round steps from 0 to the end', () => {
    expect(axisTicks(1000, 5).map((tick) => tick.value)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(axisTicks(2300, 5).map((tick) => tick.value)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(axisTicks(2300, 5).at(-1)?.at).toBeCloseTo(2000 / 2300);
  });

  it('cuts bytes at binary round sizes', () => {
    expect(axisTicks(1024 * 1024, 4, 1024).map((tick) => tick.value)).toEqual([0, 262144, 524288, 786432, 1048576]);
    expect(axisTicks(500, 4, 1024).map((tick) => tick.value)).toEqual([0, 128, 256, 384]);
  });

  it('has only 0 for an empty or broken range', () => {
    expect(axisTicks(0)).toEqual([{ at: 0, value: 0 }]);
    expect(axisTicks(Number.NaN)).toEqual([{ at: 0, value: 0 }]);
  });
});

describe('speed line', () => {
  it('averages over a window, so uneven events do not saw', () => {
    // 1000 bytes every 100 ms, delivered unevenly: 0, 1500, 2000, 3500, 4000 …
    const progress: [number, number, number | null][] = [
      [0, 0, null],
      [100, 1500, null],
      [200, 2000, null],
      [300, 3500, null],
      [400, 4000, null],
      [500, 5000, null],
      [600, 6000, null],
    ];
    const speeds = new Map(speedSeries(progress, 200).map(([at, speed]) => [at, Math.round(speed)]));
    expect([speeds.get(200), speeds.get(400), speeds.get(600)]).toEqual([10_000, 10_000, 10_000]);
    expect(
      seriesPath(
        [
          [0, 5],
          [10, 10],
        ],
        0,
        10,
        10,
        100,
        50,
      ),
    ).toBe('M0.0 25.0 L100.0 0.0');
  });
});
