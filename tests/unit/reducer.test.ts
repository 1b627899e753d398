import { describe, expect, it } from 'vitest';
import { taskName } from '../../panel/format';
import { initialState, orderedTasks, type PanelState, reduce } from '../../panel/reducer';
import { MAX_PANEL_TASKS } from '../../panel/reducer-limits';
import { readAgentMessage } from '../../shared/message-read';
import { type AgentEnvelope, isBackgroundMessage, PROTOCOL_VERSION, SOURCE_AGENT } from '../../shared/protocol';
import { newTaskRecord, type TaskEvent } from '../../shared/task-model';
import { MAX_CALLBACKS, readTaskRecord } from '../../shared/task-read';
import { envelope } from './envelopes';

const runtime = { uniApp: true, globalUni: 'full' as const, url: 'http://127.0.0.1/' };

function created(taskId: string, at: number, url = `http://127.0.0.1/${taskId}`): TaskEvent {
  return { type: 'created', taskId, at, kind: 'upload', origin: 'app', probe: 'xhr', url };
}

function feed(state: PanelState, ...envelopes: AgentEnvelope[]) {
  let resync = false;
  for (const item of envelopes) {
    const result = reduce(state, { type: 'agent', envelope: item });
    state = result.state;
    resync ||= result.resync;
  }
  return { state, resync };
}

describe('panel reducer', () => {
  it('builds tasks from a hello and events', () => {
    const { state, resync } = feed(
      initialState(),
      envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } }),
      envelope('s1', 1, { type: 'events', payload: { events: [created('t1', 1), created('t2', 2)] } }),
      envelope('s1', 2, {
        type: 'events',
        payload: { events: [{ type: 'end', taskId: 't1', at: 3, outcome: 'error' }] },
      }),
    );
    expect(resync).toBe(false);
    expect(state.connected).toBe(true);
    expect(orderedTasks(state).map((task) => [task.id, task.status, task.errMsg])).toEqual([
      ['t1', 'fail', 'uploadFile:fail'],
      ['t2', 'pending', undefined],
    ]);
  });

  it('asks for a resync on a gap and ignores events already in the snapshot', () => {
    const start = feed(initialState(), envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } })).state;
    const gap = feed(start, envelope('s1', 2, { type: 'events', payload: { events: [created('t1', 1)] } }));
    expect(gap.resync).toBe(true);
    expect(gap.state.tasks.size).toBe(0);
    const snapshot = feed(
      gap.state,
      envelope('s1', 3, {
        type: 'snapshot',
        payload: {
          runtime,
          startedAt: 0,
          dropped: 0,
          tasks: [
            {
              id: 't1',
              kind: 'upload',
              origin: 'app',
              probes: ['xhr'],
              url: 'u',
              status: 'running',
              bytes: 5,
              total: 10,
              progressEvents: 1,
              progress: [[1, 5, 10]],
              callbacks: [],
              appActions: [],
              times: { created: 1 },
            },
          ],
        },
      }),
      envelope('s1', 2, {
        type: 'events',
        payload: { events: [{ type: 'progress', taskId: 't1', at: 2, loaded: 9, total: 10 }] },
      }),
    );
    expect(snapshot.state.tasks.get('s1/t1')?.progressEvents).toBe(1);
  });

  it('starts an empty list on a new session unless the log is preserved', () => {
    const first = feed(
      initialState(),
      envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } }),
      envelope('s1', 1, { type: 'events', payload: { events: [created('t1', 1)] } }),
    ).state;
    const reloaded = feed(first, envelope('s2', 0, { type: 'hello', payload: { runtime, startedAt: 5 } })).state;
    expect(reloaded.tasks.size).toBe(0);
    const preserved = reduce(first, { type: 'set-preserve-log', value: true }).state;
    const kept = feed(preserved, envelope('s2', 0, { type: 'hello', payload: { runtime, startedAt: 5 } })).state;
    expect([...kept.tasks.keys()]).toEqual(['s1/t1']);
  });

  it('rejects and counts malformed events without losing good ones', () => {
    const { state } = feed(
      initialState(),
      envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } }),
      envelope('s1', 1, {
        type: 'events',
        payload: { events: [created('t1', 1), { type: 'progress', taskId: 't1' } as never, 42 as never] },
      }),
    );
    expect(state.rejected).toBe(2);
    expect(state.tasks.size).toBe(1);
  });

  it('keeps cleared tasks cleared when a snapshot arrives', () => {
    const start = feed(
      initialState(),
      envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } }),
      envelope('s1', 1, { type: 'events', payload: { events: [created('t1', 1)] } }),
    ).state;
    const cleared = reduce(start, { type: 'clear' }).state;
    const task = { ...start.tasks.get('s1/t1') } as Record<string, unknown>;
    const after = feed(
      cleared,
      envelope('s1', 2, { type: 'snapshot', payload: { runtime, startedAt: 0, dropped: 0, tasks: [task as never] } }),
    ).state;
    expect(after.tasks.size).toBe(0);
  });

  it('takes the runtime announced later in the same session, and resyncs on a gap', () => {
    const start = feed(initialState(), envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } })).state;
    const vue3 = { ...runtime, vue: 3 as const, dev: false };
    const announced = feed(start, envelope('s1', 1, { type: 'runtime', payload: { runtime: vue3 } }));
    expect([announced.state.runtime, announced.resync]).toEqual([vue3, false]);
    expect(feed(start, envelope('s1', 5, { type: 'runtime', payload: { runtime: vue3 } })).resync).toBe(true);
  });

  it('records nothing new while recording is off, and keeps updating listed tasks', () => {
    const start = feed(
      initialState(),
      envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } }),
      envelope('s1', 1, { type: 'events', payload: { events: [created('t1', 1)] } }),
    ).state;
    const paused = reduce(start, { type: 'set-recording', value: false }).state;
    const progress: TaskEvent = { type: 'progress', taskId: 't1', at: 3, loaded: 5, total: 10 };
    const after = feed(
      paused,
      envelope('s1', 2, { type: 'events', payload: { events: [created('t2', 2), progress] } }),
    );
    expect([...after.state.tasks.keys()]).toEqual(['s1/t1']);
    expect(after.state.tasks.get('s1/t1')?.bytes).toBe(5);
    const resumed = reduce(after.state, { type: 'set-recording', value: true }).state;
    const snapshot = envelope('s1', 3, {
      type: 'snapshot',
      payload: {
        runtime,
        startedAt: 0,
        dropped: 0,
        tasks: [
          ...orderedTasks(after.state),
          newTaskRecord(created('t2', 2) as Extract<TaskEvent, { type: 'created' }>),
        ],
      },
    });
    expect([...feed(resumed, snapshot).state.tasks.keys()]).toEqual(['s1/t1']);
  });

  it('moves the sequence on for a reply without touching tasks', () => {
    const start = feed(initialState(), envelope('s1', 0, { type: 'hello', payload: { runtime, startedAt: 0 } })).state;
    const replied = feed(start, envelope('s1', 1, { type: 'reply', payload: { id: 'panel-1', ok: false } }));
    expect([replied.state.lastSeq, replied.resync, replied.state.tasks.size]).toEqual([1, false, 0]);
  });
});

