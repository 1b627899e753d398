// The network-condition rules this page's agent applies (shared/conditions.ts), as its relay hands them over: at
// document_start from storage.local (an empty list when there are none) and again whenever the panel changes them.
// Until the first list arrives the rules are unknown: a uni task that starts then (say, in App.onLaunch) waits
// for them (whenKnown) rather than going out unconditioned.
//
// Rules apply only to the inspected tab: while a panel of ours listens to this page (the background's `presence`,
// which arrives as the relay connects). As Chrome's throttling applies only while DevTools is open, a rule left on
// cannot break a tab nobody inspects. Both answers are needed before a waiting task goes out.
//
// rule.times (apply to the next N matching tasks): each application is counted here, per page, until the relay
// has persisted it. The task's 'condition' event names the rule; the relay (extension/relay-times.ts) decrements
// the stored `times` and the new list comes back here. So that an application is never counted twice (once here,
// once in the stored times), a lower `times` takes that many of this page's applications off the count (they are
// now in the stored value); a higher one (the rule edited) starts the count again. Another page's decrement
// arriving first is taken for one of ours: for a moment this page may apply the rule once more than N, never less.

import {
  type ConditionEffect,
  type ConditionRule,
  matcherFor,
  readRule,
  readRules,
  ruleProblem,
} from '../../shared/conditions';
import { bare, create, keys } from '../own';

interface Use {
  times: number | null;
  count: number;
}
const max = Math.max;

/** The effects the agent carries out (gate.ts, effects.ts, throttle.ts); a rule of any other is never applied. */
export const SUPPORTED_EFFECTS: ReadonlySet<ConditionEffect> = new Set<ConditionEffect>([
  'throttle',
  'fail',
  'stall',
  'status',
  'offline',
]);

export class ConditionRules {
  private rules: ConditionRule[] = [];
  /** The rules that can apply (on, valid), their URL tests made once per list: a task no rule matches costs one
   * cheap test per rule, no RegExp compiled per task (bench/probe-cost.ts --rules-unmatched). */
  private candidates: { rule: ConditionRule; test: (url: string) => boolean }[] = [];
  private received = false;
  /** Whether a panel inspects this page; undefined until the background says. */
  private present: boolean | undefined;
  private waiting: (() => void)[] = [];
  /**
   * Applications per rule id on this page, for the `times` they were counted against. A record without a prototype
   * read with saved functions (own.ts), not a Map: a page can replace Map.prototype.get, and see the rule ids.
   */
  private used: Record<string, Use> = create(null);

  /** A `conditions` command's rules: read field by field, like anything that crosses a boundary. */
  set(value: unknown): void {
    this.rules = readRules(value).filter((rule) => SUPPORTED_EFFECTS.has(rule.effect));
    this.candidates = this.rules.flatMap((rule) => {
      const test = rule.enabled && ruleProblem(rule) === null ? matcherFor(rule.match) : null;
      return test ? [{ rule, test }] : [];
    });
    const ids = keys(this.used);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      const use = this.used[id] as Use;
      const rule = this.rules.find((candidate) => candidate.id === id);
      if (!rule || rule.times === null || use.times === null || rule.times > use.times) delete this.used[id];
      else if (rule.times < use.times) {
        use.count = max(0, use.count - (use.times - rule.times));
        use.times = rule.times;
        if (use.count === 0) delete this.used[id];
      }
    }
    this.received = true;
    this.resumeIfKnown();
  }

  /** The background's word on whether a panel inspects this page (rules apply only then). */
  setPresent(present: boolean): void {
    this.present = present;
    this.resumeIfKnown();
  }

  private resumeIfKnown(): void {
    if (!this.known) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  get known(): boolean {
    return this.received && this.present !== undefined;
  }

  /** Runs `resume` once the rules and the presence are known (at once when they are). */
  whenKnown(resume: () => void): void {
    if (this.known) resume();
    else this.waiting.push(resume);
  }

  /**
   * The rule for a task: the first that is on, valid, of its kind, with applications left on this page, whose
   * match takes the URL (shared/conditions.ts ruleFor, with the page's count). None while the list is empty: the
   * common case costs one check.
   */
  match(kind: 'upload' | 'download', url: string): ConditionRule | undefined {
    if (!this.present) return undefined;
    for (const { rule, test } of this.candidates) {
      if (rule.kind !== 'any' && rule.kind !== kind) continue;
      if (rule.times !== null && this.remaining(rule) === 0) continue;
      if (test(url)) return rule;
    }
    return undefined;
  }

  /** A rule was applied to a task (counts against its `times`). */
  applied(id: string): void {
    const rule = this.rules.find((candidate) => candidate.id === id);
    if (!rule || rule.times === null) return;
    const use = this.used[id] ?? bare({ times: rule.times, count: 0 });
    use.count++;
    this.used[id] = use;
  }

  /** How many more tasks a rule applies to on this page (null: every one). */
  remaining(rule: ConditionRule): number | null {
    if (rule.times === null) return null;
    return max(0, rule.times - (this.used[rule.id]?.count ?? 0));
  }

  get all(): readonly ConditionRule[] {
    return this.rules;
  }
}

/** A replay's one-off condition as the panel sent it: read as a stored rule is, and only if it can apply. */
export function readOneOff(value: unknown): ConditionRule | null {
  const rule = readRule(value);
  return rule && ruleProblem(rule) === null && SUPPORTED_EFFECTS.has(rule.effect) ? rule : null;
}
