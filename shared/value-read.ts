// Readers of single untrusted values (agent messages, HAR files), used by shared/task-read.ts. Each returns a fresh
// copy within bounds, or undefined when the value has the wrong type. Copies rather than the values themselves: a
// page's message may carry extra properties of any size, and the panel keeps what it reads for the whole session.
// Strings are cut rather than refused, so that a long URL or header still shows; everything stays linear in the
// size of the input (no JSON.stringify, no regex).

import { isFiniteNumber, isObject } from './checks';

/** Names, methods, MIME types, errMsg: what the agent cuts at 4 kB or what never is long. */
export const MAX_NAME = 4 * 1024;
/** URLs, stacks, header and field values, response previews. */
export const MAX_TEXT = 64 * 1024;
/** Entries of a header, form-data or similar map. */
export const MAX_MAP_ENTRIES = 1000;
/** A callback argument: the agent sends at most three levels (agent/uni-call.ts jsonSafe). */
export const MAX_ARG_DEPTH = 32;
export const MAX_ARG_NODES = 10_000;
/** The range of a JavaScript Date: times beyond it are no moment at all and would break the time scale. */
export const MAX_TIME = 8.64e15;

/** A string cut to `max` characters, with an ellipsis to show the cut (reading it again gives the same text). */
export function readText(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

export const readTime = (value: unknown): number | undefined =>
  isFiniteNumber(value) && value <= MAX_TIME && value >= -MAX_TIME ? value : undefined;

/** Byte counts and sizes: finite and never negative. */
export const readSize = (value: unknown): number | undefined =>
  isFiniteNumber(value) && value >= 0 ? value : undefined;

/**
 * A map of strings (headers, form data). Strict: any other value fails the whole map; lenient (a HAR file):
 * such entries are left out. `__proto__` is never a key (it would set the copy's prototype); past
 * MAX_MAP_ENTRIES the rest is cut.
 */
export function readStringMap(value: unknown, lenient: boolean): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const map: Record<string, string> = {};
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = readText(value[key]);
    if (item === undefined) {
      if (lenient) continue;
      return undefined;
    }
    if (key === '__proto__') continue;
    if (count++ >= MAX_MAP_ENTRIES) break;
    map[readText(key, MAX_NAME) as string] = item;
  }
  return map;
}

/** What readJson returns for a value it cannot take (not JSON data, too deep or too large). */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * A copy of JSON data (a callback argument), at most MAX_ARG_DEPTH deep and MAX_ARG_NODES values large, strings
 * cut; UNREADABLE for anything else (functions, non-finite numbers, too deep or too large).
 */
export function readJson(value: unknown): unknown {
  const budget = { nodes: MAX_ARG_NODES };
  try {
    return copyJson(value, 0, budget);
  } catch {
    return UNREADABLE;
  }
}

function copyJson(value: unknown, depth: number, budget: { nodes: number }): unknown {
  if (--budget.nodes < 0 || depth > MAX_ARG_DEPTH) throw new RangeError('too large');
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string') return readText(value);
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new TypeError('not finite');
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const item of value) copy.push(item === undefined ? null : copyJson(item, depth + 1, budget));
    return copy;
  }
  if (isObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key) || key === '__proto__' || value[key] === undefined) continue;
      copy[key] = copyJson(value[key], depth + 1, budget);
    }
    return copy;
  }
  throw new TypeError('not JSON data');
}
