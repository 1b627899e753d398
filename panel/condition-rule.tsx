// One rule of the Conditions editor (panel/conditions-editor.tsx): every control applies on `change`, as the
// automation contract says (docs/automation.md). The controls of the selected effect only are drawn; a rule that
// cannot be applied (shared/conditions.ts ruleProblem) is marked: data-invalid on the rule, aria-invalid and a
// tooltip on the control at fault.

import { useLayoutEffect, useRef } from 'preact/hooks';
import {
  CONDITION_EFFECTS,
  CONDITION_KINDS,
  type ConditionEffect,
  type ConditionKind,
  type ConditionRule,
  ruleProblem,
} from '../shared/conditions';
import { focusRule, removeRule, updateRule } from './conditions-store';
import { type MessageKey, t } from './i18n';

export const EFFECT_KEYS: Record<ConditionEffect, MessageKey> = {
  throttle: 'conditionEffectThrottle',
  fail: 'conditionEffectFail',
  stall: 'conditionEffectStall',
  status: 'conditionEffectStatus',
  offline: 'conditionEffectOffline',
};

export const KIND_KEYS: Record<ConditionKind, MessageKey> = {
  any: 'conditionKindAny',
  upload: 'kindUpload',
  download: 'kindDownload',
};

/** ruleProblem()'s answer → the message that explains it. */
const PROBLEM_KEYS: Record<string, MessageKey> = {
  match: 'conditionProblemMatch',
  up: 'conditionProblemUp',
  down: 'conditionProblemDown',
  latency: 'conditionProblemLatency',
  at: 'conditionProblemAt',
  status: 'conditionProblemStatus',
};

export function problemText(problem: string): string {
  return t('conditionInvalid', t(PROBLEM_KEYS[problem] ?? 'conditionProblemMatch'));
}

