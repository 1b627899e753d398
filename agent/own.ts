// What the agent uses of the language and the DOM once page scripts run, saved at document_start (issue 16).
//
// A page can replace any member it can reach (Array.isArray, Object.keys, JSON, Object.prototype.toJSON, a getter
// on Object.prototype, Array.prototype[Symbol.iterator], EventTarget.prototype.addEventListener, …). Anything the
// agent calls through those later runs the page's code with the agent's data: the page then reads commands (the
// developer's network-condition rules), rewrites outgoing envelopes, or blinds the probes. So:
// - every method is captured here, when this module is evaluated (before the first page script), and called with
//   the saved Reflect.apply;
// - data crossing the channel is written by ownStringify, which reads own enumerable data properties only (no
//   toJSON, no getters, no prototype), and read by ownParse, whose objects have a null prototype and whose arrays
//   have a private prototype (saved Array methods, an own iterator): reading a missing field, iterating, or
//   calling map/filter/slice on them never reaches an object the page holds.

export const apply = Reflect.apply;
export const ownKeys = Reflect.ownKeys;
export const getPrototypeOf = Reflect.getPrototypeOf;
export const setPrototypeOf = Reflect.setPrototypeOf;
const nativeDescribe = Reflect.getOwnPropertyDescriptor;
export const defineProperty = Reflect.defineProperty;
export const create = Object.create;
/** Object.defineProperty (throws where Reflect's returns false). */
export const defineOrThrow = Object.defineProperty;
export const getPrototype = Object.getPrototypeOf;
export const isArray = Array.isArray;
export const keys = Object.keys;
const NativeArray = Array;

/**
 * An own property's descriptor, without a prototype: a data descriptor has no own `get`, and reading one must not
 * reach a page getter on Object.prototype.
 */
export function describe(target: object, name: PropertyKey): PropertyDescriptor | undefined {
  const member = nativeDescribe(target, name);
  if (member) setPrototypeOf(member, null);
  return member;
}

const ownPropertyCheck = Object.prototype.hasOwnProperty;

/**
 * An own data property's descriptor (undefined for an accessor or a missing one). A data descriptor's fields
 * (value, writable, enumerable, configurable) are all its own, so reading them never reaches a page getter: the
 * hot paths (ownStringify, ownData) use this rather than `describe`, whose null prototype made a descriptor 2.5×
 * slower to get (a prototype change per property).
 */
export function dataMember(target: object, name: PropertyKey): PropertyDescriptor | undefined {
  const member = nativeDescribe(target, name);
  return member && isDataMember(member) ? member : undefined;
}

/**
 * An own property's descriptor as the native call gives it (no prototype change: the hot paths), or undefined.
 * Read it only through `isDataMember` first: a data descriptor's own fields are value, writable, enumerable and
 * configurable, an accessor's get, set, enumerable and configurable; any other field reaches Object.prototype.
 */
export const ownMember = nativeDescribe;

/** Whether a descriptor (of `ownMember` or `describe`) is a data property's. */
export const isDataMember = (member: PropertyDescriptor): boolean => apply(ownPropertyCheck, member, ['value']);

/** The getter of an accessor, saved now. */
export const getterOf = (target: object, name: string) => describe(target, name)?.get as (this: unknown) => never;
const nativeParse = JSON.parse;
/** Only ever called with a primitive (string, number, boolean): no toJSON is looked up for those. */
const nativeStringify = JSON.stringify;
const isFiniteNum = Number.isFinite;
const arrayProto = Array.prototype;

// isTrusted is [LegacyUnforgeable]: an own, non-configurable accessor of each event (not on Event.prototype), so a
// page can neither replace nor shadow it; the getter is still saved, from an event made now.
const isTrustedGetter =
  getterOf(new Event('uni-transfer-devtools'), 'isTrusted') ?? getterOf(Event.prototype, 'isTrusted');

/** Whether the browser made this event (a page script's dispatchEvent makes untrusted ones). */
export function isTrusted(event: Event): boolean {
  return (isTrustedGetter ? apply(isTrustedGetter, event, []) : event.isTrusted) === true;
}

/** An object with no prototype: a missing member is undefined, never a page getter. */
export function bare<T extends object>(members: T): T {
  const out = create(null) as T;
  // Plain assignment: a null-prototype object has no setter to reach. `members` is the agent's own literal.
  const names = keys(members) as (keyof T)[];
  for (let i = 0; i < names.length; i++) out[names[i] as keyof T] = members[names[i] as keyof T];
  return out;
}

