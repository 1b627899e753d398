// The parts of a task record or event that shared/task-read.ts reads: the uni call, body parts, lists, callback
// arguments, and the sets of known values. See shared/task-read.ts for the two modes (strict, lenient).

import { isFiniteNumber, isObject } from './checks';
import type {
  AppAction,
  BodyPart,
  CallbackName,
  CallInfo,
  Probe,
  TaskKind,
  TaskOrigin,
  TaskRecord,
  TaskStatus,
  XhrOutcome,
} from './task-model';
import { MAX_NAME, readJson, readSize, readStringMap, readText, UNREADABLE } from './value-read';

/** Body parts of an upload, and files of a uni call. */
export const MAX_PARTS = 1000;
/** uni fires two or three callbacks per task; more is a forged record. */
export const MAX_CALLBACKS = 1000;
export const MAX_APP_ACTIONS = 10_000;
export const MAX_REPLAYS = 1000;

export const KINDS = new Set<unknown>(['upload', 'download'] satisfies TaskKind[]);
export const STATUSES = new Set<unknown>(['pending', 'running', 'success', 'fail', 'abort'] satisfies TaskStatus[]);
export const ORIGINS = new Set<unknown>(['app', 'replay'] satisfies TaskOrigin[]);
export const CALLBACK_NAMES = new Set<unknown>(['success', 'fail', 'complete'] satisfies CallbackName[]);
export const APP_ACTIONS = new Set<unknown>(['onProgressUpdate', 'offProgressUpdate', 'abort'] satisfies AppAction[]);
export const OUTCOMES = new Set<unknown>(['load', 'error', 'abort', 'timeout', 'unload'] satisfies XhrOutcome[]);
export const ABORTED_BY = new Set<unknown>([
  'app',
  'timeout',
  'devtools',
  'unload',
] satisfies TaskRecord['abortedBy'][]);
export const TIME_KEYS = ['fileResolved', 'open', 'send', 'headers', 'end'] as const;

export const isProbe = (value: unknown): value is Probe => value === 'uni' || value === 'xhr';

/** The reading of one record or event: its mode, and whether a wrong value was met (fatal when strict). */
export interface ReadContext {
  lenient: boolean;
  bad: boolean;
}

export const strict = (): ReadContext => ({ lenient: false, bad: false });

/** A list, item by item, at most `max` items: a wrong item marks the context bad and is skipped. */
export function readList<T>(
  value: unknown,
  max: number,
  context: ReadContext,
  read: (item: unknown, context: ReadContext) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: T[] = [];
  for (let index = 0; index < value.length && items.length < max; index++) {
    const item = read(value[index], context);
    if (item === undefined) context.bad = true;
    else items.push(item);
  }
  return items;
}

function readFile(value: unknown): { name?: string; uri?: string } | undefined {
  if (!isObject(value)) return undefined;
  const file: { name?: string; uri?: string } = {};
  const name = readText(value.name);
  const uri = readText(value.uri);
  if ((value.name !== undefined && name === undefined) || (value.uri !== undefined && uri === undefined)) {
    return undefined;
  }
  if (name !== undefined) file.name = name;
  if (uri !== undefined) file.uri = uri;
  return file;
}

/** Callback names, each known and at most once. */
function readCallbackNames(raw: unknown): CallbackName[] | undefined {
  if (!Array.isArray(raw) || raw.length > CALLBACK_NAMES.size) return undefined;
  if (!raw.every((name) => CALLBACK_NAMES.has(name)) || new Set(raw).size !== raw.length) return undefined;
  return raw as CallbackName[];
}

/** The uni call as the app wrote it. Its url and mode are required; a wrong optional value marks the context. */
export function readCallInfo(value: unknown, context: ReadContext): CallInfo | undefined {
  if (!isObject(value) || (value.mode !== 'callback' && value.mode !== 'promise')) return undefined;
  const url = readText(value.url);
  if (url === undefined) return undefined;
  const call: CallInfo = { url, mode: value.mode };
  const optional = <K extends keyof CallInfo>(key: K, read: (raw: unknown) => CallInfo[K] | undefined) => {
    // null: what JSON makes of the NaN or Infinity an app may pass as a timeout.
    if (value[key] === undefined || value[key] === null) return;
    const item = read(value[key]);
    if (item === undefined) context.bad = true;
    else call[key] = item;
  };
  optional('name', (raw) => readText(raw));
  optional('filePath', (raw) => readText(raw));
  optional('files', (raw) => readList(raw, MAX_PARTS, context, readFile));
  optional('formData', (raw) => readStringMap(raw, context.lenient));
  optional('header', (raw) => readStringMap(raw, context.lenient));
  optional('timeout', (raw) => (isFiniteNumber(raw) ? raw : undefined));
  optional('callbacks', readCallbackNames);
  return call;
}

/** One multipart part: a field (value) or a file (name, size, type). */
export function readBodyPart(value: unknown): BodyPart | undefined {
  if (!isObject(value)) return undefined;
  const name = readText(value.name);
  if (name === undefined) return undefined;
  const part: BodyPart = { name };
  if (value.value !== undefined) {
    const text = readText(value.value);
    if (text === undefined) return undefined;
    part.value = text;
  }
  if (value.file !== undefined) {
    const file = value.file;
    if (!isObject(file)) return undefined;
    const fileName = readText(file.name);
    const size = readSize(file.size);
    const type = readText(file.type, MAX_NAME);
    if (fileName === undefined || size === undefined || type === undefined) return undefined;
    part.file = { name: fileName, size, type };
  }
  return part;
}

export const readBody = (value: unknown, context: ReadContext) => readList(value, MAX_PARTS, context, readBodyPart);

/** A callback's argument: any JSON data within bounds; an unreadable one fails strict reading, else is null. */
export function readArg(value: unknown, context: ReadContext): { arg: unknown } | undefined {
  const arg = readJson(value);
  if (arg !== UNREADABLE) return { arg };
  return context.lenient ? { arg: null } : undefined;
}
