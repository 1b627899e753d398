// Value checks shared by every guard of untrusted input (protocol envelopes, task events and records, HAR files).
//
// The page agent runs these on the panel's commands inside a page that can replace any global after it starts
// (issue 16): every function they call is saved when this module is evaluated (at document_start in the agent's
// bundle) and none reads a prototype member, so a page-replaced Array.isArray, Object.keys, Array.prototype.every
// or String.prototype.startsWith never sees a command.

const isArray = Array.isArray;
const ownKeys = Object.keys;
const isFiniteNum = Number.isFinite;
const isSafeInt = Number.isSafeInteger;
const apply = Reflect.apply;
const startsWith = String.prototype.startsWith;

/** Longest id accepted (task ids, session ids, command ids). */
export const MAX_ID = 64;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !isArray(value);

export const isList = (value: unknown): value is unknown[] => isArray(value);

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && isFiniteNum(value);

export const isSafeInteger = (value: unknown): value is number => isSafeInt(value);

export const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;

/** `text.startsWith(prefix)` through the saved method. */
export const hasPrefix = (text: string, prefix: string): boolean => apply(startsWith, text, [prefix]);

export function isStringMap(value: unknown): value is Record<string, string> {
  if (!isObject(value)) return false;
  const names = ownKeys(value);
  for (let i = 0; i < names.length; i++) if (typeof value[names[i] as string] !== 'string') return false;
  return true;
}
