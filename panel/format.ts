// Display formatting, kept pure for unit tests.

import type { TaskRecord } from '../shared/task-model';

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Bytes per second as "1.2 MB/s". */
export function formatSpeed(bytesPerSecond: number | undefined): string {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** Wall-clock time of day with milliseconds, as the Network panel's start time column: 14:03:07.412. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A time relative to a task's start: "+12.3 ms". */
export function formatOffset(ms: number): string {
  return `+${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

// Names are asked for on every filter and render of 10,000 tasks, and task objects are replaced on every event,
// so the cache is keyed by what the name comes from: the body parts array (kept by reference across updates) for
// an upload with a file, else the URL.
const namesByBody = new WeakMap<object, string>();
const namesByUrl = new Map<string, string>();
const MAX_CACHED_URLS = 50_000;

/**
 * File name for an upload, else the last URL path segment (as the Network panel names requests). Never throws:
 * every row, sort and filter asks for it, so one odd task must not take the grid down (records are read by
 * shared/task-read.ts, and this does not rely on it).
 */
export function taskName(task: Pick<TaskRecord, 'url' | 'kind' | 'body'>): string {
  if (task.kind === 'upload' && Array.isArray(task.body)) {
    let name = namesByBody.get(task.body);
    if (name === undefined) {
      name = computeName(task);
      namesByBody.set(task.body, name);
    }
    return name;
  }
  let name = namesByUrl.get(task.url);
  if (name === undefined) {
    name = computeName(task);
    if (namesByUrl.size >= MAX_CACHED_URLS) namesByUrl.clear();
    namesByUrl.set(task.url, name);
  }
  return name;
}

function computeName(task: Pick<TaskRecord, 'url' | 'kind' | 'body'>): string {
  if (task.kind === 'upload' && Array.isArray(task.body)) {
    const file = task.body.find((part) => part?.file)?.file;
    if (typeof file?.name === 'string' && file.name) return file.name;
  }
  return typeof task.url === 'string' ? lastSegment(task.url) : '';
}

/**
 * The URL's last non-empty path segment, decoded, else its host, else the text itself. String work rather than
 * `new URL()`: names are computed for thousands of tasks on the first filter keystroke or sort, where URL parsing
 * was most of the cost.
 */
function lastSegment(url: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (!scheme) return url;
  const rest = url.slice(scheme[0].length).split(/[?#]/, 1)[0] ?? '';
  const segments = rest.split('/').filter(Boolean);
  const segment = segments[segments.length - 1];
  return segment ? safeDecode(segment) : (scheme[1] ?? url).replace(/^.*@/, '');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function taskDuration(task: Pick<TaskRecord, 'times'>, now?: number): number | undefined {
  const end = task.times.end ?? now;
  return end === undefined ? undefined : end - task.times.created;
}

/** Average speed over the transfer itself (first to last progress event), else over the whole task. */
export function taskSpeed(task: Pick<TaskRecord, 'progress' | 'bytes' | 'times'>): number | undefined {
  const first = task.progress[0];
  const last = task.progress[task.progress.length - 1];
  if (!first || !last || task.bytes <= 0) return undefined;
  const start = task.times.send ?? task.times.open ?? task.times.created;
  const elapsed = last[0] - Math.min(start, first[0]);
  return elapsed > 0 ? (last[1] / elapsed) * 1000 : undefined;
}

/** Percent done, or null when the total is unknown. */
export function taskPercent(task: Pick<TaskRecord, 'bytes' | 'total'>): number | null {
  if (task.total === null || task.total <= 0) return null;
  return Math.min(100, (task.bytes / task.total) * 100);
}

let warmList: readonly Pick<TaskRecord, 'url' | 'kind' | 'body'>[] = [];
let warmIndex = 0;
let warming = false;

/**
 * Computes task names in idle time (requestIdleCallback) as tasks arrive, so that the first filter keystroke or
 * sort by name at 10,000 tasks finds them cached instead of computing them all in one frame.
 */
export function warmTaskNames(tasks: readonly Pick<TaskRecord, 'url' | 'kind' | 'body'>[]): void {
  // The list only grows between clears (a warm-up that misses a reordered task costs nothing: names are also
  // computed on demand).
  if (tasks.length < warmIndex) warmIndex = 0;
  warmList = tasks;
  if (warming || warmIndex >= tasks.length || typeof requestIdleCallback !== 'function') return;
  warming = true;
  requestIdleCallback(function step(deadline) {
    while (warmIndex < warmList.length && deadline.timeRemaining() > 1) {
      taskName(warmList[warmIndex++] as Pick<TaskRecord, 'url' | 'kind' | 'body'>);
    }
    if (warmIndex < warmList.length) requestIdleCallback(step);
    else warming = false;
  });
}
