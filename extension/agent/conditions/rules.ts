// The network-condition rules this page's agent applies (shared/conditions.ts), as its relay hands them over: at
// document_start from storage.local (an empty list when there are none) and again whenever the panel changes them.
// Until the first list arrives the rules are unknown: a uni task that starts then (say, in App.onLaunch) waits
// for them (whenKnown) rather than going out unconditioned.

import { type ConditionRule, readRules, ruleFor } from '../../../shared/conditions';

export class ConditionRules {
  private rules: ConditionRule[] = [];
  private received = false;
  private waiting: (() => void)[] = [];

  /** A `conditions` command's rules: read field by field, like anything that crosses a boundary. */
  set(value: unknown): void {
    this.rules = readRules(value);
    this.received = true;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  get known(): boolean {
    return this.received;
  }

  /** Runs `resume` once the rules are known (at once when they are). */
  whenKnown(resume: () => void): void {
    if (this.received) resume();
    else this.waiting.push(resume);
  }

  /** The rule for a task, if one matches (none while the list is empty: the common case costs one check). */
  match(kind: 'upload' | 'download', url: string): ConditionRule | undefined {
    return this.rules.length === 0 ? undefined : ruleFor(this.rules, kind, url);
  }

  get all(): readonly ConditionRule[] {
    return this.rules;
  }
}
