// Network conditions (issue 11) set through the REAL panel's Conditions editor, as a user sets them, by the
// automation contract (docs/automation.md, "Network conditions"): the toolbar's conditions-toggle, condition-add,
// then the rule's controls, each applied on `change` (the effect first: only its controls are in the DOM). The
// panel writes the rule to storage.local; the relay hands it to the page's agent. setRule() returns once the
// toolbar counts the rules on and storage holds the rule as set (the relay's storage.onChanged has then fired).

import type { Page } from 'puppeteer';
import type { ConditionEffect, ConditionKind } from '../../../shared/conditions';
import type { TransferServer } from '../../server/server';
import {
  abortCall,
  finishCall,
  type NormalizedRecord,
  normalize,
  type ObservedRecord,
  startCall,
} from './fault-equivalence';
import { type PanelHandle, setInputValue } from './panel-handle';
import { until, WAIT_MS } from './wait';

export interface RuleSpec {
  effect: ConditionEffect;
  /** condition-match: URL contains (case-insensitive) or /regex/flags. */
  match: string;
  kind?: ConditionKind;
  /** fail, stall */
  at?: number;
  /** status */
  status?: number;
  body?: string;
  contentType?: string;
  reachServer?: boolean;
  /** throttle: kB/s, empty = not limited */
  up?: number | null;
  down?: number | null;
  latency?: number;
  times?: number | null;
  enabled?: boolean;
}

/** Source text of the storage read in the panel (chrome.storage in Chromium, browser/chrome in Firefox). */
function storedRules(panel: PanelHandle): Promise<unknown[]> {
  return panel.evaluate<unknown[]>(async () => {
    const g = globalThis as unknown as {
      browser?: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      chrome?: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
    };
    const storage = (g.browser ?? g.chrome)?.storage.local;
    const value = storage ? (await storage.get('networkConditions')).networkConditions : undefined;
    return Array.isArray(value) ? value : [];
  });
}

