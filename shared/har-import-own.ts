// HAR import of our own entries (those with `_uniTask`, written by shared/har.ts): they come back with the fidelity
// the export keeps. This module only maps the entry's layout back to a record's (times in `_uniTask` are relative
// to the task's creation; headers, body and response text live in the HAR's own fields); the result is read by
// shared/task-read.ts, leniently, like any record from outside, in shared/har-import.ts.

import { isFiniteNumber, isObject } from './checks';
import { headerMap, type Json, paramsToBody } from './har-read';

const TIME_KEYS = ['fileResolved', 'open', 'send', 'headers', 'end'] as const;

/** Each item of a list mapped, or the value as it is for the reader to refuse. */
const mapList = (value: unknown, map: (item: unknown) => unknown) => (Array.isArray(value) ? value.map(map) : value);

/** The record an own entry describes, with absolute times; undefined without a creation time. */
export function ownEntryToRecord(entry: Json, uni: Json, request: Json, response: Json): Json | undefined {
  const started = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : Number.NaN;
  const created = isFiniteNumber(uni.startedAt) ? uni.startedAt : started;
  if (!Number.isFinite(created)) return undefined;
  // Only numbers move: anything else stays as it is, and the reader leaves it out.
  const at = (relative: unknown) => (isFiniteNumber(relative) ? created + relative : relative);
  const relativeTimes = isObject(uni.times) ? uni.times : {};
  const times: Json = { created };
  for (const key of TIME_KEYS) times[key] = at(relativeTimes[key]);
  const postData = isObject(request.postData) ? request.postData : undefined;
  const content = isObject(response.content) ? response.content : {};
  return {
    id: uni.id,
    kind: uni.kind,
    origin: uni.origin,
    probes: uni.probes,
    url: request.url,
    method: uni.method,
    call: uni.call,
    stack: uni.initiator,
    status: uni.status,
    statusCode: isFiniteNumber(response.status) && response.status > 0 ? response.status : undefined,
    errMsg: uni.errMsg,
    bytes: uni.bytes,
    total: uni.total,
    progressEvents: uni.progressEvents,
    // The export writes headers for every task; the record had them once the XHR was sent / answered.
    requestHeaders: isFiniteNumber(relativeTimes.send) ? headerMap(request.headers) : undefined,
    responseHeaders: isFiniteNumber(relativeTimes.headers) ? headerMap(response.headers) : undefined,
    body: postData && Array.isArray(postData.params) ? paramsToBody(postData.params) : undefined,
    responseSize: uni.responseSize,
    responsePreview: content.text,
    tempFilePath: uni.tempFilePath,
    progress: mapList(uni.progress, (point) => (Array.isArray(point) ? [at(point[0]), point[1], point[2]] : point)),
    callbacks: mapList(uni.callbacks, (item) =>
      isObject(item) ? { at: at(item.at), name: item.name, arg: item.arg } : item,
    ),
    appActions: mapList(uni.appActions, (item) => (isObject(item) ? { at: at(item.at), action: item.action } : item)),
    abortedBy: uni.abortedBy,
    bodyHeld: uni.bodyHeld,
    replayOf: uni.replayOf,
    replays: uni.replays,
    devtoolsAbortAt: at(uni.devtoolsAbortAt),
    condition: uni.condition,
    resourceTiming: isObject(uni.resourceTiming)
      ? Object.fromEntries(
          Object.entries(uni.resourceTiming).map(([key, value]) => [key, key === 'transferSize' ? value : at(value)]),
        )
      : uni.resourceTiming,
    times,
  };
}
