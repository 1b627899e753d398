import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../shared/settings';

describe('normalizeSettings', () => {
  it('falls back to the defaults for anything that is not a settings object', () => {
    for (const value of [undefined, null, 42, 'x', [], { maxTasks: 'many' }]) {
      expect(normalizeSettings(value)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('rounds and clamps numbers into their limits', () => {
    expect(normalizeSettings({ maxTasks: 3.6, bodyBudgetBytes: -5 })).toEqual({ maxTasks: 10, bodyBudgetBytes: 0 });
    expect(normalizeSettings({ maxTasks: 1e9, bodyBudgetBytes: Number.POSITIVE_INFINITY })).toEqual({
      maxTasks: 100_000,
      bodyBudgetBytes: DEFAULT_SETTINGS.bodyBudgetBytes,
    });
    expect(normalizeSettings({ maxTasks: 500 }).maxTasks).toBe(500);
  });
});
