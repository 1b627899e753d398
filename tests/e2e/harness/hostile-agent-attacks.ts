// Attacks of a hostile page on the page agent after it started (issue 16, points 5–9), shared by
// tests/e2e/hostile-page-chromium.test.ts and hostile-page-firefox.test.ts. The page is agent.html
// (hostile-pages.ts); its attacks are in hostile-agent-page.ts. Every wait is for a condition in the panel
// (docs/automation.md) or in the extension's storage, never a fixed time.

import type { Page } from 'puppeteer';
import { expect } from 'vitest';
import { RULE_MARKER } from './hostile-agent-page';
import { waitForCount } from './navigation';
import { type PanelHandle, type RowData, readRows } from './panel-handle';
import { rule } from './stored-rules';
import { until } from './wait';

/** What the attacks need of the extension in each browser. */
export interface ExtensionAccess {
  storeRules(rules: object[]): Promise<void>;
  storedRules(): Promise<{ id: string; times: number | null }[]>;
}

type AgentPage = {
  attack: Record<string, (...args: unknown[]) => void>;
  uniDownload(url: string): Promise<number>;
  uniUpload(url: string, form: FormData): Promise<number>;
  __leaks: string[];
};

const leaks = (page: Page) => page.evaluate(() => [...(window as unknown as AgentPage).__leaks]);
const attack = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate((name, args) => (window as unknown as AgentPage).attack[name]?.(...args), name, args);
const download = (page: Page, url: string) =>
  page.evaluate((url) => (window as unknown as AgentPage).uniDownload(url), url);
const upload = (page: Page, url: string) =>
  page.evaluate((url) => {
    const form = new FormData();
    form.append('field', 'value');
    form.append('file', new File([new Uint8Array(3000)], 'photo.jpg', { type: 'image/jpeg' }));
    return (window as unknown as AgentPage).uniUpload(url, form);
  }, url);

/** 5: the page replaced every member a command check could call; the stored rules still reach the agent (the rule
 * applies) and nothing of a command reaches the page. */
export async function attackReadCommands(page: Page, panel: PanelHandle, extension: ExtensionAccess): Promise<void> {
  await attack(page, 'readCommands');
  await extension.storeRules([
    rule(`${RULE_MARKER}-1`, 'tag=ruled', { effect: 'status', status: 299, body: 'ruled', contentType: 'text/plain' }),
  ]);
  // The rule reaches the agent asynchronously: a task before it goes out unruled. Until one is ruled.
  let made = 0;
  await until(async () => {
    made += 1;
    return (await download(page, '/download?bytes=10&tag=ruled')) === 299;
  }, 'the rule to apply');
  await waitForCount(panel, 'tag=ruled status:success', made);
  expect(await leaks(page)).toEqual([]);
  await extension.storeRules([]);
}

/** 6: the page's Object.prototype.toJSON rewrites envelopes into forged condition events and a forged replay row;
 * the stored rule's `times` and the panel's rows stay true. */
export async function attackForge(page: Page, panel: PanelHandle, extension: ExtensionAccess): Promise<void> {
  await extension.storeRules([
    rule('times-rule', 'tag=never-sent', { effect: 'fail', atPercent: 50, times: 5 }),
    rule('legit-rule', 'tag=legit', { effect: 'status', status: 299, body: 'legit', times: 3 }),
  ]);
  await until(async () => (await download(page, '/download?bytes=10&tag=warm-up')) === 200, 'the page to answer');
  await attack(page, 'forge', 'times-rule');
  await download(page, '/download?bytes=5000&tag=after-forge');
  await waitForCount(panel, 'tag=after-forge status:success', 1);
  // A genuine application, counted by the relay after anything the forged envelope could have caused.
  await until(async () => (await download(page, '/download?bytes=10&tag=legit')) === 299, 'the legit rule to apply');
  const stored = await until(async () => {
    const rules = await extension.storedRules();
    return rules.find((item) => item.id === 'legit-rule')?.times === 2 && rules;
  }, 'the legit application to be stored');
  expect(stored.find((item) => item.id === 'times-rule')?.times).toBe(5);
  const rows = await readRows(panel);
  expect(rows.filter((row) => row.origin === 'replay' || row.url.includes('forged'))).toEqual([]);
  expect(await leaks(page)).toEqual([]);
  await extension.storeRules([]);
}

/** 7: getters on Object.prototype for every member of an event's options; no message of ours reaches them. */
export async function attackListen(page: Page, panel: PanelHandle): Promise<void> {
  await attack(page, 'listen');
  expect(await download(page, '/download?bytes=5000&tag=listened')).toBe(200);
  await waitForCount(panel, 'tag=listened status:success', 1);
  expect(await leaks(page)).toEqual([]);
}

/** 8: the page replaced the XHR's addEventListener and getAllResponseHeaders; its transfers still end in the panel. */
export async function attackBlind(page: Page, panel: PanelHandle): Promise<void> {
  await attack(page, 'blind');
  expect(await download(page, '/download?bytes=5000&tag=blind-down')).toBe(200);
  expect(await upload(page, '/upload?tag=blind-up')).toBe(200);
  await waitForCount(panel, 'tag=blind- status:success', 2);
  const rows = await readRows(panel);
  expect(rows.find((row) => row.url.includes('blind-down'))?.bytes).toBe('5000');
}

