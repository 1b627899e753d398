import { describe, expect, it } from 'vitest';
import { ConditionRules } from '../../agent/conditions/rules';
import type { ConditionRule } from '../../shared/conditions';

const stored = (times: number | null) => [
  { id: 'a', enabled: true, match: 'tag', kind: 'any', effect: 'offline', times },
];

describe("the agent's rule holder", () => {
  it('waits for the first rules and the presence, then resumes waiting tasks', () => {
    const rules = new ConditionRules();
    let resumed = 0;
    rules.whenKnown(() => resumed++);
    expect(rules.known).toBe(false);
    rules.set([]);
    expect([rules.known, resumed]).toEqual([false, 0]);
    rules.setPresent(true);
    expect(rules.known).toBe(true);
    expect(resumed).toBe(1);
    expect(rules.match('upload', 'http://x/tag')).toBeUndefined();
  });

  it('applies rules only while a panel inspects the page', () => {
    const rules = new ConditionRules();
    rules.set(stored(null));
    rules.setPresent(false);
    expect(rules.known).toBe(true);
    expect(rules.match('download', 'http://x/tag')).toBeUndefined();
    rules.setPresent(true);
    expect(rules.match('download', 'http://x/tag')?.id).toBe('a');
  });

  it('counts applications against times, per page, until the stored times change', () => {
    const rules = new ConditionRules();
    rules.setPresent(true);
    rules.set(stored(2));
    expect(rules.match('download', 'http://x/tag')?.id).toBe('a');
    rules.applied('a');
    expect(rules.match('download', 'http://x/tag')?.id).toBe('a');
    rules.applied('a');
    expect(rules.match('download', 'http://x/tag')).toBeUndefined();
    rules.set(stored(2)); // the same list again (another rule edited): the count stays
    expect(rules.match('download', 'http://x/tag')).toBeUndefined();
    rules.set(stored(1)); // the relay persisted one of the two: the other still counts
    expect(rules.match('download', 'http://x/tag')).toBeUndefined();
    rules.set(stored(0)); // both persisted: nothing counted twice, none left
    expect(rules.match('download', 'http://x/tag')).toBeUndefined();
    rules.set(stored(3)); // the rule edited up: counted again from there
    expect(rules.match('download', 'http://x/tag')?.id).toBe('a');
    expect(rules.match('download', 'http://x/other')).toBeUndefined();
  });

  it('an application the relay persisted is not counted again', () => {
    const rules = new ConditionRules();
    rules.setPresent(true);
    rules.set(stored(3));
    rules.applied('a');
    rules.set(stored(2)); // the relay's decrement of that application
    expect(rules.remaining(rules.all[0] as ConditionRule)).toBe(2);
    rules.applied('a');
    rules.applied('a');
    rules.set(stored(1)); // one of the two persisted so far
    expect(rules.remaining(rules.all[0] as ConditionRule)).toBe(0);
  });

  it('applies a times: null rule to every task', () => {
    const rules = new ConditionRules();
    rules.setPresent(true);
    rules.set(stored(null));
    for (let i = 0; i < 3; i++) rules.applied('a');
    expect(rules.match('upload', 'http://x/tag')?.id).toBe('a');
  });
});