/** Opens the Conditions editor unless it is open. */
export async function openConditions(panel: PanelHandle): Promise<void> {
  await panel.evaluate(() => {
    const toggle = document.querySelector<HTMLButtonElement>('[data-testid="conditions-toggle"]');
    if (!toggle) throw new Error('no conditions-toggle');
    if (toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
  });
  await panel.waitFor(() => document.querySelector('[data-testid="conditions"]') !== null);
}

/** Sets one control of the rule `ruleId` and dispatches `change` (a checkbox: checked; a select or input: value). */
function setControl(panel: PanelHandle, ruleId: string, testid: string, value: string | boolean): Promise<void> {
  return panel.evaluate(
    (id: string, name: string, v: string | boolean) => {
      const rule = document.querySelector(`[data-testid="condition"][data-rule-id="${id}"]`);
      const control = rule?.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-testid="${name}"]`);
      if (!control) throw new Error(`no ${name} in rule ${id}`);
      if (typeof v === 'boolean') (control as HTMLInputElement).checked = v;
      else control.value = v;
      control.dispatchEvent(new Event('change', { bubbles: true }));
    },
    ruleId,
    testid,
    value,
  );
}

const ruleIds = (panel: PanelHandle) =>
  panel.evaluate<string[]>(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="condition"]')].map((el) => el.dataset.ruleId ?? ''),
  );

const activeCount = (panel: PanelHandle) =>
  panel.evaluate<number>(() =>
    Number(document.querySelector<HTMLElement>('[data-testid="conditions-active"]')?.dataset.count ?? 0),
  );

/**
 * Adds a rule through the editor and sets it as `spec` says; returns its rule id once the toolbar shows
 * `expectedActive` rules on (default: the count before plus one) and storage holds the rule with these values.
 */
export async function setRule(panel: PanelHandle, spec: RuleSpec, expectedActive?: number): Promise<string> {
  await openConditions(panel);
  const before = await ruleIds(panel);
  const activeBefore = await activeCount(panel);
  await panel.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="condition-add"]')?.click());
  let id = '';
  await until(async () => {
    id = (await ruleIds(panel)).find((candidate) => !before.includes(candidate)) ?? '';
    return id !== '';
  }, 'the new rule in the editor');
  // The effect first: its controls appear then.
  await setControl(panel, id, 'condition-effect', spec.effect);
  await panel.waitFor(
    (rid: string, effect: string) =>
      document.querySelector<HTMLElement>(`[data-testid="condition"][data-rule-id="${rid}"]`)?.dataset.effect ===
      effect,
    { args: [id, spec.effect] },
  );
  await setControl(panel, id, 'condition-match', spec.match);
  await setControl(panel, id, 'condition-kind', spec.kind ?? 'any');
  const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  const expected: Record<string, unknown> = {
    id,
    enabled: spec.enabled ?? true,
    match: spec.match,
    kind: spec.kind ?? 'any',
    effect: spec.effect,
  };
  switch (spec.effect) {
    case 'fail':
    case 'stall':
      await setControl(panel, id, 'condition-at', num(spec.at ?? 50));
      expected.atPercent = spec.at ?? 50;
      break;
    case 'status':
      await setControl(panel, id, 'condition-status', num(spec.status ?? 503));
      await setControl(panel, id, 'condition-content-type', spec.contentType ?? 'text/plain');
      await setControl(panel, id, 'condition-body', spec.body ?? '');
      await setControl(panel, id, 'condition-reach-server', spec.reachServer ?? false);
      Object.assign(expected, {
        status: spec.status ?? 503,
        contentType: spec.contentType ?? 'text/plain',
        body: spec.body ?? '',
        reachServer: spec.reachServer ?? false,
      });
      break;
    case 'throttle':
      await setControl(panel, id, 'condition-up', num(spec.up === undefined ? 50 : spec.up));
      await setControl(panel, id, 'condition-down', num(spec.down === undefined ? 50 : spec.down));
      await setControl(panel, id, 'condition-latency', num(spec.latency ?? 400));
      if (spec.up !== null) expected.upKbps = spec.up ?? 50;
      if (spec.down !== null) expected.downKbps = spec.down ?? 50;
      expected.latencyMs = spec.latency ?? 400;
      break;
    case 'offline':
      break;
  }
  await setControl(panel, id, 'condition-times', num(spec.times));
  if (spec.times !== undefined && spec.times !== null) expected.times = spec.times;
  if (spec.enabled === false) await setControl(panel, id, 'condition-enabled', false);

  const count = expectedActive ?? activeBefore + (spec.enabled === false ? 0 : 1);
  await panel.waitFor(
    (n: number) =>
      n === 0
        ? document.querySelector('[data-testid="conditions-active"]') === null
        : document.querySelector<HTMLElement>('[data-testid="conditions-active"]')?.dataset.count === String(n),
    { args: [count] },
  );
  let stored: Record<string, unknown> | undefined;
  await until(
    async () => {
      stored = (await storedRules(panel)).find((rule) => (rule as { id?: string }).id === id) as
        | Record<string, unknown>
        | undefined;
      return Boolean(stored) && Object.entries(expected).every(([key, value]) => stored?.[key] === value);
    },
    `rule ${id} in storage as set`,
    { explain: () => `expected ${JSON.stringify(expected)}, stored ${JSON.stringify(stored)}` },
  );
  return id;
}

/** Removes every rule through the editor (condition-remove) and waits until storage holds none. */
export async function clearRules(panel: PanelHandle): Promise<void> {
  await openConditions(panel);
  for (;;) {
    const removed = await panel.evaluate<boolean>(() => {
      const button = document.querySelector<HTMLButtonElement>(
        '[data-testid="condition"] [data-testid="condition-remove"]',
      );
      button?.click();
      return Boolean(button);
    });
    if (!removed) break;
  }
  await panel.waitFor(
    () =>
      document.querySelector('[data-testid="condition"]') === null &&
      document.querySelector('[data-testid="conditions-active"]') === null,
  );
  await until(async () => (await storedRules(panel)).length === 0, 'no rule in storage');
}

// ------------------------------------------------------------------------------------------------------------------
// Fault equivalence (issue 11): each case sets one rule through the editor, makes the same uni call under the
// injected fault and against the test server's real fault, and the two app-observed records must be equal once
// normalized (harness/fault-equivalence.ts). Shared by fault-equivalence-chromium / -firefox.test.ts.

export interface EquivalenceCall {
  kind: 'upload' | 'download';
  mode: 'callback' | 'promise';
  /** The URL of the injected fault (the rule matches it by `tag`) and of the real one. */
  injected: (origin: string, tag: string) => string;
  real: (origin: string, refusedPort: number, tag: string) => string;
  fileBytes?: number;
  timeout?: number;
  /** The app aborts the task (task.abort()) once it is under way. */
  abort?: boolean;
  /** How much of the progress is compared (normalize()): 'shape' unless the fault's timing decides it. */
  progress?: 'shape' | 'monotone' | 'none';
  /** The injected record's progress never passes this percent. */
  maxProgress?: number;
  /** Whether the injected call's request reaches the server (status with reachServer, a download's cut or
   * stall, throttle) or not (offline, status without the server, an upload's simulated cut or stall). */
  reachesServer: boolean;
}

export interface EquivalenceCase {
  name: string;
  rule: Omit<RuleSpec, 'match'>;
  calls: EquivalenceCall[];
}

export const BODY_413 = 'request entity too large';
export const BODY_503 = 'service unavailable';
/** The test server's Content-Type for ?body= (tests/server/server.ts); the rule sets the same. */
export const TEXT_UTF8 = 'text/plain; charset=utf-8';
const CUT_BYTES = 4_000_000; // more than the loopback socket buffers take at once: a real cut lands mid-body
const TIMEOUT_MS = 400;
const RATE_BYTES = 200_000;

const both = (
  make: (kind: 'upload' | 'download', mode: 'callback' | 'promise') => EquivalenceCall,
): EquivalenceCall[] =>
  (['upload', 'download'] as const).flatMap((kind) =>
    (['callback', 'promise'] as const).map((mode) => make(kind, mode)),
  );

export const EQUIVALENCE_CASES: EquivalenceCase[] = [
  {
    name: 'status 413 with a body, not reaching the server ↔ the server answers 413',
    rule: { effect: 'status', status: 413, body: BODY_413, contentType: TEXT_UTF8, reachServer: false },
    calls: both((kind, mode) => ({
      kind,
      mode,
      injected: (origin, tag) => `${origin}/${kind}?tag=${tag}`,
      real: (origin) => `${origin}/${kind}?status=413&body=${encodeURIComponent(BODY_413)}`,
      reachesServer: false,
    })),
  },
  {
    name: 'status 503 with a body, reaching the server ↔ the server answers 503',
    rule: { effect: 'status', status: 503, body: BODY_503, contentType: TEXT_UTF8, reachServer: true },
    calls: [
      {
        kind: 'upload',
        mode: 'callback',
        injected: (origin, tag) => `${origin}/upload?tag=${tag}`,
        real: (origin) => `${origin}/upload?status=503&body=${encodeURIComponent(BODY_503)}`,
        reachesServer: true,
      },
      {
        kind: 'download',
        mode: 'promise',
        injected: (origin, tag) => `${origin}/download?bytes=1000&tag=${tag}`,
        real: (origin) => `${origin}/download?status=503&body=${encodeURIComponent(BODY_503)}`,
        reachesServer: true,
      },
    ],
  },
  {
    name: 'fail at 50 % ↔ the server cuts the connection at 50 %',
    rule: { effect: 'fail', at: 50 },
    calls: both((kind, mode) => ({
      kind,
      mode,
      injected: (origin, tag) => `${origin}/${kind}?${kind === 'download' ? `bytes=${CUT_BYTES}&` : ''}tag=${tag}`,
      real: (origin) =>
        kind === 'upload' ? `${origin}/upload?cut=50` : `${origin}/download?bytes=${CUT_BYTES}&cut=50`,
      fileBytes: CUT_BYTES,
      // A real cut shows whatever progress the browser fired before the error (often none): only monotony. Not
      // even that for an upload: Firefox restarts a request whose reused keep-alive connection is reset before any
      // answer (Necko's nsHttpTransaction::Restart), so the real upload's progress may start over from 0 (seen
      // once in a loaded run). The injected progress is still checked: monotone and at most maxProgress.
      progress: kind === 'upload' ? 'none' : 'monotone',
      maxProgress: 50,
      reachesServer: kind === 'download',
    })),
  },
  {
    name: 'stall at 50 % ↔ the server hangs (ended by the call timeout, or by task.abort())',
    rule: { effect: 'stall', at: 50 },
    calls: [
      {
        kind: 'download',
        mode: 'callback',
        injected: (origin, tag) => `${origin}/download?bytes=100000&tag=${tag}`,
        real: (origin, _port, tag) => `${origin}/hang?tag=${tag}`,
        timeout: TIMEOUT_MS,
        reachesServer: true,
        // The stalled download showed its first half; the hanging server sent nothing: only monotony.
        progress: 'monotone',
        maxProgress: 50,
      },
      {
        kind: 'upload',
        mode: 'callback',
        injected: (origin, tag) => `${origin}/upload?tag=${tag}`,
        real: (origin, _port, tag) => `${origin}/hang?tag=${tag}`,
        abort: true,
        reachesServer: false,
        progress: 'monotone',
        maxProgress: 50,
      },
      {
        kind: 'upload',
        mode: 'promise',
        injected: (origin, tag) => `${origin}/upload?tag=${tag}`,
        real: (origin, _port, tag) => `${origin}/hang?tag=${tag}`,
        timeout: TIMEOUT_MS,
        reachesServer: false,
      },
    ],
  },
  {
    name: 'throttle (400 kB/s down) ↔ a rate-limited download',
    rule: { effect: 'throttle', up: null, down: 400, latency: 0 },
    calls: [
      {
        kind: 'download',
        mode: 'callback',
        injected: (origin, tag) => `${origin}/download?bytes=${RATE_BYTES}&tag=${tag}`,
        real: (origin) => `${origin}/download?bytes=${RATE_BYTES}&rate=400000`,
        reachesServer: true,
      },
      {
        kind: 'download',
        mode: 'promise',
        injected: (origin, tag) => `${origin}/download?bytes=${RATE_BYTES}&tag=${tag}`,
        real: (origin) => `${origin}/download?bytes=${RATE_BYTES}&rate=400000`,
        reachesServer: true,
      },
    ],
  },
  {
    name: 'offline ↔ a refused connection on 127.0.0.1',
    rule: { effect: 'offline' },
    calls: both((kind, mode) => ({
      kind,
      mode,
      injected: (origin, tag) => `${origin}/${kind}?${kind === 'download' ? 'bytes=1000&' : ''}tag=${tag}`,
      real: (_origin, port) => `http://127.0.0.1:${port}/${kind}`,
      reachesServer: false,
    })),
  },
];

