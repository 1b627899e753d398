// The agent's own serializer and parser (agent/own.ts, issue 16): a page that replaces
// Object.prototype.toJSON, defines getters on Object.prototype or replaces Array.prototype methods after the agent
// started must neither see nor rewrite what the agent sends, nor see the commands it reads.

import { describe, expect, it } from 'vitest';
import { bare, isGenuine, listOf, markOwnEvent, ownArray, ownParse, ownStringify } from '../../agent/own';

// The test's own bookkeeping runs while prototypes are replaced: it uses saved functions and index loops only.
const restore: (() => void)[] = [];
const define = Object.defineProperty;
const describeOwn = Object.getOwnPropertyDescriptor;
const remove = Reflect.deleteProperty;

/**
 * Runs `body` with the members `plant` installed, and takes them away before anything else runs (vitest's own
 * messages would meet them); the checks come after.
 */
function hostile<T>(body: () => T): T {
  try {
    return body();
  } finally {
    for (let i = restore.length - 1; i >= 0; i--) (restore[i] as () => void)();
    restore.length = 0;
  }
}

/** Installs a member on a prototype, inside hostile() only. */
function plant(target: object, name: PropertyKey, member: PropertyDescriptor): void {
  const before = describeOwn(target, name);
  member.configurable = true;
  define(target, name, member);
  // Defined, not assigned: an assignment would run a setter planted on Array.prototype (the very attack).
  define(restore, restore.length, {
    value: () => (before ? define(target, name, before) : remove(target, name)),
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

describe('ownStringify', () => {
  it('writes what JSON.stringify writes for plain data', () => {
    const value = {
      a: 1,
      b: 'x"\n\u2028',
      c: [1, 'two', null, { d: true }],
      e: { f: { g: [] } },
      n: Number.NaN,
      i: Number.POSITIVE_INFINITY,
      u: undefined,
      fn: () => 1,
      nested: [undefined, () => 1],
    };
    expect(ownStringify(value)).toBe(JSON.stringify(value));
  });

  it('calls no toJSON, no getter, reads no prototype', () => {
    const calls: string[] = [];
    const own = { type: 'events', payload: { events: [{ type: 'progress', taskId: 't1' }] } };
    Object.defineProperty(own, 'accessor', { get: () => calls.push('own getter'), enumerable: true });
    Object.defineProperty(own, 'toJSON', { value: () => 'own toJSON', enumerable: false });
    const json = hostile(() => {
      plant(Object.prototype, 'toJSON', {
        value() {
          calls.push('Object.prototype.toJSON');
          return { type: 'events', forged: true };
        },
        writable: true,
      });
      plant(Array.prototype, 'toJSON', {
        value() {
          calls.push('Array.prototype.toJSON');
          return [];
        },
        writable: true,
      });
      plant(Object.prototype, 'inherited', { get: () => calls.push('inherited getter'), enumerable: true });
      return ownStringify(own);
    });
    expect(JSON.parse(json)).toEqual({ type: 'events', payload: { events: [{ type: 'progress', taskId: 't1' }] } });
    expect(calls).toEqual([]);
  });

  it('ignores Array.prototype getters and replaced methods', () => {
    const calls: string[] = [];
    const sparse: unknown[] = [1];
    sparse.length = 3;
    const json = hostile(() => {
      plant(Array.prototype, '1', { get: () => calls.push('index getter'), set: () => calls.push('index setter') });
      for (const name of ['map', 'join', 'forEach', Symbol.iterator] as const)
        plant(Array.prototype, name, { value: () => calls.push(String(name)), writable: true });
      return ownStringify({ list: sparse });
    });
    expect(json).toBe('{"list":[1,null,null]}');
    expect(calls).toEqual([]);
  });

  it('throws on a cycle rather than looping', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => ownStringify(cycle)).toThrow();
  });
});

describe('ownParse', () => {
  it('makes objects without a prototype and arrays with a private one', () => {
    const value = ownParse('{"a":{"b":[1,{"c":2}]},"rules":[{"id":"r"}]}') as {
      a: { b: [number, { c: number }] };
      rules: { id: string }[];
    };
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.getPrototypeOf(value.a.b[1])).toBeNull();
    expect(Array.isArray(value.rules)).toBe(true);
    expect(Object.getPrototypeOf(value.rules)).not.toBe(Array.prototype);
    expect(JSON.stringify(value)).toBe('{"a":{"b":[1,{"c":2}]},"rules":[{"id":"r"}]}');
  });

  it('its arrays never reach the page: iteration, map, filter, slice, find', () => {
    const seen: unknown[] = [];
    const rules = ownParse('[{"id":"a","times":5},{"id":"b","times":null}]') as { id: string; secret?: unknown }[];
    const results = hostile(() => {
      for (const name of ['map', 'filter', 'slice', 'find', 'flatMap', 'push', Symbol.iterator])
        plant(Array.prototype, name, {
          value(this: unknown) {
            seen.push(this);
            return [];
          },
          writable: true,
        });
      plant(Object.prototype, 'secret', { get: () => seen.push('getter') });
      const ids: string[] = [];
      for (const rule of rules) define(ids, ids.length, { value: rule.id, enumerable: true, configurable: true });
      const mapped = rules.slice(0, 5).map((rule) => rule.id);
      return {
        ids: ids.join(),
        filtered: mapped.filter((id) => id === 'b').join(),
        secret: rules.find((rule) => rule.id === 'b')?.secret,
        flat: rules.flatMap((rule) => [rule.id]).length,
      };
    });
    expect(results).toEqual({ ids: 'a,b', filtered: 'b', secret: undefined, flat: 2 });
    expect(seen).toEqual([]);
  });
});

describe('bare, ownArray, listOf', () => {
  it('bare objects read no prototype member', () => {
    const options = bare({ detail: 'x' });
    const bubbles = hostile(() => {
      plant(Object.prototype, 'bubbles', { get: () => true });
      return (options as { bubbles?: unknown }).bubbles;
    });
    expect(bubbles).toBeUndefined();
  });

  it('listOf iterates a Map through the saved iterator', () => {
    const seen: unknown[] = [];
    const map = new Map([
      ['k1', 1],
      ['k2', 2],
    ]);
    const lists = hostile(() => {
      plant(Object.getPrototypeOf(new Map().values()), 'next', {
        value() {
          seen.push('next');
          return { done: true };
        },
        writable: true,
      });
      return { values: ownArray(listOf(map)).join(), keys: listOf(map, 'keys').join() };
    });
    expect(lists).toEqual({ values: '1,2', keys: 'k1,k2' });
    expect(seen).toEqual([]);
  });
});

describe('isGenuine', () => {
  it('takes the agent’s own events and refuses a script’s', () => {
    expect(isGenuine(new Event('load'))).toBe(false);
    expect(isGenuine(markOwnEvent(new Event('load')))).toBe(true);
  });
});
