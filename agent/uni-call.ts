// Reading the app's uni call without disturbing it: only own data properties are read (app getters are never
// invoked by us), and everything kept is reduced to JSON-safe values of bounded size.

import type { CallbackName, CallInfo } from '../shared/task-model';
import { dataMember, keys, ownArray } from './own';

/** Texts the agent keeps of page data are cut to this many characters (the panel shows previews, not bodies). */
export const MAX_TEXT = 4096;

// String.prototype.slice saved at document_start: a page-replaced one would see every recorded text (issue 16).
const slice = String.prototype.slice;
const apply = Reflect.apply;
export const clip = (text: string, max = MAX_TEXT): string => (text.length > max ? apply(slice, text, [0, max]) : text);

export function ownData(target: unknown, key: string): unknown {
  if (typeof target !== 'object' || target === null) return undefined;
  try {
    return dataMember(target, key)?.value;
  } catch {
    return undefined; // a revoked Proxy throws here
  }
}

export function safeText(value: unknown): string {
  if (typeof value === 'string') return clip(value);
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, MAX_TEXT);
  } catch {
    return Object.prototype.toString.call(value); // circular, or a getter that throws
  }
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, string> = {};
  for (const key of ownArray(keys(value)).slice(0, 200)) out[key] = safeText(ownData(value, key));
  return out;
}

const optionalString = (value: unknown) => (typeof value === 'string' ? clip(value) : undefined);

// A private array (own.ts): its filter is the one saved at document_start, never a page's.
const CALLBACK_NAMES = ownArray<CallbackName>(['success', 'fail', 'complete']);

/** The callbacks the app passed, in uni's order (own data properties that are functions, as uni reads them). */
export function passedCallbacks(options: unknown): CallbackName[] {
  return CALLBACK_NAMES.filter((key) => typeof ownData(options, key) === 'function');
}

export function hasCallback(options: unknown): boolean {
  return passedCallbacks(options).length > 0;
}

export function describeCall(options: unknown): CallInfo {
  const read = (key: string) => ownData(options, key);
  const files = read('files');
  const timeout = read('timeout');
  const callbacks = passedCallbacks(options);
  return {
    url: typeof read('url') === 'string' ? (read('url') as string) : safeText(read('url')),
    mode: callbacks.length > 0 ? 'callback' : 'promise',
    name: optionalString(read('name')),
    filePath: optionalString(read('filePath')),
    files: Array.isArray(files)
      ? files
          .slice(0, 100)
          .map((file) => ({ name: optionalString(ownData(file, 'name')), uri: optionalString(ownData(file, 'uri')) }))
      : undefined,
    formData: stringRecord(read('formData')),
    header: stringRecord(read('header')),
    timeout: typeof timeout === 'number' ? timeout : undefined,
    callbacks: callbacks.length > 0 ? callbacks : undefined,
  };
}

/** A callback argument as JSON-safe data: strings cut to MAX_TEXT, at most three levels deep. */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value !== 'object' || depth > 2) return value === undefined ? undefined : safeText(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => jsonSafe(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of ownArray(keys(value)).slice(0, 50)) out[key] = jsonSafe(ownData(value, key), depth + 1);
  return out;
}

/** The last resolution: a uni call and its XHR's open() resolve the same URL one after the other. */
let lastUrl: { url: string; base: string; href: string } | undefined;

export function absoluteUrl(url: string): string {
  const base = document.baseURI;
  if (lastUrl?.url === url && lastUrl.base === base) return lastUrl.href;
  let href: string;
  try {
    href = new URL(url, base).href;
  } catch {
    href = url;
  }
  lastUrl = { url, base, href };
  return href;
}

/**
 * True when uni will reject an upload with `file error` because it has no file at all: neither a non-empty
 * `files` array nor a `filePath` (Vue 3 uploadFile ~21316; Vue 2 upload-file.js:67). Only for calls whose other
 * parameters pass uni's protocol checks, which would otherwise answer `parameter error` first.
 */
export function uploadHasNoFile(options: unknown): boolean {
  const read = (key: string) => ownData(options, key);
  const files = read('files');
  const filePath = read('filePath');
  const optional = (value: unknown, type: string) => value === undefined || typeof value === type;
  return (
    typeof read('url') === 'string' &&
    (files === undefined || (Array.isArray(files) && files.length === 0)) &&
    (filePath === undefined || filePath === '') &&
    optional(read('name'), 'string') &&
    optional(read('header'), 'object') &&
    optional(read('formData'), 'object')
  );
}
