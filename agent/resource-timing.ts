// The browser's Resource Timing entry of a uni XHR (issue 18): its real redirect, DNS, connect, TLS, request and
// first-byte times, which the page sees nowhere else. Read once, when the XHR ends: both Chromium and Firefox have
// the entry in the performance timeline by the XHR's `load`/`error` (measured 2026-12; Chromium also keeps one for
// a refused connection, with only start and end). Everything is read through methods saved at document_start
// (issue 16): a page that replaces getEntriesByName or a getter gets nothing of ours, and we get nothing of its.
//
// Not seen: a request made after the page's resource timing buffer filled (250 entries unless the page raises the
// limit); we never clear or resize the page's buffer.

import type { ResourceTiming } from '../shared/task-model';
import { apply, create, getterOf } from './own';

const nativePerformance = typeof performance === 'object' ? performance : undefined;
const getEntriesByName = nativePerformance?.getEntriesByName;
const entryProto = typeof PerformanceEntry === 'function' ? PerformanceEntry.prototype : undefined;
const resourceProto = typeof PerformanceResourceTiming === 'function' ? PerformanceResourceTiming.prototype : undefined;
const startTimeOf = entryProto && getterOf(entryProto, 'startTime');
const getters: Record<string, (() => unknown) | undefined> = create(null);
for (const name of [
  'initiatorType',
  'redirectEnd',
  'domainLookupStart',
  'domainLookupEnd',
  'connectStart',
  'secureConnectionStart',
  'connectEnd',
  'requestStart',
  'responseStart',
  'responseEnd',
  'nextHopProtocol',
  'transferSize',
]) {
  getters[name] = resourceProto && getterOf(resourceProto, name);
}

function field(entry: object, name: string): unknown {
  const getter = getters[name];
  return getter ? apply(getter, entry, []) : undefined;
}

/** A time of the entry as ms since the epoch; undefined where the browser gives 0 (hidden, or did not happen). */
const epoch = (value: unknown, timeOrigin: number) =>
  typeof value === 'number' && value > 0 ? timeOrigin + value : undefined;

/**
 * The timing of the XHR to `url` sent at `sentAt` (epoch ms): of the page's `xmlhttprequest` entries for that URL,
 * the one that started first at or after the send (another XHR to the same URL sent earlier started before it).
 */
export function resourceTimingOf(url: string, sentAt: number, timeOrigin: number): ResourceTiming | undefined {
  if (!nativePerformance || !getEntriesByName || !startTimeOf) return undefined;
  const entries = apply(getEntriesByName, nativePerformance, [url, 'resource']) as object[];
  // Our clock and the entry's are the same (timeOrigin + now), but the entry's start is coarsened: allow 1 ms.
  const after = sentAt - timeOrigin - 1;
  let best: object | undefined;
  let bestStart = Number.POSITIVE_INFINITY;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as object;
    const start = apply(startTimeOf, entry, []) as number;
    if (start < after || start >= bestStart || field(entry, 'initiatorType') !== 'xmlhttprequest') continue;
    best = entry;
    bestStart = start;
  }
  return best && toTiming(best, bestStart, timeOrigin);
}

function toTiming(entry: object, startTime: number, timeOrigin: number): ResourceTiming {
  // A null prototype: the assignments below cannot reach a page's setter on Object.prototype.
  const timing: ResourceTiming = create(null);
  timing.start = timeOrigin + startTime;
  timing.end = epoch(field(entry, 'responseEnd'), timeOrigin) ?? timing.start;
  const times: [keyof ResourceTiming, string][] = [
    ['redirectEnd', 'redirectEnd'],
    ['dnsStart', 'domainLookupStart'],
    ['dnsEnd', 'domainLookupEnd'],
    ['connectStart', 'connectStart'],
    ['tlsStart', 'secureConnectionStart'],
    ['connectEnd', 'connectEnd'],
    ['requestStart', 'requestStart'],
    ['responseStart', 'responseStart'],
  ];
  for (let index = 0; index < times.length; index++) {
    // Indexed, not destructured: an array pattern would call the page's Array.prototype[Symbol.iterator].
    const pair = times[index] as [keyof ResourceTiming, string];
    const time = epoch(field(entry, pair[1]), timeOrigin);
    if (time !== undefined) (timing as unknown as Record<string, number>)[pair[0]] = time;
  }
  const protocol = field(entry, 'nextHopProtocol');
  if (typeof protocol === 'string' && protocol !== '') timing.protocol = protocol;
  const size = field(entry, 'transferSize');
  if (typeof size === 'number' && size > 0) timing.transferSize = size;
  return timing;
}
