// Payload guards for what the panel receives from a page. A page can post anything, so every event and record
// is checked before it touches the panel's state; what fails is rejected and counted.

import { isFiniteNumber, isId, isObject, isStringMap } from './checks';
import type { TaskEvent, TaskRecord } from './task-model';

const KINDS = new Set(['upload', 'download']);
const STATUSES = new Set(['pending', 'running', 'success', 'fail', 'abort']);
const OUTCOMES = new Set(['load', 'error', 'abort', 'timeout']);
const CALLBACKS = new Set(['success', 'fail', 'complete']);
const APP_ACTIONS = new Set(['onProgressUpdate', 'offProgressUpdate', 'abort']);
const isOptionalStringMap = (value: unknown) => value === undefined || isStringMap(value);

export function isTaskEvent(value: unknown): value is TaskEvent {
  if (!isObject(value) || !isId(value.taskId) || !isFiniteNumber(value.at)) return false;
  switch (value.type) {
    case 'created':
      return (
        KINDS.has(value.kind as string) &&
        typeof value.url === 'string' &&
        (value.origin === 'app' || value.origin === 'replay') &&
        (value.replayOf === undefined || isId(value.replayOf))
      );
    case 'probe':
      return value.probe === 'uni' || value.probe === 'xhr';
    case 'open':
      return typeof value.method === 'string' && typeof value.url === 'string';
    case 'send':
      return isOptionalStringMap(value.requestHeaders) && (value.body === undefined || Array.isArray(value.body));
    case 'headers':
      return isFiniteNumber(value.statusCode) && isOptionalStringMap(value.responseHeaders);
    case 'progress':
      return isFiniteNumber(value.loaded) && (value.total === null || isFiniteNumber(value.total));
    case 'end':
      return OUTCOMES.has(value.outcome as string);
    case 'callback':
      return CALLBACKS.has(value.name as string);
    case 'app':
      return APP_ACTIONS.has(value.action as string);
    case 'body':
      return typeof value.held === 'boolean' && isFiniteNumber(value.size);
    case 'file':
      return typeof value.url === 'string' && typeof value.ok === 'boolean';
    case 'devtools':
      return value.action === 'abort' || (value.action === 'replay' && isId(value.replayId));
    default:
      return false;
  }
}

export function isTaskRecord(value: unknown): value is TaskRecord {
  return (
    isObject(value) &&
    isId(value.id) &&
    KINDS.has(value.kind as string) &&
    STATUSES.has(value.status as string) &&
    typeof value.url === 'string' &&
    isFiniteNumber(value.bytes) &&
    (value.total === null || isFiniteNumber(value.total)) &&
    isFiniteNumber(value.progressEvents) &&
    Array.isArray(value.probes) &&
    Array.isArray(value.progress) &&
    Array.isArray(value.callbacks) &&
    Array.isArray(value.appActions) &&
    isObject(value.times) &&
    isFiniteNumber(value.times.created)
  );
}
