// The one reader of records and events from outside the panel (shared/task-read.ts), played against as a hostile
// page would: every value the agent's own records and events can hold still reads, and nothing else does.

import { describe, expect, it } from 'vitest';
import { taskName } from '../../panel/format';
import { applyTaskEvent, MAX_PROGRESS_POINTS, newTaskRecord, type TaskRecord } from '../../shared/task-model';
import { MAX_CALLBACKS, readTaskEvent, readTaskRecord } from '../../shared/task-read';
import { MAX_ARG_DEPTH, MAX_MAP_ENTRIES, MAX_TEXT } from '../../shared/value-read';
import { workload } from '../shell/generate';
import { allSamples, sampleDownload, sampleUpload } from './har-samples';

const lenient = { lenient: true };
const upload = () => sampleUpload() as TaskRecord & Record<string, unknown>;
const deep = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('readTaskRecord / readTaskEvent: what the agent sends', () => {
  it('reads every record and event the agent makes, unchanged but copied', () => {
    const { events, records } = workload(120, 1500, { running: 20, seed: 3 });
    for (const event of events) {
      const read = readTaskEvent(event);
      expect(read, event.type).toEqual(event);
      expect(read).not.toBe(event);
    }
    for (const record of [...records, ...allSamples()]) {
      const read = readTaskRecord(record);
      expect(read).toEqual(record);
      expect(read).not.toBe(record);
      expect(read?.progress).not.toBe(record.progress);
    }
  });

  it("takes a fresh agent record with explicit undefined fields, and 'unload' as an outcome and a cause", () => {
    const created = newTaskRecord({
      type: 'created',
      taskId: 't1',
      at: 1,
      kind: 'download',
      origin: 'app',
      probe: 'xhr',
      url: 'http://127.0.0.1/d',
    });
    expect('call' in created && created.call === undefined).toBe(true);
    expect(readTaskRecord(created)).toEqual(created);
    expect(readTaskEvent({ type: 'end', taskId: 't1', at: 2, outcome: 'unload' })).toMatchObject({ outcome: 'unload' });
    expect(readTaskRecord({ ...created, status: 'abort', abortedBy: 'unload' })?.abortedBy).toBe('unload');
    // JSON turns an app's NaN timeout into null: the call still reads, without a timeout.
    const call = { url: 'http://127.0.0.1/d', mode: 'promise', timeout: null };
    expect(readTaskRecord({ ...created, call })?.call).toEqual({ url: 'http://127.0.0.1/d', mode: 'promise' });
  });

  it('drops unknown fields and never takes __proto__ as a key', () => {
    // As JSON.parse gives it: an own "__proto__" key.
    const withProto = (value: string) =>
      JSON.parse(
        JSON.stringify({ ...sampleDownload(), imported: 'x', key: 'k', junk: 'x'.repeat(1000) }).replace(
          '"requestHeaders":{',
          `"requestHeaders":{"__proto__":${value},`,
        ),
      );
    // Holding an object, it is no header value: strictly refused.
    expect(readTaskRecord(withProto('{"polluted":"yes"}'))).toBeNull();
    const record = withProto('"x"');
    const read = readTaskRecord(record) as unknown as Record<string, unknown>;
    expect(Object.keys(read)).not.toContain('imported');
    expect(Object.keys(read)).not.toContain('junk');
    expect(Object.getPrototypeOf(read.requestHeaders)).toBe(Object.prototype);
    expect(read.requestHeaders).toEqual({ 'X-Token': 'abc' });
  });
});

