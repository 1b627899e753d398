// Network conditions per task (issue 11): rules the panel keeps in storage.local and every page's relay hands to
// its agent, as it does the capture settings. The agent applies a rule to the uni tasks it matches; a task that
// no rule matches is left alone. Everything here is pure: the same checks run in the panel (the editor shows an
// invalid rule as such) and in the agent (an invalid or forged rule is never applied).

import { isList } from './checks';
export type ConditionEffect = 'throttle' | 'fail' | 'stall' | 'status' | 'offline';
export type ConditionKind = 'any' | 'upload' | 'download';

export const CONDITION_EFFECTS: readonly ConditionEffect[] = ['throttle', 'fail', 'stall', 'status', 'offline'];
export const CONDITION_KINDS: readonly ConditionKind[] = ['any', 'upload', 'download'];

export interface ConditionRule {
  /** Stable across edits (the panel makes it). */
  id: string;
  enabled: boolean;
  /** The filter box's text syntax: a case-insensitive URL substring, or `/regex/flags`; empty matches every URL. */
  match: string;
  kind: ConditionKind;
  effect: ConditionEffect;
  /** throttle: upload and download rates in kB/s (1 kB = 1,000 bytes; absent = not limited) and latency. */
  upKbps?: number;
  downKbps?: number;
  latencyMs?: number;
  /** fail, stall: the share of the body (0–100) after which the transfer fails or stops. */
  atPercent?: number;
  /** status: the HTTP status delivered, its body and Content-Type, and whether the request reaches the server. */
  status?: number;
  body?: string;
  contentType?: string;
  reachServer?: boolean;
  /** How many matching tasks it still applies to: null = every one. */
  times: number | null;
}

// The page agent reads rules inside a page that can replace any global after it starts (issue 16): what these
// functions call is saved when the module is evaluated (document_start in the agent's bundle), so a page-replaced
// String.prototype or Math method never sees a rule.
const apply = Reflect.apply;
const { slice, trim, toLowerCase, includes } = String.prototype;
const exec = RegExp.prototype.exec;
const test = RegExp.prototype.test;
const NativeRegExp = RegExp;
const { floor, max } = Math;
const isFiniteNumber = Number.isFinite;
const isInteger = Number.isInteger;
const lower = (text: string): string => apply(toLowerCase, text, []);

export const CONDITIONS_KEY = 'networkConditions';
export const MAX_RULES = 50;
const MAX_TEXT = 64 * 1024;

/** Why a rule cannot be applied, or null when it can. */
export function ruleProblem(rule: ConditionRule): string | null {
  if (matcherFor(rule.match) === null) return 'match';
  const rate = (value: number | undefined) => value === undefined || (isFiniteNumber(value) && value > 0);
  const nonNegative = (value: number | undefined) => value === undefined || (isFiniteNumber(value) && value >= 0);
  switch (rule.effect) {
    case 'throttle':
      if (!rate(rule.upKbps)) return 'up';
      if (!rate(rule.downKbps)) return 'down';
      if (!nonNegative(rule.latencyMs)) return 'latency';
      return null;
    case 'fail':
    case 'stall':
      return rule.atPercent !== undefined && rule.atPercent >= 0 && rule.atPercent <= 100 ? null : 'at';
    case 'status':
      return rule.status !== undefined && isInteger(rule.status) && rule.status >= 100 && rule.status <= 599
        ? null
        : 'status';
    case 'offline':
      return null;
  }
}

/** The URL test of a rule's match text (the filter box's text and /regex/ syntax); null for an invalid regex. */
export function matcherFor(match: string): ((url: string) => boolean) | null {
  const text: string = apply(trim, match, []);
  if (text === '') return () => true;
  const regex: RegExpExecArray | null = apply(exec, /^\/(.+)\/([imsu]*)$/, [text]);
  if (regex) {
    try {
      const flags = regex[2] ?? '';
      const pattern = new NativeRegExp(regex[1] as string, apply(includes, flags, ['i']) ? flags : `${flags}i`);
      return (url) => apply(test, pattern, [url]);
    } catch {
      return null;
    }
  }
  const needle = lower(text);
  return (url) => apply(includes, lower(url), [needle]);
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && isFiniteNumber(value);
const optionalNumber = (value: unknown) => (isNumber(value) ? value : undefined);
const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' ? apply(slice, value, [0, MAX_TEXT]) : undefined;
const isEffect = (value: unknown): value is ConditionEffect =>
  value === 'throttle' || value === 'fail' || value === 'stall' || value === 'status' || value === 'offline';
const isKind = (value: unknown): value is ConditionKind =>
  value === 'any' || value === 'upload' || value === 'download';

/**
 * Reads one stored or received rule field by field (a page can post anything; storage can hold an older shape).
 * Returns null when it is not a rule at all; a rule with out-of-range values is returned as it is, and
 * ruleProblem() tells why it is not applied.
 */
export function readRule(value: unknown): ConditionRule | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const effect = isEffect(record.effect) ? record.effect : undefined;
  const kind = isKind(record.kind) ? record.kind : 'any';
  if (!effect || typeof record.id !== 'string' || record.id === '' || record.id.length > 100) return null;
  const times = record.times === null || record.times === undefined ? null : optionalNumber(record.times);
  return {
    id: record.id,
    enabled: record.enabled === true,
    match: optionalText(record.match) ?? '',
    kind,
    effect,
    upKbps: optionalNumber(record.upKbps),
    downKbps: optionalNumber(record.downKbps),
    latencyMs: optionalNumber(record.latencyMs),
    atPercent: optionalNumber(record.atPercent),
    status: optionalNumber(record.status),
    body: optionalText(record.body),
    contentType: optionalText(record.contentType),
    reachServer: record.reachServer === true,
    times: times === undefined || times === null ? null : max(0, floor(times)),
  };
}

/** Any stored value becomes a list of rules (what is not a rule is left out). */
export function readRules(value: unknown): ConditionRule[] {
  if (!isList(value)) return [];
  // Every array here derives from `value` (species): in the page agent it is a private array (agent/own.ts), so
  // no method of the page's Array.prototype ever holds a rule.
  return value
    .slice(0, MAX_RULES)
    .map(readRule)
    .filter((rule): rule is ConditionRule => rule !== null);
}

/** The first enabled, valid rule with applications left that matches a task of this kind and URL. */
export function ruleFor(rules: readonly ConditionRule[], kind: 'upload' | 'download', url: string) {
  for (const rule of rules) {
    if (!rule.enabled || rule.times === 0 || (rule.kind !== 'any' && rule.kind !== kind)) continue;
    if (ruleProblem(rule) !== null) continue;
    if (matcherFor(rule.match)?.(url)) return rule;
  }
  return undefined;
}

/** Rules that are on and can be applied (the toolbar's count). */
export function activeRuleCount(rules: readonly ConditionRule[]): number {
  return rules.filter((rule) => rule.enabled && rule.times !== 0 && ruleProblem(rule) === null).length;
}
