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
  return `${(ms / 1000).toFixed(2)} s`;
}

/** File name for an upload, else the last URL path segment (as the Network panel names requests). */
export function taskName(task: Pick<TaskRecord, 'url' | 'kind' | 'body'>): string {
  if (task.kind === 'upload') {
    const file = task.body?.find((part) => part.file)?.file;
    if (file?.name) return file.name;
  }
  try {
    const url = new URL(task.url);
    const segment = url.pathname.split('/').filter(Boolean).pop();
    return segment ? decodeURIComponent(segment) : url.host;
  } catch {
    return task.url;
  }
}

export function taskDuration(task: TaskRecord): number | undefined {
  return task.times.end === undefined ? undefined : task.times.end - task.times.created;
}