describe('readTaskRecord / readTaskEvent: what a hostile page sends', () => {
  it("refuses the event that froze the panel: {type:'send', body:[null]}", () => {
    const send = { type: 'send', taskId: 't1', at: 1, requestHeaders: {} };
    expect(readTaskEvent({ ...send, body: [null] })).toBeNull();
    expect(readTaskEvent({ type: 'send', body: [null] })).toBeNull();
    for (const body of [[{}], [{ name: 1 }], [{ name: 'f', file: null }], [{ name: 'f', file: { name: 'a' } }], {}]) {
      expect(readTaskEvent({ ...send, body }), JSON.stringify(body)).toBeNull();
    }
    expect(
      readTaskEvent({ ...send, body: [{ name: 'f', file: { name: 'a.png', size: 1, type: '' } }] }),
    ).not.toBeNull();
  });

  it('refuses records with a bad body, progress, callbacks, call, stack or response preview (strict)', () => {
    const bad: Record<string, unknown> = {
      body: [null],
      progress: [[1, 'x', 2]],
      callbacks: [{ at: 1, name: 'success', arg: () => 1 }],
      call: { url: 'u', mode: 'callback', header: { a: 1 } },
      stack: 42,
      responsePreview: { text: 'x' },
    };
    for (const [field, value] of Object.entries(bad)) {
      expect(readTaskRecord({ ...upload(), [field]: value }), field).toBeNull();
      // A HAR file is read leniently: the field, or its bad item, is left out; the task stays.
      expect(readTaskRecord({ ...upload(), [field]: value }, lenient), field).not.toBeNull();
    }
    const moreBad: [string, unknown][] = [
      ['progress', 'x'],
      ['progress', [[1, 2]]],
      ['callbacks', [{ at: 1, name: 'then', arg: {} }]],
      ['callbacks', [{ at: Number.NaN, name: 'success', arg: {} }]],
      ['call', { url: 'u', mode: 'eval' }],
      ['call', { url: 'u', mode: 'callback', files: [null] }],
      ['times', { created: 1, end: 'later' }],
      ['bytes', -1],
      ['probes', []],
      ['abortedBy', 'page'],
      ['replays', ['x'.repeat(65)]],
      ['requestHeaders', { a: ['b'] }],
    ];
    for (const [field, value] of moreBad) expect(readTaskRecord({ ...upload(), [field]: value }), field).toBeNull();
    for (const required of ['id', 'kind', 'origin', 'status', 'url', 'times']) {
      expect(readTaskRecord({ ...upload(), [required]: 7 }, lenient), required).toBeNull();
    }
    expect(readTaskRecord({ ...upload(), times: { created: 1e300 } }, lenient)).toBeNull();
  });

  it('bounds sizes: strings cut, lists and maps cut, deep arguments refused', () => {
    const long = 'x'.repeat(MAX_TEXT * 4);
    const points = Array.from({ length: 5000 }, (_, index): [number, number, number] => [index, index, 5000]);
    const header = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`h${index}`, 'v']));
    const callbacks = Array.from({ length: 5000 }, (_, at) => ({ at, name: 'complete', arg: null }));
    const read = readTaskRecord({
      ...upload(),
      url: long,
      stack: long,
      progress: points,
      requestHeaders: header,
      callbacks,
    });
    expect(read?.url.length).toBe(MAX_TEXT + 1);
    expect(read?.url.endsWith('…')).toBe(true);
    expect(readTaskRecord(read)?.url).toBe(read?.url); // cutting again changes nothing
    expect(read?.progress).toHaveLength(MAX_PROGRESS_POINTS);
    expect(read?.progress.at(-1)).toEqual([4999, 4999, 5000]); // the last point stays, as the agent keeps it
    expect(Object.keys(read?.requestHeaders ?? {})).toHaveLength(MAX_MAP_ENTRIES);
    expect(read?.callbacks).toHaveLength(MAX_CALLBACKS);
    const arg = deep(MAX_ARG_DEPTH + 5);
    const callback = { type: 'callback', taskId: 't1', at: 1, name: 'success' };
    expect(readTaskEvent({ ...callback, arg })).toBeNull();
    expect(readTaskEvent({ ...callback, arg: deep(5) })).not.toBeNull();
    expect(readTaskEvent({ ...callback, arg: Array(20_000).fill(0) })).toBeNull();
    const withDeepArg = { ...upload(), callbacks: [{ at: 1, name: 'success', arg }] };
    expect(readTaskRecord(withDeepArg)).toBeNull();
    expect(readTaskRecord(withDeepArg, lenient)?.callbacks[0]?.arg).toBeNull();
  });

  it('never throws on random junk, and what it reads is whole: folding and naming it never throws (fuzz)', () => {
    let seed = 99;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const odd: unknown[] = [null, undefined, true, 0, -1, 1e308, Number.NaN, '', 'x', [], {}, [null], { name: 1 }];
    const oddOf = (original: unknown) => {
      const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
      const candidates = odd.filter((value) => kind(value) !== kind(original));
      return structuredClone(pick(candidates));
    };
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      typeof value !== 'object' || value === null
        ? [prefix]
        : [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
    const { events, records } = workload(40, 200, { running: 5, seed: 8 });
    const templates: unknown[] = [...events, ...records, ...allSamples()];
    const base = sampleUpload();
    let accepted = 0;
    for (let round = 0; round < 5000; round++) {
      const template = structuredClone(pick(templates)) as Record<string, unknown>;
      const path = pick(paths(template).filter((candidate) => candidate.length > 0));
      // Values inside a callback argument are any JSON: changing them leaves valid data.
      if (path.includes('arg')) continue;
      let parent: Record<string, unknown> = template;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const last = path[path.length - 1] as string;
      const before = parent[last];
      parent[last] = oddOf(before);
      // A total is a number or null (unknown); null is absent for an optional part of the uni call (JSON's NaN).
      const total = last === 'total' || (path[0] === 'progress' && last === '2');
      const optionalNull = total || (parent[last] === null && path.includes('call'));
      const optionalGone = parent[last] === undefined && !Array.isArray(parent);
      const isRecord = 'times' in template;
      let read: unknown;
      expect(() => {
        read = isRecord ? readTaskRecord(template) : readTaskEvent(template);
      }).not.toThrow();
      // A wrong type anywhere refuses the whole (strict), unless the change made an optional value absent.
      if (!optionalNull && !optionalGone) expect(read, `${path.join('.')} = ${String(parent[last])}`).toBeNull();
      if (read === null) continue;
      accepted += 1;
      expect(() => {
        if (isRecord) taskName(read as TaskRecord);
        else
          taskName(
            applyTaskEvent({ ...structuredClone(base), id: (read as { taskId: string }).taskId }, read as never),
          );
      }).not.toThrow();
      if (isRecord) expect(readTaskRecord(read)).toEqual(read);
      else expect(readTaskEvent(read)).toEqual(read);
    }
    expect(accepted).toBeGreaterThan(0);
    for (const junk of [
      null,
      7,
      'x',
      [],
      [1],
      new Date(0),
      { type: 'created' },
      { type: 'nope', taskId: 'a', at: 1 },
    ]) {
      expect(readTaskEvent(junk)).toBeNull();
      expect(readTaskRecord(junk, lenient)).toBeNull();
    }
  });
});
