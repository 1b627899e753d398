import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatSpeed, taskName, taskSpeed } from '../../panel/format';
import { taskPhases } from '../../panel/phases';
import type { TaskRecord } from '../../shared/task-model';

const upload: Pick<TaskRecord, 'kind' | 'times' | 'progress' | 'status'> = {
  kind: 'upload',
  status: 'success',
  times: { created: 1000, fileResolved: 1004, open: 1005, send: 1006, headers: 1100, end: 1120 },
  progress: [
    [1010, 10, 100],
    [1050, 100, 100],
  ],
};

describe('phases', () => {
  it('cuts an upload into preparing, sending, waiting and receiving', () => {
    expect(taskPhases(upload, 5000)).toEqual([
      { name: 'preparing', start: 1000, end: 1005 },
      { name: 'sending', start: 1005, end: 1050 },
      { name: 'waiting', start: 1050, end: 1100 },
      { name: 'receiving', start: 1100, end: 1120 },
    ]);
  });

  it('draws a running download up to now, and a task that never opened as preparing only', () => {
    const download = { kind: 'download' as const, status: 'running' as const, progress: [] };
    expect(taskPhases({ ...download, times: { created: 0, open: 1, send: 2, headers: 10 } }, 50)).toEqual([
      { name: 'preparing', start: 0, end: 1 },
      { name: 'sending', start: 1, end: 2 },
      { name: 'waiting', start: 2, end: 10 },
      { name: 'receiving', start: 10, end: 50 },
    ]);
    expect(taskPhases({ ...download, status: 'fail', times: { created: 0, end: 7 } }, 50)).toEqual([
      { name: 'preparing', start: 0, end: 7 },
    ]);
  });
});

describe('format', () => {
  it('formats durations, speeds and clock times', () => {
    expect([formatDuration(12.4), formatDuration(1234), formatDuration(61_000), formatDuration(undefined)]).toEqual([
      '12 ms',
      '1.23 s',
      '1 min 1 s',
      '—',
    ]);
    expect(formatSpeed(2048)).toBe('2.0 kB/s');
    expect(formatClock(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006');
  });

  it('names a task by its file or last URL segment, and tolerates bad escapes', () => {
    expect(taskName({ kind: 'download', url: 'http://h/a/b%20c.png?x=1' })).toBe('b c.png');
    expect(taskName({ kind: 'download', url: 'http://h/a/%E0%A4%A' })).toBe('%E0%A4%A');
    expect(taskName({ kind: 'download', url: 'not a url' })).toBe('not a url');
    expect(taskName({ kind: 'download', url: 'https://user@h.example:8080/?a=/x' })).toBe('h.example:8080');
    expect(taskName({ kind: 'download', url: 'http://h/a/b/#frag/c' })).toBe('b');
  });

  it('measures speed over the transfer itself', () => {
    expect(taskSpeed({ bytes: 100, progress: upload.progress, times: upload.times })).toBeCloseTo((100 / 44) * 1000);
    expect(taskSpeed({ bytes: 0, progress: [], times: { created: 0 } })).toBeUndefined();
  });
});
