// The relay's count of rule applications against stored `times` (extension/relay-times.ts, issue 16): an event
// alone changes nothing stored; an application counts only for a rule the relay sent, a task it saw created by
// the same agent session, and once per task.

import { describe, expect, it } from 'vitest';
import { noteRulesSent, persistApplications } from '../../extension/relay-times';
import { CONDITIONS_KEY } from '../../shared/conditions';
import type { AgentEnvelope } from '../../shared/protocol';

function memoryStorage(rules: object[]) {
  const data: Record<string, unknown> = { [CONDITIONS_KEY]: rules };
  let writes = 0;
  return {
    get: async (keys: string[]) => Object.fromEntries(keys.map((key) => [key, data[key]])),
    set: async (items: Record<string, unknown>) => {
      writes += 1;
      Object.assign(data, items);
    },
    times: (id: string) =>
      (data[CONDITIONS_KEY] as { id: string; times: number }[]).find((rule) => rule.id === id)?.times,
    writes: () => writes,
  };
}

const envelope = (session: string, events: object[]): AgentEnvelope =>
  ({ source: 'uni-transfer-devtools:agent', v: 1, session, seq: 0, type: 'events', payload: { events } }) as never;
const created = (taskId: string) => ({
  type: 'created',
  taskId,
  at: 1,
  kind: 'download',
  origin: 'app',
  probe: 'xhr',
  url: 'u',
});
const applied = (taskId: string, ruleId: string) => ({
  type: 'condition',
  taskId,
  at: 2,
  condition: { ruleId, effect: 'fail', detail: '' },
});

/** Lets the relay's writes (promises) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('persistApplications', () => {
  const rules = [
    { id: 'r1', times: 5 },
    { id: 'r2', times: 5 },
  ];

  it('counts an application of a rule it sent, to a task of the same session, once', async () => {
    const storage = memoryStorage(rules);
    noteRulesSent([{ id: 'r1', times: 5 }]);
    persistApplications(envelope('s1', [created('t1'), applied('t1', 'r1')]), storage);
    persistApplications(envelope('s1', [applied('t1', 'r1')]), storage);
    for (let i = 0; i < 10 && storage.times('r1') !== 4; i++) await settle();
    expect(storage.times('r1')).toBe(4);
  });

  it("ignores forged applications: unseen tasks, another session's tasks, rules it never sent", async () => {
    const storage = memoryStorage(rules);
    noteRulesSent([{ id: 'r1', times: 5 }]);
    persistApplications(envelope('s2', [created('t9')]), storage);
    persistApplications(
      envelope('s3', [
        applied('t9', 'r1'),
        applied('forged', 'r1'),
        applied('forged', 'r1'),
        created('t3'),
        applied('t3', 'r2'),
      ]),
      storage,
    );
    await settle();
    await settle();
    expect(storage.writes()).toBe(0);
    expect([storage.times('r1'), storage.times('r2')]).toEqual([5, 5]);
  });
});
