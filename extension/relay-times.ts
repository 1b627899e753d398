// "Only the next N" across pages (issue 11): the relay persists each application of a rule whose `times` is a
// number by decrementing that rule's stored `times` (storage.local[CONDITIONS_KEY], read-modify-write by rule id,
// never below 0). The agent counts its own applications until the new list comes back (agent/conditions/rules.ts
// takes a lower `times` as the persisted part of its count), so no application is counted twice.
//
// Forging: the applications come from the agent's 'condition' events on the private channel of
// shared/page-channel.ts, which page scripts cannot reach, and the agent writes its envelopes from own data only
// (agent/own.ts), so a page cannot rewrite one. Should anything still slip through, the relay trusts no event to
// change stored state on its word alone (issue 16: a rewritten envelope once cut a rule's `times` from 5 to 0): it
// counts an application only
// - for a rule id it sent to this page with a numeric `times` (the last `conditions` command),
// - for a task id it saw created by the same agent session (a 'created' event, earlier or in the same batch),
// - once per task (a task meets the gate once).
// A page can only make the agent apply a rule by starting tasks the rule matches, and counting those is exactly
// what a developer's "the next N matching tasks" means.
//
// Several tabs write the same key without a lock: two decrements at the same instant in two tabs can collapse
// into one (the rule then applies once more). Within one page the writes are serialized here.

import { CONDITIONS_KEY } from '../shared/conditions';
import type { AgentEnvelope } from '../shared/protocol';

interface LocalStorage {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Applications per rule id not yet written. */
const pending = new Map<string, number>();
let writing = false;
/** The ids of the rules with a numeric `times` in the last list sent to the agent. */
let countedRules = new Set<string>();
/** Per agent session: its tasks seen created, and whether an application was counted for each. */
const sessions = new Map<string, Map<string, boolean>>();
/** A page makes a new session at each load; a relay lives as long as its document, so a few are plenty. */
const MAX_SESSIONS = 8;
/** Bounds the memory of one session's task ids (the agent keeps at most a few thousand records). */
const MAX_TASKS = 20_000;

/** The rules the relay hands the agent: applications are counted only against these. */
export function noteRulesSent(rules: readonly { id: string; times: number | null }[]): void {
  countedRules = new Set(rules.filter((rule) => rule.times !== null).map((rule) => rule.id));
}

function tasksOf(session: string): Map<string, boolean> {
  let tasks = sessions.get(session);
  if (!tasks) {
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    tasks = new Map();
    sessions.set(session, tasks);
  }
  return tasks;
}

/** Notes the rule applications in an agent envelope and writes them (one write at a time). */
export function persistApplications(envelope: AgentEnvelope, storage: LocalStorage | undefined): void {
  if (envelope.type !== 'events' || !storage) return;
  const events: unknown = envelope.payload.events;
  if (!Array.isArray(events)) return;
  const tasks = tasksOf(envelope.session);
  for (const event of events) {
    if (typeof event !== 'object' || event === null) continue;
    const { type, taskId } = event as { type?: unknown; taskId?: unknown };
    if (typeof taskId !== 'string') continue;
    if (type === 'created' && !tasks.has(taskId) && tasks.size < MAX_TASKS) tasks.set(taskId, false);
    if (type !== 'condition' || tasks.get(taskId) !== false) continue;
    const ruleId = (event as { condition?: { ruleId?: unknown } }).condition?.ruleId;
    if (typeof ruleId !== 'string' || !countedRules.has(ruleId)) continue;
    tasks.set(taskId, true);
    pending.set(ruleId, (pending.get(ruleId) ?? 0) + 1);
  }
  if (pending.size > 0 && !writing) {
    writing = true;
    void flush(storage).finally(() => {
      writing = false;
    });
  }
}

async function flush(storage: LocalStorage): Promise<void> {
  while (pending.size > 0) {
    const applied = new Map(pending);
    pending.clear();
    try {
      const stored = (await storage.get([CONDITIONS_KEY]))[CONDITIONS_KEY];
      if (!Array.isArray(stored)) continue;
      let changed = false;
      // The stored objects keep every field the panel wrote; only `times` changes.
      const next = stored.map((item: unknown) => {
        const rule = item as { id?: unknown; times?: unknown } | null;
        const count = typeof rule?.id === 'string' ? applied.get(rule.id) : undefined;
        if (!rule || count === undefined || typeof rule.times !== 'number' || rule.times <= 0) return item;
        changed = true;
        return { ...rule, times: Math.max(0, Math.floor(rule.times) - count) };
      });
      if (changed) await storage.set({ [CONDITIONS_KEY]: next });
    } catch {
      // Storage gone (extension reloaded): the page's own count still holds for this page.
    }
  }
}