/** A number input's value: empty (or not a number) is undefined. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

interface FieldProps {
  rule: ConditionRule;
  problem: string | null;
  name: 'up' | 'down' | 'latency' | 'at' | 'status';
  label: MessageKey;
  value: number | undefined;
  apply: (value: number | undefined) => void;
  min?: number;
  max?: number;
}

function NumberField({ problem, name, label, value, apply, min, max }: FieldProps) {
  const invalid = problem === name;
  return (
    <label class="condition-field">
      <span>{t(label)}</span>
      <input
        type="number"
        class={`condition-number${invalid ? ' invalid' : ''}`}
        data-testid={`condition-${name}`}
        min={min}
        max={max}
        value={value ?? ''}
        aria-invalid={invalid}
        title={invalid && problem ? problemText(problem) : undefined}
        onChange={(event) => apply(numberOf(event.currentTarget.value))}
      />
    </label>
  );
}

function EffectFields({ rule, problem }: { rule: ConditionRule; problem: string | null }) {
  const set = (patch: Partial<ConditionRule>) => updateRule(rule.id, patch);
  const common = { rule, problem };
  switch (rule.effect) {
    case 'throttle':
      return (
        <>
          <NumberField
            {...common}
            name="up"
            label="conditionUp"
            value={rule.upKbps}
            min={0}
            apply={(upKbps) => set({ upKbps })}
          />
          <NumberField
            {...common}
            name="down"
            label="conditionDown"
            value={rule.downKbps}
            min={0}
            apply={(downKbps) => set({ downKbps })}
          />
          <NumberField
            {...common}
            name="latency"
            label="conditionLatency"
            value={rule.latencyMs}
            min={0}
            apply={(latencyMs) => set({ latencyMs })}
          />
        </>
      );
    case 'fail':
    case 'stall':
      return (
        <NumberField
          {...common}
          name="at"
          label="conditionAt"
          value={rule.atPercent}
          min={0}
          max={100}
          apply={(atPercent) => set({ atPercent })}
        />
      );
    case 'status':
      return (
        <>
          <NumberField
            {...common}
            name="status"
            label="conditionStatus"
            value={rule.status}
            min={100}
            max={599}
            apply={(status) => set({ status })}
          />
          <label class="condition-field">
            <span>{t('conditionContentType')}</span>
            <input
              type="text"
              class="condition-text"
              data-testid="condition-content-type"
              value={rule.contentType ?? ''}
              onChange={(event) => set({ contentType: event.currentTarget.value })}
            />
          </label>
          <label class="condition-field condition-body">
            <span>{t('conditionBody')}</span>
            <input
              type="text"
              class="condition-text"
              data-testid="condition-body"
              value={rule.body ?? ''}
              onChange={(event) => set({ body: event.currentTarget.value })}
            />
          </label>
          <label class="condition-field" title={t('conditionReachServerTitle')}>
            <input
              type="checkbox"
              data-testid="condition-reach-server"
              checked={rule.reachServer === true}
              onChange={(event) => set({ reachServer: event.currentTarget.checked })}
            />
            <span>{t('conditionReachServer')}</span>
          </label>
        </>
      );
    case 'offline':
      return null;
  }
}

export function ConditionRuleRow({ rule, index }: { rule: ConditionRule; index: number }) {
  const problem = ruleProblem(rule);
  const set = (patch: Partial<ConditionRule>) => updateRule(rule.id, patch);
  const matchInput = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (focusRule.value !== rule.id) return;
    focusRule.value = null;
    matchInput.current?.focus();
  });
  const matchInvalid = problem === 'match';
  return (
    <div
      class={`condition${rule.enabled ? '' : ' off'}${problem ? ' invalid' : ''}`}
      role="group"
      aria-label={t('conditionRuleLabel', index + 1)}
      data-testid="condition"
      data-rule-id={rule.id}
      data-effect={rule.effect}
      data-enabled={String(rule.enabled)}
      data-invalid={problem ?? undefined}
      title={problem ? problemText(problem) : undefined}
    >
      <input
        type="checkbox"
        data-testid="condition-enabled"
        aria-label={t('conditionEnabled')}
        title={t('conditionEnabled')}
        checked={rule.enabled}
        onChange={(event) => set({ enabled: event.currentTarget.checked })}
      />
      <input
        type="text"
        ref={matchInput}
        class={`condition-match${matchInvalid ? ' invalid' : ''}`}
        data-testid="condition-match"
        aria-label={t('conditionMatch')}
        placeholder={t('conditionMatchPlaceholder')}
        aria-invalid={matchInvalid}
        title={matchInvalid ? problemText('match') : t('conditionMatch')}
        value={rule.match}
        onChange={(event) => set({ match: event.currentTarget.value })}
      />
      <select
        data-testid="condition-kind"
        aria-label={t('conditionKind')}
        value={rule.kind}
        onChange={(event) => set({ kind: event.currentTarget.value as ConditionKind })}
      >
        {CONDITION_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(KIND_KEYS[kind])}
          </option>
        ))}
      </select>
      <select
        data-testid="condition-effect"
        aria-label={t('conditionEffect')}
        value={rule.effect}
        onChange={(event) => set({ effect: event.currentTarget.value as ConditionEffect })}
      >
        {CONDITION_EFFECTS.map((effect) => (
          <option key={effect} value={effect}>
            {t(EFFECT_KEYS[effect])}
          </option>
        ))}
      </select>
      <EffectFields rule={rule} problem={problem} />
      <label class="condition-field" title={t('conditionTimesTitle')}>
        <span>{t('conditionTimes')}</span>
        <input
          type="number"
          class="condition-number"
          data-testid="condition-times"
          min={0}
          placeholder={t('conditionTimesEvery')}
          value={rule.times ?? ''}
          onChange={(event) => {
            const times = numberOf(event.currentTarget.value);
            set({ times: times === undefined ? null : Math.max(0, Math.floor(times)) });
          }}
        />
      </label>
      <button
        type="button"
        class="condition-remove"
        data-testid="condition-remove"
        aria-label={t('conditionRemove')}
        title={t('conditionRemove')}
        onClick={() => removeRule(rule.id)}
      >
        ✕
      </button>
    </div>
  );
}