export interface EquivalenceResult {
  label: string;
  injected: NormalizedRecord;
  real: NormalizedRecord;
  rawInjected: ObservedRecord;
  rawReal: ObservedRecord;
  tag: string;
  /** The test server's requests for the injected call (CORS preflights left out). */
  serverSaw: number;
}

export interface EquivalenceContext {
  /** The page under the rule (its inspected tab has the panel open). */
  injectedPage: Page;
  panel: PanelHandle;
  /** A page where no rule matches (a browser without the extension, or the same page). */
  realPage: Page;
  server: TransferServer;
  refusedPort: number;
  /** Unique per run (tags the URLs: the rule matches the injected calls' tag only). */
  prefix: string;
  /**
   * Firefox: the multipart boundary is random in length ('----geckoformboundary' + two 64-bit numbers in hex
   * without leading zeros), so two real uploads of the same file differ in size by a few bytes. An upload's byte
   * totals are then compared within this many bytes (both records keep the real one's value).
   */
  uploadSizeSlack?: number;
}

/** An upload's last progress event's byte counts, within `slack` of the real one's, are set to the real one's. */
function withinSlack(injected: NormalizedRecord, real: NormalizedRecord, slack: number, label: string): void {
  const a = injected.progress.last;
  const b = real.progress.last;
  if (injected.kind !== 'upload' || !a || !b) return;
  for (const key of ['totalBytesSent', 'totalBytesExpectedToSend']) {
    const x = a[key];
    const y = b[key];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    if (Math.abs(x - y) > slack) throw new Error(`${label}: ${key} ${x}, the real upload's ${y} (slack ${slack})`);
    a[key] = y;
  }
}

