// The Conditions editor (issue 11), a drawer under the toolbar like Chrome's "Request conditions": rules that
// throttle, fail, stall or answer matching uni uploads and downloads in every page of the inspected tab. The rules
// live in panel/conditions-store.ts; each one is drawn by panel/condition-rule.tsx. The toolbar's toggle and its
// mark while rules are on are here too.

import { MAX_RULES } from '../shared/conditions';
import { ConditionRuleRow } from './condition-rule';
import {
  activeConditions,
  addRule,
  conditionRules,
  conditionsAvailable,
  conditionsOpen,
  focusRule,
} from './conditions-store';
import { formatNumber, t } from './i18n';
import './conditions.css';

/** The toolbar's button, with a mark while any rule is on (as Chrome marks throttling in the Network panel). */
export function ConditionsToggle() {
  if (!conditionsAvailable.value) return null;
  const active = activeConditions.value;
  return (
    <button
      type="button"
      class={`conditions-toggle${active > 0 ? ' active' : ''}`}
      data-testid="conditions-toggle"
      aria-expanded={conditionsOpen.value}
      title={t('conditionsToggleTitle')}
      onClick={() => {
        conditionsOpen.value = !conditionsOpen.value;
      }}
    >
      {active > 0 && (
        <span
          class="conditions-active"
          data-testid="conditions-active"
          data-count={active}
          title={t('conditionsActiveTitle', formatNumber(active))}
        >
          ⚠ {formatNumber(active)}
        </span>
      )}
      {t('conditions')}
    </button>
  );
}

export function ConditionsEditor() {
  if (!conditionsOpen.value || !conditionsAvailable.value) return null;
  const rules = conditionRules.value;
  const full = rules.length >= MAX_RULES;
  return (
    <section class="conditions-bar" data-testid="conditions" aria-label={t('conditionsHeading')}>
      <div class="conditions-head">
        <h2>{t('conditionsHeading')}</h2>
        <button
          type="button"
          data-testid="condition-add"
          disabled={full}
          title={full ? t('conditionsFull', MAX_RULES) : undefined}
          onClick={() => {
            const id = addRule();
            if (id) focusRule.value = id;
          }}
        >
          {t('conditionAdd')}
        </button>
        <span class="conditions-note">{t('conditionsNote')}</span>
      </div>
      {rules.length === 0 ? (
        <p class="conditions-empty" data-testid="conditions-empty">
          {t('conditionsEmpty')}
        </p>
      ) : (
        <div class="conditions-list">
          {rules.map((rule, index) => (
            <ConditionRuleRow key={rule.id} rule={rule} index={index} />
          ))}
        </div>
      )}
    </section>
  );
}