/**
 * 9: a synthetic pagehide and freeze while a download runs do not cut it off in the record; then 2,000 synthetic
 * pageshow events (persisted) make no reconnection. Reconnections are counted as the background reports them to a
 * panel: a second panel port, opened from the panel's document, takes the tab over and counts `agent-connected`
 * (one for its own hello, one more per relay that connects), in either browser.
 */
export async function attackLifecycle(page: Page, panel: PanelHandle): Promise<void> {
  const slow = download(page, '/download?bytes=8000&rate=4000&tag=slow');
  await waitForCount(panel, 'tag=slow status:running', 1);
  await attack(page, 'hide');
  expect(await slow).toBe(200);
  await waitForCount(panel, 'tag=slow status:success', 1);

  await panel.evaluate(() => {
    type Api = {
      runtime: {
        connect(o: object): { onMessage: { addListener(f: (m: never) => void): void }; postMessage(m: object): void };
      };
      devtools: { inspectedWindow: { tabId: number } };
    };
    const g = globalThis as unknown as { browser?: Api; chrome?: Api; __probe?: { connected: number; seen: string } };
    const api = (g.browser ?? g.chrome) as Api;
    const probe = { connected: 0, seen: '' };
    g.__probe = probe;
    const port = api.runtime.connect({ name: 'panel' });
    port.onMessage.addListener((message: { type?: string; envelope?: unknown }) => {
      if (message?.type === 'agent-connected') probe.connected += 1;
      if (message?.type === 'agent') probe.seen += JSON.stringify(message.envelope);
    });
    port.postMessage({ type: 'panel-hello', v: 1, tabId: api.devtools.inspectedWindow.tabId });
  });
  const probe = () =>
    panel.evaluate<{ connected: number; seen: string }>(() => (globalThis as never as { __probe: never }).__probe);
  await until(async () => (await probe()).connected >= 1, 'the probe port to be bound');
  await attack(page, 'show', 2000);
  // The relay forwards this download's events after anything the pageshow events did (they ran synchronously).
  expect(await download(page, '/download?bytes=10&tag=after-lifecycle')).toBe(200);
  await until(async () => (await probe()).seen.includes('tag=after-lifecycle'), 'the probe port to see the download');
  expect((await probe()).connected).toBe(1);
}

/**
 * A row as compared between a clean and an attacked run: everything but its id, times and progress count. An
 * upload's byte counts are compared as "all sent" and to within a few bytes: Firefox's multipart boundary varies in
 * length from one request to the next.
 */
const comparable = (row: RowData) => {
  const upload = row.kind === 'upload';
  return {
    tag: new URL(row.url).searchParams.get('tag'),
    kind: row.kind,
    status: row.status,
    statusCode: row.statusCode,
    bytes: upload ? row.bytes === row.total : row.bytes,
    total: upload ? undefined : row.total,
    uploadTotal: upload ? Number(row.total) : undefined,
    errMsg: row.errMsg,
    origin: row.origin,
  };
};

/** The transfers of the clean and the attacked run. */
async function runTransfers(page: Page, panel: PanelHandle): Promise<ReturnType<typeof comparable>[]> {
  expect(await download(page, '/download?bytes=20000&tag=all-down')).toBe(200);
  expect(await download(page, '/download?bytes=10&status=404&tag=all-404')).toBe(404);
  expect(await upload(page, '/upload?tag=all-up')).toBe(200);
  await waitForCount(panel, 'tag=all- -status:running -status:pending', 3);
  const rows = (await readRows(panel)).filter((row) => row.url.includes('tag=all-'));
  return rows.map(comparable).sort((a, b) => String(a.tag).localeCompare(String(b.tag)));
}

/**
 * Every member the page can reach replaced after the agent started (Object, Array, EventTarget, Event, XHR, String,
 * Function prototypes and statics, JSON, Reflect, getters on Object.prototype): the panel's record is the clean
 * run's (the same transfers on the same page, before the attack), and nothing of ours reached the page.
 */
export async function attackEverything(page: Page, panel: PanelHandle, extension: ExtensionAccess): Promise<void> {
  // A stored rule the agent holds and tests every task against (it matches none of them).
  await extension.storeRules([
    rule(`${RULE_MARKER}-2`, `tag=never-sent-${RULE_MARKER}`, { effect: 'offline', times: 3 }),
  ]);
  const expected = await runTransfers(page, panel);
  await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="clear"]')?.click());
  await waitForCount(panel, '', 0);
  await attack(page, 'everything');
  const got = await runTransfers(page, panel);
  const uploadTotals = (rows: typeof got) => rows.map((row) => row.uploadTotal ?? 0);
  const totals = [uploadTotals(expected), uploadTotals(got)];
  for (const [i, total] of (totals[0] as number[]).entries())
    expect(Math.abs(total - (totals[1]?.[i] ?? 0))).toBeLessThan(16);
  const withoutTotals = (rows: typeof got) => rows.map((row) => ({ ...row, uploadTotal: undefined }));
  expect(withoutTotals(got)).toEqual(withoutTotals(expected));
  expect(await leaks(page)).toEqual([]);
  await extension.storeRules([]);
}
