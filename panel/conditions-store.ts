// Network-condition rules (issue 11) as the panel holds them: kept in storage.local under CONDITIONS_KEY, which
// every page's relay hands to its agent at start and on change (extension/relay.ts), as it does the capture
// settings (panel/settings.tsx). The editor (panel/conditions-editor.tsx) edits them here; the toolbar counts the
// rules that are on. Outside the extension (the test shell, component tests) there is no storage and the rules live
// in memory only.

import { computed, signal } from '@preact/signals';
import {
  activeRuleCount,
  CONDITIONS_KEY,
  type ConditionEffect,
  type ConditionKind,
  type ConditionRule,
  MAX_RULES,
  readRules,
} from '../shared/conditions';
import { extensionApi } from './browser';

/** What the panel needs of storage.local and storage.onChanged (tests hand in a fake). */
export interface ConditionStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  onChanged?: (listener: (newValue: unknown) => void) => () => void;
}

/** Off where rules cannot reach the page (the npm package's viewer, panel/mount.tsx): no button, no editor. */
export const conditionsAvailable = signal(true);
export const conditionsOpen = signal(false);
export const conditionRules = signal<ConditionRule[]>([]);
/** Rules that are on and can be applied (the toolbar's mark). */
export const activeConditions = computed(() => activeRuleCount(conditionRules.value));
/** The rule whose match input should take the focus when the editor next draws (a rule just added). */
export const focusRule = signal<string | null>(null);

function extensionStorage(): ConditionStorage | undefined {
  const storage = extensionApi?.storage;
  if (!storage?.local) return undefined;
  return {
    get: (key) => storage.local.get(key),
    set: (items) => storage.local.set(items),
    onChanged(listener) {
      const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local' && changes[CONDITIONS_KEY]) listener(changes[CONDITIONS_KEY].newValue);
      };
      storage.onChanged.addListener(handler);
      return () => storage.onChanged.removeListener(handler);
    },
  };
}

let storage: ConditionStorage | undefined;
let unwatch: (() => void) | undefined;
/** While the stored rules are being read, edits stay in memory and join them when they come (watchConditions). */
let loading = false;
let savedWhileLoading = false;
/** Values this panel wrote that storage has not yet echoed back through onChanged, oldest first. */
let pending: string[] = [];

/**
 * One text per value whatever its key order: Chromium's storage keeps values as base::Value, whose dictionaries
 * are sorted by key, so onChanged hands back our rules with their keys reordered (Firefox keeps the order).
 * Without this, our own echo looked foreign, and a late echo reverted a field set just after it.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * Reads the stored rules and follows later changes (the relay or another panel may change them, e.g. count down a
 * rule's `times`). Idempotent; `custom` replaces the extension's storage (tests), `null` means none. Called as the
 * panel connects (panel/mount.tsx), not in a component's effect, which runs only after a frame has passed.
 */
export async function watchConditions(custom?: ConditionStorage | null): Promise<void> {
  if (custom !== undefined) {
    unwatch?.();
    unwatch = undefined;
    storage = custom ?? undefined;
    pending = [];
  } else if (unwatch) {
    return;
  } else {
    storage = extensionStorage();
  }
  if (!storage) return;
  unwatch = storage.onChanged?.((value) => {
    // Our own writes come back in order: skip them, so that a quick edit never briefly reverts to an older one.
    const index = pending.indexOf(canonical(value));
    if (index >= 0) {
      pending = pending.slice(index + 1);
      return;
    }
    conditionRules.value = readRules(value);
  });
  try {
    loading = true;
    savedWhileLoading = false;
    const stored = await storage.get(CONDITIONS_KEY);
    loading = false;
    const fromStorage = readRules(stored[CONDITIONS_KEY]);
    // A rule added before the stored ones arrived (a quick user, a script, "Add condition for this URL…" on the
    // first row) joins them; it must neither vanish under the read nor replace the stored rules in storage.
    const madeMeanwhile = conditionRules.value.filter((rule) => !fromStorage.some((other) => other.id === rule.id));
    if (savedWhileLoading && madeMeanwhile.length > 0) save([...fromStorage, ...madeMeanwhile].slice(0, MAX_RULES));
    else conditionRules.value = fromStorage;
  } catch {
    loading = false;
    // No storage after all (a plain page): the in-memory rules stand.
  }
}

/** A rule as stored: no undefined fields (storage and structured clone keep only what is set). */
function stored(rule: ConditionRule): ConditionRule {
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)) as ConditionRule;
}

function save(rules: ConditionRule[]): void {
  const next = rules.map(stored);
  if (JSON.stringify(next) === JSON.stringify(conditionRules.value.map(stored))) return;
  conditionRules.value = next;
  if (loading) savedWhileLoading = true;
  if (!storage || loading) return;
  const text = canonical(next);
  pending.push(text);
  storage.set({ [CONDITIONS_KEY]: next }).catch(() => {
    pending = pending.filter((item) => item !== text);
  });
}

export const newRuleId = () => `rule-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Defaults that make each effect's rule valid at once (throttle is "Slow 3G"-like, as Chrome's presets). */
export const EFFECT_DEFAULTS: Record<ConditionEffect, Partial<ConditionRule>> = {
  throttle: { upKbps: 50, downKbps: 50, latencyMs: 400 },
  fail: { atPercent: 50 },
  stall: { atPercent: 50 },
  status: { status: 503, body: '', contentType: 'text/plain', reachServer: false },
  offline: {},
};

/** Adds an enabled rule, listed last; returns its id, or null at MAX_RULES. */
export function addRule(match = '', kind: ConditionKind = 'any'): string | null {
  if (conditionRules.value.length >= MAX_RULES) return null;
  const rule: ConditionRule = {
    id: newRuleId(),
    enabled: true,
    match,
    kind,
    effect: 'throttle',
    ...EFFECT_DEFAULTS.throttle,
    times: null,
  };
  save([...conditionRules.value, rule]);
  return rule.id;
}

/** Changes some fields of a rule; a new effect gets that effect's defaults where the rule has no value yet. */
export function updateRule(id: string, patch: Partial<Omit<ConditionRule, 'id'>>): void {
  save(
    conditionRules.value.map((rule) => {
      if (rule.id !== id) return rule;
      const next = { ...rule, ...patch };
      if (patch.effect !== undefined) {
        for (const [key, value] of Object.entries(EFFECT_DEFAULTS[patch.effect])) {
          const field = key as keyof ConditionRule;
          if (next[field] === undefined) (next as Record<string, unknown>)[field] = value;
        }
      }
      return next;
    }),
  );
}

export function removeRule(id: string): void {
  save(conditionRules.value.filter((rule) => rule.id !== id));
}

/** The row menu's "Add condition for this URL…": opens the editor with a new rule for the task's URL and kind. */
export function addRuleFor(url: string, kind: ConditionKind): void {
  conditionsOpen.value = true;
  const id = addRule(url, kind);
  if (id) focusRule.value = id;
}