// The private array prototype: the saved Array.prototype methods. `constructor` carries Symbol.species, so map,
// filter, slice, flatMap… of a private array make private arrays too; the iterator is our own object (the
// native one shares %ArrayIteratorPrototype%.next with the page).
const SAFE_ARRAY = create(null) as Record<PropertyKey, unknown>;
function SafeArray(length: number): unknown[] {
  const out = new NativeArray(length);
  setPrototypeOf(out, SAFE_ARRAY);
  return out;
}
defineProperty(SafeArray, Symbol.species, { value: SafeArray });
for (const name of ownKeys(arrayProto)) {
  const member = describe(arrayProto, name) as PropertyDescriptor;
  if (name !== 'constructor' && name !== Symbol.iterator) defineProperty(SAFE_ARRAY, name, member);
}
defineProperty(SAFE_ARRAY, 'constructor', { value: SafeArray });
defineProperty(SAFE_ARRAY, Symbol.iterator, {
  value(this: unknown[]) {
    let index = 0;
    return bare({
      next: () => (index < this.length ? bare({ value: this[index++], done: false }) : bare({ done: true })),
    });
  },
});

/** The same array with the private prototype (in place: arrays the agent made itself). */
export function ownArray<T>(list: T[]): T[] {
  setPrototypeOf(list, SAFE_ARRAY);
  return list;
}

/** JSON.parse as the page can no longer see it: null-prototype objects, private arrays. */
export function ownParse(json: string): unknown {
  return nativeParse(json, (_key: string, value: unknown) => {
    if (typeof value !== 'object' || value === null) return value;
    // The reviver runs innermost first: members are already converted.
    setPrototypeOf(value, isArray(value) ? SAFE_ARRAY : null);
    return value;
  });
}

/** Deeper than any envelope the agent writes: a page object that nests further is cut, not followed. */
const MAX_DEPTH = 64;

/**
 * JSON of `value` from own enumerable data properties only: no toJSON is called, no getter runs, nothing is read
 * from a prototype; undefined, functions and symbols are left out as JSON.stringify leaves them out, non-finite
 * numbers are null. Throws on a cycle or past MAX_DEPTH (the bridge then sends a diagnostic instead).
 */
export function ownStringify(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return nativeStringify(value);
  if (type === 'number') return isFiniteNum(value) ? nativeStringify(value) : 'null';
  if (type !== 'object') return 'null';
  if (depth > MAX_DEPTH) throw new Error('too deep');
  const object = value as Record<PropertyKey, unknown>;
  let out = '';
  if (isArray(object)) {
    const length = (describe(object, 'length') as PropertyDescriptor).value as number;
    for (let i = 0; i < length; i++) {
      const item = dataMember(object, i);
      const text = item ? ownStringify(item.value, depth + 1) : 'null';
      out += i === 0 ? text : `,${text}`;
    }
    return `[${out}]`;
  }
  const names = ownKeys(object);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name !== 'string') continue;
    const member = dataMember(object, name);
    // Accessors are skipped: reading one would run its code.
    if (!member?.enumerable) continue;
    const item = member.value;
    const kind = typeof item;
    if (item === undefined || kind === 'function' || kind === 'symbol') continue;
    out += `${out === '' ? '' : ','}${nativeStringify(name)}:${ownStringify(item, depth + 1)}`;
  }
  return `{${out}}`;
}

const mapValues = Map.prototype.values;
const mapKeys = Map.prototype.keys;
const mapIteratorNext = (getPrototypeOf(new Map().values()) as { next: () => IteratorResult<unknown> }).next;

/** A Map's values (or keys) as a private array, through the saved iterator (the page can replace the shared one). */
export function listOf<T>(map: Map<unknown, T>): T[];
export function listOf<K>(map: Map<K, unknown>, which: 'keys'): K[];
export function listOf(map: Map<unknown, unknown>, which?: 'keys'): unknown[] {
  const out = ownArray<unknown>([]);
  const iterator = apply(which === 'keys' ? mapKeys : mapValues, map, []);
  for (let next = apply(mapIteratorNext, iterator, []); !next.done; next = apply(mapIteratorNext, iterator, [])) {
    out.push(next.value);
  }
  return out;
}

// Events the agent dispatches itself (a network condition's gate shows the app a synthetic timeline): untrusted
// by nature, yet the probe must record them as the app sees them. Kept here so that only agent code can add one.
const ownEvents = new WeakSet<Event>();
const addOwn = WeakSet.prototype.add;
const hasOwn = WeakSet.prototype.has;

/** Marks an event the agent is about to dispatch. */
export function markOwnEvent(event: Event): Event {
  apply(addOwn, ownEvents, [event]);
  return event;
}

/** The browser's own event, or one the agent dispatched: never a page's synthetic one. */
export function isGenuine(event: Event): boolean {
  return isTrusted(event) || apply(hasOwn, ownEvents, [event]) === true;
}
