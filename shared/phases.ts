// A task's life cut into the phases the waterfall draws and the HAR export's timings use (pure, unit-tested):
//   preparing  the call until the XHR opened (uni resolving filePath with its own GET, for uploads)
//   sending    upload bytes going out (until the last upload progress event)
//   waiting    until the response headers arrived
//   receiving  response bytes coming in (download progress) until the end
// With the browser's Resource Timing entry (issue 18: the page's own record of the request, where it gives the
// detail), the network part is the browser's: redirect, dns, connect, tls from the entry; sending from its
// requestStart; waiting until its first byte (responseStart).
// The same computation as panel/phases.ts, which is meant to re-export this one (shared/ imports nothing of panel/).

import type { TaskRecord } from './task-model';

export type PhaseName = 'preparing' | 'redirect' | 'dns' | 'connect' | 'tls' | 'sending' | 'waiting' | 'receiving';

export interface Phase {
  name: PhaseName;
  start: number;
  end: number;
}

export type PhaseTask = Pick<TaskRecord, 'kind' | 'times' | 'progress' | 'status' | 'resourceTiming'>;

/** Phases from created until end (or `now` for a running task); empty phases are left out. */
export function taskPhases(task: PhaseTask, now: number): Phase[] {
  const { created, open, send, headers, end } = task.times;
  const finish = end ?? now;
  const phases: Phase[] = [];
  const push = (name: PhaseName, start: number | undefined, stop: number | undefined) => {
    if (start === undefined || stop === undefined) return;
    const clampedStop = Math.min(stop, finish);
    if (clampedStop > start) phases.push({ name, start, end: clampedStop });
  };
  const opened = open ?? send;
  const browser = task.resourceTiming;
  if (opened !== undefined && browser?.requestStart !== undefined) {
    const { redirectEnd, dnsStart, dnsEnd, connectStart, tlsStart, connectEnd, requestStart, responseStart } = browser;
    push('preparing', created, browser.start);
    push('redirect', browser.start, redirectEnd);
    push('dns', dnsStart, dnsEnd);
    push('connect', connectStart, tlsStart ?? connectEnd);
    push('tls', tlsStart, connectEnd);
    const firstByte = responseStart ?? headers ?? finish;
    const requestGone = task.kind === 'upload' ? Math.max(requestStart, uploadSentAt(task, firstByte)) : requestStart;
    push('sending', requestStart, requestGone);
    push('waiting', requestGone, firstByte);
    push('receiving', firstByte, finish);
    return phases;
  }
  push('preparing', created, opened ?? finish);
  if (opened === undefined) return phases;
  const requestGone = task.kind === 'upload' ? uploadSentAt(task, headers ?? finish) : (send ?? opened);
  push('sending', opened, requestGone);
  push('waiting', requestGone, headers ?? finish);
  if (headers !== undefined) push('receiving', headers, finish);
  return phases;
}

/** The last upload progress event before the response began (the request body fully sent). */
function uploadSentAt(task: PhaseTask, limit: number): number {
  let last: number | undefined;
  for (const [at] of task.progress) if (at <= limit) last = at;
  return last ?? task.times.send ?? task.times.open ?? task.times.created;
}