// A page can speak on the agent's channel: each test below plays such a page, with envelopes of the real shape.
describe('panel reducer against a hostile page', () => {
  const hello = (session = 's1') => envelope(session, 0, { type: 'hello', payload: { runtime, startedAt: 0 } });
  const events = (seq: number, list: unknown[], session = 's1') =>
    envelope(session, seq, { type: 'events', payload: { events: list as TaskEvent[] } });
  const snapshot = (seq: number, tasks: unknown[], session = 's1') =>
    envelope(session, seq, {
      type: 'snapshot',
      payload: { runtime, startedAt: 0, dropped: 0, tasks: tasks as never[] },
    });
  const started = () => feed(initialState(), hello(), events(1, [created('t1', 1)])).state;
  const expectNames = (state: PanelState) => {
    for (const task of orderedTasks(state)) expect(() => taskName(task)).not.toThrow();
  };

  it("rejects {type:'send', body:[null]}, applies the rest of its batch, and names every task", () => {
    const { state } = feed(
      started(),
      events(2, [
        { type: 'send', taskId: 't1', at: 2, requestHeaders: {}, body: [null] },
        { type: 'open', taskId: 't1', at: 3, method: 'POST', url: 'http://127.0.0.1/t1' },
      ]),
    );
    expect(state.rejected).toBe(1);
    expect(state.tasks.get('s1/t1')).toMatchObject({ method: 'POST', status: 'pending' });
    expect(state.tasks.get('s1/t1')?.body).toBeUndefined();
    expectNames(state);
    // Alone in its envelope, it is the whole message that is rejected: nothing moves, the next one applies.
    const alone = feed(state, events(3, [{ type: 'send', body: [null] }]));
    expect([alone.state.rejected, alone.state.lastSeq, alone.resync]).toEqual([2, 2, false]);
    expect(feed(alone.state, events(3, [created('t2', 4)])).state.tasks.has('s1/t2')).toBe(true);
  });

  it('a diagnostic with seq MAX_SAFE_INTEGER moves nothing: the next event still applies', () => {
    const start = started();
    const forged = feed(
      start,
      envelope('s1', Number.MAX_SAFE_INTEGER, { type: 'diagnostic', payload: { at: 1, where: 'x', message: 'y' } }),
    );
    expect([forged.state.lastSeq, forged.resync]).toEqual([1, true]);
    expect(forged.state.diagnostics).toEqual([]);
    const after = feed(forged.state, events(2, [created('t2', 2)]));
    expect([after.state.tasks.has('s1/t2'), after.state.lastSeq, after.resync]).toEqual([true, 2, false]);
  });

  it("the relay's diagnostic in place of a message it dropped asks for a snapshot", () => {
    const start = started();
    const dropped = feed(
      start,
      envelope('s1', 2, { type: 'diagnostic', payload: { at: 1, where: 'relay', message: 'dropped' } }),
    );
    expect([dropped.state.lastSeq, dropped.resync, dropped.state.diagnostics.length]).toEqual([2, true, 1]);
    const other = feed(
      start,
      envelope('s1', 2, { type: 'diagnostic', payload: { at: 1, where: 'xhr', message: 'm' } }),
    );
    expect(other.resync).toBe(false);
  });

  it('a forged seq far ahead asks for a snapshot instead of silencing later events, and the snapshot resets it', () => {
    const start = started();
    for (const forgedEnvelope of [
      envelope('s1', 1e15, { type: 'hello', payload: { runtime, startedAt: 0 } }),
      envelope('s1', 1e15, { type: 'runtime', payload: { runtime } }),
      events(1e15, [created('evil', 2)]),
    ]) {
      const forged = feed(start, forgedEnvelope);
      expect([forged.state.lastSeq, forged.resync, forged.state.tasks.has('s1/evil')]).toEqual([1, true, false]);
    }
    // A forged snapshot is believed (it is the agent's whole record): the agent's next event then looks old, and
    // instead of being dropped silently it asks for a snapshot, whose seq the panel takes.
    const forgedSnapshot = feed(start, snapshot(1e15, [])).state;
    const stale = feed(forgedSnapshot, events(2, [created('t2', 2)]));
    expect(stale.resync).toBe(true);
    const honest = newTaskRecord(created('t2', 2) as Extract<TaskEvent, { type: 'created' }>);
    const resynced = feed(stale.state, snapshot(3, [honest]), events(4, [created('t3', 3)])).state;
    expect([resynced.lastSeq, [...resynced.tasks.keys()]]).toEqual([4, ['s1/t2', 's1/t3']]);
  });

  it('envelopes of another session ask for a snapshot but do not empty the list', () => {
    const start = started();
    for (const other of [
      events(0, [created('x', 1)], 'evil'),
      envelope('evil', 5, { type: 'runtime', payload: { runtime } }),
    ]) {
      const result = feed(start, other);
      expect([result.resync, result.state.session, [...result.state.tasks.keys()]]).toEqual([true, 's1', ['s1/t1']]);
    }
  });

  it('rejects snapshot records with a bad body, progress, callbacks, call, stack or preview, and keeps the good', () => {
    const good = newTaskRecord(created('good', 1) as Extract<TaskEvent, { type: 'created' }>);
    const bad = [
      { body: [null] },
      { progress: [[1, null, 2]] },
      { callbacks: [{ at: 1, name: 'success' }, 'x'] },
      { call: { url: 5, mode: 'callback' } },
      { stack: ['at x'] },
      { responsePreview: 42 },
    ].map((fields, index) => ({ ...good, id: `bad${index}`, ...fields }));
    const { state, resync } = feed(initialState(), hello(), snapshot(1, [good, ...bad]));
    expect([state.rejected, [...state.tasks.keys()], state.lastSeq, resync]).toEqual([6, ['s1/good'], 1, false]);
    // A snapshot of which nothing reads is no agent's: it is rejected whole and empties nothing.
    const after = feed(state, snapshot(2, bad));
    expect([after.state.rejected, [...after.state.tasks.keys()], after.state.lastSeq]).toEqual([7, ['s1/good'], 1]);
    expectNames(after.state);
  });

  it('refuses a 1,000,000-task snapshot at once, and bounds a flood of created tasks', () => {
    const start = feed(initialState(), hello()).state;
    const huge = Array.from({ length: 1_000_000 }, () => 0);
    const began = performance.now();
    const refused = feed(start, snapshot(1, huge));
    expect(performance.now() - began).toBeLessThan(100);
    expect([refused.state.rejected, refused.state.tasks.size]).toEqual([1, 0]);
    // One and a half times the cap, as fast as a page can post.
    let state = start;
    const batch = 25_000;
    const batches = (MAX_PANEL_TASKS * 1.5) / batch;
    for (let seq = 1; seq <= batches; seq++) {
      const list = Array.from({ length: batch }, (_, index) => created(`f${seq}-${index}`, seq * batch + index));
      state = feed(state, events(seq, list)).state;
    }
    expect(state.tasks.size).toBeLessThanOrEqual(MAX_PANEL_TASKS);
    expect(state.tasks.size + state.evicted).toBe(batches * batch);
    expect([state.list.items.length, state.list.totals.tasks]).toEqual([state.tasks.size, state.tasks.size]);
    expect(state.tasks.has(`s1/f${batches}-${batch - 1}`)).toBe(true); // the newest stay
    expect(state.tasks.has('s1/f1-0')).toBe(false);
  }, 60_000);

  it('bounds the lists one task grows (callbacks), rejecting the rest', () => {
    const flood = Array.from({ length: MAX_CALLBACKS + 500 }, (_, at) => ({
      type: 'callback',
      taskId: 't1',
      at,
      name: 'complete',
      arg: { errMsg: 'uploadFile:ok' },
    }));
    const { state } = feed(started(), events(2, flood));
    expect([state.tasks.get('s1/t1')?.callbacks.length, state.rejected]).toEqual([MAX_CALLBACKS, 500]);
  });

  it('never throws on random junk, and junk changes nothing but the rejected count (fuzz)', () => {
    let seed = 4242;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const odd: unknown[] = [null, undefined, true, 0, -1, 1e308, Number.NaN, '', 'x', [], {}, [null], { a: 1 }];
    const junk = (depth = 0): unknown =>
      depth < 3 && random() < 0.4
        ? random() < 0.5
          ? Array.from({ length: Math.floor(random() * 4) }, () => junk(depth + 1))
          : Object.fromEntries(
              Array.from({ length: Math.floor(random() * 4) }, () => [
                pick(['type', 'taskId', 'at', 'body', 'events', 'tasks', 'runtime', 'url', 'x']),
                junk(depth + 1),
              ]),
            )
        : structuredClone(pick(odd));
    const types = ['hello', 'events', 'snapshot', 'diagnostic', 'runtime', 'reply', 'nope'];
    let state = feed(started(), events(2, [{ type: 'progress', taskId: 't1', at: 2, loaded: 1, total: 2 }])).state;
    for (let round = 0; round < 3000; round++) {
      const message = {
        type: 'agent',
        envelope: {
          source: SOURCE_AGENT,
          v: PROTOCOL_VERSION,
          session: pick(['s1', 's1', 'evil', '']),
          seq: pick([state.lastSeq + 1, state.lastSeq + 1, 0, -1, 1e15, 0.5]),
          type: pick(types),
          payload: pick([junk(), { events: [junk(), junk()] }, { tasks: [junk()], runtime, startedAt: 0, dropped: 0 }]),
        },
      };
      let next: ReturnType<typeof reduce> | undefined;
      const input = isBackgroundMessage(message) ? message : ({ type: 'rejected' } as const);
      expect(() => {
        next = reduce(state, input);
      }).not.toThrow();
      if (!next) continue;
      const readable = input.type === 'agent' && readAgentMessage(input.envelope) !== null;
      if (!readable) {
        // Unreadable: the counter is all that changes.
        expect(next.state.rejected).toBe(state.rejected + 1);
        for (const key of Object.keys(state) as (keyof PanelState)[]) {
          if (key !== 'rejected') expect(next.state[key], key).toBe(state[key]);
        }
      }
      state = next.state;
    }
    // Junk can happen to read (a hello of another session is a reload): whatever it did, the list holds together.
    expect(state.list.items.length).toBe(state.tasks.size);
    for (const task of state.tasks.values()) expect(readTaskRecord(task)).not.toBeNull();
    expectNames(state);
  });
});