async function runOne(
  page: Page,
  call: EquivalenceCall,
  url: string,
  started: (id: string) => Promise<void>,
): Promise<ObservedRecord> {
  const spec = { kind: call.kind, mode: call.mode, url, fileBytes: call.fileBytes, timeout: call.timeout };
  const id = await startCall(page, spec);
  if (call.abort) {
    await started(id);
    await abortCall(page, id);
  }
  return finishCall(page, id, WAIT_MS);
}

/** Sets the case's rule in the panel, runs each call injected and real, removes the rule; the records. */
export async function runEquivalenceCase(
  context: EquivalenceContext,
  item: EquivalenceCase,
  caseIndex: number,
): Promise<EquivalenceResult[]> {
  const { injectedPage, realPage, panel, server } = context;
  const match = `${context.prefix}-inj${caseIndex}-`;
  await setRule(panel, { ...item.rule, match });
  const results: EquivalenceResult[] = [];
  try {
    for (const [index, call] of item.calls.entries()) {
      const label = `${call.kind}, ${call.mode}${call.abort ? ', task.abort()' : ''}${call.timeout ? `, timeout ${call.timeout}` : ''}`;
      const tag = `${match}${index}`;
      const realTag = `${context.prefix}-real${caseIndex}-${index}`;
      const rawInjected = await runOne(injectedPage, call, call.injected(server.origin, tag), async (id) => {
        // Under way: the stalled timeline showed its progress.
        const deadline = Date.now() + WAIT_MS;
        while (
          !(await injectedPage.evaluate(
            (callId: string) =>
              ((window as unknown as { __faultCalls: Record<string, { record: ObservedRecord }> }).__faultCalls[callId]
                ?.record.progress.length ?? 0) > 0,
            id,
          ))
        ) {
          if (Date.now() > deadline) throw new Error(`${label}: no progress before the abort`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      const rawReal = await runOne(realPage, call, call.real(server.origin, context.refusedPort, realTag), async () => {
        // Under way: the server holds the request.
        const deadline = Date.now() + WAIT_MS;
        while (
          !server.requests().some((r) => r.query.tag === realTag && r.method !== 'OPTIONS' && r.outcome === 'pending')
        ) {
          if (Date.now() > deadline) throw new Error(`${label}: the server never saw the request`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      const options = { progress: call.progress ?? 'shape' } as const;
      const headers = item.rule.effect === 'status' ? ruleHeadersOnly : (record: NormalizedRecord) => record;
      const injected = headers(normalize(rawInjected, options));
      const real = headers(normalize(rawReal, options));
      if (context.uploadSizeSlack) withinSlack(injected, real, context.uploadSizeSlack, label);
      results.push({
        label,
        tag,
        serverSaw: server.requests().filter((r) => r.query.tag === tag && r.method !== 'OPTIONS').length,
        injected,
        real,
        rawInjected,
        rawReal,
      });
    }
  } finally {
    await clearRules(panel);
  }
  return results;
}

/** The response headers a status rule defines: its answer has no others. */
export const RULE_HEADERS = ['content-length', 'content-type'];

/**
 * A status rule's answer has the headers the rule defines (Content-Length, Content-Type) and no others, where a
 * real server sends its own too (Date, Connection, Keep-Alive, Cache-Control, CORS headers, Vary...), which the
 * app sees in an upload's `header`. The one known difference between an injected status and a real one
 * (reported, not hidden: the test also checks the real answer has the rule's headers with the same values):
 * here a `header` object keeps the rule's headers only.
 */
export function ruleHeadersOnly(record: NormalizedRecord): NormalizedRecord {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === 'header' && item && typeof item === 'object') {
        out[key] = Object.fromEntries(
          Object.entries(item).filter(([name]) => RULE_HEADERS.includes(name.toLowerCase())),
        );
      } else out[key] = strip(item);
    }
    return out;
  };
  return strip(record) as NormalizedRecord;
}

/** The panel rows of the injected calls (data-url contains the tag) and their data-condition. */
export async function rowConditions(panel: PanelHandle, tag: string): Promise<Array<string | undefined>> {
  const rows = () =>
    panel.evaluate<unknown[]>(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => ({ ...row.dataset })),
    );
  // The grid is virtualized (rows that fit the panel's height): the filter shows this call's rows only.
  await setInputValue(panel, '[data-testid="filter"]', tag);
  await panel
    .waitFor(
      (t: string) =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].some(
          (row) => row.dataset.url?.includes(t) && ['success', 'fail', 'abort'].includes(row.dataset.status ?? ''),
        ),
      { args: [tag] },
    )
    .catch(async (error) => {
      throw new Error(`no final row for ${tag}: ${JSON.stringify(await rows())}`, { cause: error });
    });
  return panel.evaluate<Array<string | undefined>>(
    (t: string) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')]
        .filter((row) => row.dataset.url?.includes(t))
        .map((row) => row.dataset.condition),
    tag,
  );
}
