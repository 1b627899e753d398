// Overview tab: the network condition a rule applied to this task (issue 11), named by the rule and saying in the
// agent's words what was simulated, so that a slow or failed task made by a rule is never taken for a real one.

import type { AppliedCondition } from '../../shared/task-model';
import { EFFECT_KEYS, KIND_KEYS } from '../condition-rule';
import { conditionRules } from '../conditions-store';
import { type MessageKey, t } from '../i18n';
import { shown } from '../reveal';

/** What the effect means for the app and the server, in the panel's language (the agent's line below is English). */
const EXPLAIN_KEYS: Record<AppliedCondition['effect'], MessageKey> = {
  throttle: 'detailsConditionExplainThrottle',
  fail: 'detailsConditionExplainFail',
  stall: 'detailsConditionExplainStall',
  status: 'detailsConditionExplainStatus',
  offline: 'detailsConditionExplainOffline',
};

/**
 * The rule as the editor lists it now ("rule 2: “/upload/” · upload"), or its id when it is gone. Also names the
 * rule in a diagnosis (panel/diagnosis-text.ts).
 */
export function ruleText(ruleId: string): string {
  const rules = conditionRules.value;
  const index = rules.findIndex((rule) => rule.id === ruleId);
  const rule = rules[index];
  if (!rule) return t('detailsConditionRuleGone', shown(ruleId));
  const match = rule.match.trim() === '' ? t('conditionMatchPlaceholder') : `“${shown(rule.match)}”`;
  return t('detailsConditionRule', index + 1, match, t(KIND_KEYS[rule.kind]));
}

export function ConditionSection({ condition }: { condition: AppliedCondition }) {
  return (
    <section
      class="dt-section dt-condition"
      data-testid="details-condition"
      data-rule-id={condition.ruleId}
      data-effect={condition.effect}
    >
      <h3>{t('detailsConditionHeading', t(EFFECT_KEYS[condition.effect]))}</h3>
      <p data-testid="details-condition-rule">{ruleText(condition.ruleId)}</p>
      <p data-testid="details-condition-explain">{t(EXPLAIN_KEYS[condition.effect])}</p>
      <p data-testid="details-condition-detail" class="page-text">
        {shown(condition.detail)}
      </p>
    </section>
  );
}
