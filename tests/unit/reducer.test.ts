import { describe, expect, it } from 'vitest';
import { initialState, orderedTasks, type PanelState, reduce } from '../../panel/reducer';
import type { AgentEnvelope } from '../../shared/protocol';
import { newTaskRecord, type TaskEvent } from '../../shared/task-model';
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
