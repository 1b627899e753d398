// The browser's own record of the inspected page's requests (DevTools only: devtools.network, a HAR entry per
// finished request), matched to the listed tasks so that the diagnosis can say what the page cannot see: a refused
// connection, a CORS refusal, a redirect's status (shared/diagnosis-network.ts). It reaches the panel through its
// transport (panel/connection.ts); the viewer and the test shell have none, and their diagnoses stay "likely".
//
// An entry can arrive before the task it belongs to (the browser tells DevTools at once; the agent's events come in
// batches), so unmatched entries wait a while and are tried again as tasks arrive. A task's CORS preflight (an
// OPTIONS to the same URL) finishes before the request itself: kept per URL, it joins the request's evidence.
// Nothing here trusts the entry beyond its types: numbers and short strings are copied, nothing else.

import { effect } from '@preact/signals';
import type { NetworkEvidence } from '../shared/diagnosis-network';
import type { PanelTask } from './panel-task';
import { dispatch, panelState } from './store';

interface LoggedRequest {
  url: string;
  method: string;
  /** ms since the epoch (the entry's startedDateTime). */
  start: number;
  status: number;
  error?: string;
  redirectUrl?: string;
  /** When the panel received it (to let unmatched entries go). */
  received: number;
}

/** Unmatched entries kept, and for how long: a task's events arrive within a batch or two. */
const MAX_PENDING = 500;
const PENDING_MS = 30_000;
const MAX_PREFLIGHTS = 500;
/** A task and the browser's record of its request start within this of each other (both read the wall clock). */
const MATCH_WINDOW_MS = 60_000;
/** Only the newest tasks are looked at: an entry belongs to a request that just finished. */
const RECENT_TASKS = 500;
const MAX_TEXT = 4096;

const pending: LoggedRequest[] = [];
const preflights = new Map<string, LoggedRequest>();

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;

/** Reads a HAR entry as the browser gives it (Chromium adds `_error`, `_resourceType`); undefined if it does not read. */
function readEntry(raw: unknown): (LoggedRequest & { preflight: boolean }) | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entry = raw as { request?: unknown; response?: unknown; startedDateTime?: unknown; _resourceType?: unknown };
  const request = entry.request as { url?: unknown; method?: unknown } | undefined;
  const response = entry.response as { status?: unknown; _error?: unknown; redirectURL?: unknown } | undefined;
  const url = text(request?.url);
  const method = text(request?.method);
  const start = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : Number.NaN;
  if (!url || !method || !/^https?:/i.test(url) || !Number.isFinite(start)) return undefined;
  // uni's transfers are XHRs (and their preflights); Chromium names the type, other browsers may not.
  const type = entry._resourceType;
  if (typeof type === 'string' && type !== 'xhr' && type !== 'preflight') return undefined;
  const status = typeof response?.status === 'number' && Number.isFinite(response.status) ? response.status : 0;
  const logged: LoggedRequest & { preflight: boolean } = {
    url,
    method: method.toUpperCase(),
    start,
    status,
    received: Date.now(),
    preflight: entry._resourceType === 'preflight' || method.toUpperCase() === 'OPTIONS',
  };
  const error = text(response?._error);
  if (error) logged.error = error;
  const redirectUrl = text(response?.redirectURL);
  if (redirectUrl) logged.redirectUrl = redirectUrl;
  return logged;
}

let scheduled = false;

/** A request the browser finished (devtools.network.onRequestFinished, or getHAR's log at start). */
export function recordNetworkEntry(raw: unknown): void {
  const entry = readEntry(raw);
  if (!entry) return;
  if (entry.preflight) {
    preflights.delete(entry.url);
    preflights.set(entry.url, entry);
    if (preflights.size > MAX_PREFLIGHTS) preflights.delete(preflights.keys().next().value as string);
    return;
  }
  pending.push(entry);
  if (pending.length > MAX_PENDING) pending.shift();
  if (!scheduled) {
    scheduled = true;
    // One match per burst of entries.
    setTimeout(() => {
      scheduled = false;
      matchPending();
    }, 0);
  }
}

const methodOf = (task: PanelTask) => task.method ?? (task.kind === 'upload' ? 'POST' : 'GET');
const startOf = (task: PanelTask) => task.times.send ?? task.times.open ?? task.times.created;

function evidenceOf(entry: LoggedRequest): NetworkEvidence {
  const evidence: NetworkEvidence = { status: entry.status };
  if (entry.error) evidence.error = entry.error;
  if (entry.redirectUrl) evidence.redirectUrl = entry.redirectUrl;
  const preflight = preflights.get(entry.url);
  // Chromium dates the request from the XHR's send, before its preflight started: near, in either order.
  if (preflight && Math.abs(preflight.start - entry.start) < MATCH_WINDOW_MS) {
    evidence.preflight = preflight.error
      ? { status: preflight.status, error: preflight.error }
      : { status: preflight.status };
  }
  return evidence;
}

/** Ties waiting entries to the newest tasks of the same URL and method, the nearest in start time. */
function matchPending(): void {
  if (pending.length === 0) return;
  const now = Date.now();
  const items = panelState.peek().list.items;
  const recent = items.slice(Math.max(0, items.length - RECENT_TASKS));
  const taken = new Set<string>();
  const matches: { key: string; network: NetworkEvidence }[] = [];
  for (let index = 0; index < pending.length; index++) {
    const entry = pending[index] as LoggedRequest;
    let best: PanelTask | undefined;
    for (const task of recent) {
      if (task.network || task.imported !== undefined || taken.has(task.key)) continue;
      if (task.url !== entry.url || methodOf(task) !== entry.method) continue;
      const distance = Math.abs(startOf(task) - entry.start);
      if (distance < MATCH_WINDOW_MS && (!best || distance < Math.abs(startOf(best) - entry.start))) best = task;
    }
    if (best) {
      taken.add(best.key);
      matches.push({ key: best.key, network: evidenceOf(entry) });
      pending.splice(index--, 1);
    } else if (now - entry.received > PENDING_MS) pending.splice(index--, 1);
  }
  if (matches.length > 0) dispatch({ type: 'network', matches });
}

let watching = false;

/** Starts matching: entries that came before their task are tried again whenever tasks change. */
export function watchNetworkLog(): void {
  if (watching) return;
  watching = true;
  effect(() => {
    void panelState.value;
    // Only while entries wait (each at most PENDING_MS): a few URL comparisons with the newest tasks.
    if (pending.length > 0) matchPending();
  });
}

/** Forgets everything (a test's fresh start). */
export function resetNetworkLog(): void {
  pending.length = 0;
  preflights.clear();
}
