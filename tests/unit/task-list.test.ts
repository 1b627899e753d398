import { describe, expect, it } from 'vitest';
import { initialState, type PanelState, reduce } from '../../panel/reducer';
import { buildList } from '../../panel/task-list';
import type { AgentMessage } from '../../shared/protocol';
import type { TaskEvent } from '../../shared/task-model';
import { fromAgent } from './envelopes';

// A seeded stream of created / progress / headers / end events over 200 tasks, in batches as the agent sends them.
function* batches(seed: number): Generator<TaskEvent[]> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  let created = 0;
  let at = 1000;
  const open = new Set<number>();
  for (let batch = 0; batch < 300; batch += 1) {
    const events: TaskEvent[] = [];
    for (let n = 0; n < 8; n += 1) {
      at += 1 + Math.floor(random() * 5);
      const roll = random();
      if ((roll < 0.3 || open.size === 0) && created < 200) {
        const taskId = `t${created++}`;
        const kind = random() < 0.5 ? 'upload' : 'download';
        events.push({ type: 'created', taskId, at, kind, origin: 'app', probe: 'xhr', url: `http://h/${taskId}` });
        open.add(created - 1);
        continue;
      }
      const pick = [...open][Math.floor(random() * open.size)];
      if (pick === undefined) continue;
      const taskId = `t${pick}`;
      if (roll < 0.8) events.push({ type: 'progress', taskId, at, loaded: Math.floor(random() * 1000), total: 1000 });
      else {
        events.push({ type: 'headers', taskId, at, statusCode: 200, responseHeaders: {} });
        events.push({ type: 'end', taskId, at: at + 1, outcome: random() < 0.8 ? 'load' : 'error', statusCode: 200 });
        open.delete(pick);
      }
    }
    yield events;
  }
}

describe('the incrementally kept task list', () => {
  it('equals a full rebuild after every batch, totals included', () => {
    let state: PanelState = initialState();
    let seq = 0;
    const feed = (message: AgentMessage) => {
      state = reduce(state, fromAgent('s', seq++, message)).state;
    };
    feed({ type: 'hello', payload: { runtime: { uniApp: true, globalUni: 'none', url: 'http://h/' }, startedAt: 0 } });
    for (const events of batches(7)) {
      feed({ type: 'events', payload: { events } });
      const rebuilt = buildList(state.tasks.values());
      expect(state.list.items).toEqual(rebuilt.items);
      expect(state.list.totals).toEqual(rebuilt.totals);
    }
    expect(state.list.totals.tasks).toBe(200);
  });
});
