// "Replay with a condition…" (issue 11): a replay, or an edited resend, sent under a one-off network condition
// ("replay, failing at 50 %") that applies to that replay only; the stored rules are not touched. The choice is
// one for the panel (shared by the details' Replay button and the edit dialog) and stays until changed. The
// controls are the editor's: the same effect names, X % and status fields.

import { signal } from '@preact/signals';
import type { ConditionEffect, ConditionRule } from '../shared/conditions';
import { EFFECT_KEYS } from './condition-rule';
import { t } from './i18n';

/** The effects a replay offers (throttle needs rates: the editor's rules are the place for it). */
const EFFECTS: readonly ConditionEffect[] = ['fail', 'stall', 'status', 'offline'];

export const replayCondition = signal<{ effect: ConditionEffect | ''; atPercent: number; status: number }>({
  effect: '',
  atPercent: 50,
  status: 503,
});

/** The one-off rule to send with a replay, or undefined for none (the agent checks it as it checks any rule). */
export function oneOffCondition(): ConditionRule | undefined {
  const { effect, atPercent, status } = replayCondition.value;
  if (effect === '') return undefined;
  const base = { id: 'replay', enabled: true, match: '', kind: 'any', effect, times: null } as const;
  if (effect === 'fail' || effect === 'stall') return { ...base, atPercent };
  if (effect === 'status') return { ...base, status, body: '', contentType: 'text/plain' };
  return base;
}

export function ReplayConditionPicker() {
  const current = replayCondition.value;
  const set = (patch: Partial<typeof current>) => (replayCondition.value = { ...current, ...patch });
  const number = (value: string, fallback: number) =>
    Number.isFinite(Number.parseFloat(value)) ? Number(value) : fallback;
  return (
    <span class="replay-condition">
      <select
        data-testid="replay-condition-effect"
        aria-label={t('replayCondition')}
        title={t('replayConditionTitle')}
        value={current.effect}
        onChange={(event) => set({ effect: event.currentTarget.value as ConditionEffect | '' })}
      >
        <option value="">{t('replayCondition')}</option>
        {EFFECTS.map((effect) => (
          <option key={effect} value={effect}>
            {t(EFFECT_KEYS[effect])}
          </option>
        ))}
      </select>
      {(current.effect === 'fail' || current.effect === 'stall') && (
        <input
          type="number"
          min={0}
          max={100}
          data-testid="replay-condition-at"
          aria-label={t('conditionAt')}
          value={current.atPercent}
          onChange={(event) => set({ atPercent: number(event.currentTarget.value, current.atPercent) })}
        />
      )}
      {current.effect === 'status' && (
        <input
          type="number"
          min={100}
          max={599}
          data-testid="replay-condition-status"
          aria-label={t('conditionStatus')}
          value={current.status}
          onChange={(event) => set({ status: number(event.currentTarget.value, current.status) })}
        />
      )}
    </span>
  );
}
