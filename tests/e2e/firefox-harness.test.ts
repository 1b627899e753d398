/**
 * Self-test of the Firefox harness (tests/e2e/harness/firefox.ts) against a tiny stand-in
 * MV3 extension written by this test into a temp dir. It has the same shape as the real one:
 * gecko id, devtools_page creating the "uni Transfers" panel, a MAIN-world document_start
 * content script, an isolated relay content script and a background event page that forwards
 * page events to the panel over a runtime port.
 *
 * Run: npx vitest run tests/e2e/firefox-harness.test.ts --testTimeout 120000
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FirefoxSession, launchFirefox, type PanelHandle } from './harness/firefox.js';
import type { PanelHandle as SharedPanelHandle } from './harness/panel-handle.js';

// Compile-time check: the Firefox handle can be used wherever the shared (Chromium + Firefox) one is expected.
const _compatible = (p: PanelHandle): SharedPanelHandle => p;
void _compatible;

const GECKO_ID = 'uni-transfer-devtools@example.org';
const PANEL_TITLE = 'uni Transfers';

const STAND_IN: Record<string, string> = {
  'manifest.json': JSON.stringify(
    {
      manifest_version: 3,
      name: 'uni Transfer DevTools (harness stand-in)',
      version: '0.0.1',
      browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: '128.0' } },
      devtools_page: 'devtools.html',
      background: { scripts: ['background.js'] },
      content_scripts: [
        { matches: ['http://127.0.0.1/*'], js: ['main-world.js'], world: 'MAIN', run_at: 'document_start' },
        { matches: ['http://127.0.0.1/*'], js: ['relay.js'], run_at: 'document_start' },
      ],
    },
    null,
    2,
  ),
  // MAIN world, document_start: must run before the page's first script.
  'main-world.js': `window.__agentLoaded = true;
    window.addEventListener('load', () => window.postMessage({ __uni: true, url: location.href, seen: window.__seenAgent }, '*'));`,
  // Isolated world relay: page → background.
  'relay.js': `window.addEventListener('message', (e) => {
    if (e.source === window && e.data && e.data.__uni) browser.runtime.sendMessage({ type: 'task', url: e.data.url, seen: e.data.seen });
  });`,
  // Background: buffers per tab, forwards to the panel port of that tab.
  'background.js': `const tasks = new Map(); const ports = new Map();
    browser.runtime.onMessage.addListener((msg, sender) => {
      const tabId = sender.tab && sender.tab.id; if (tabId == null) return;
      const task = { ...msg, n: (tasks.get(tabId) || []).length + 1 };
      tasks.set(tabId, [...(tasks.get(tabId) || []), task]);
      const port = ports.get(tabId); if (port) port.postMessage([task]);
    });
    browser.runtime.onConnect.addListener((port) => {
      const tabId = Number(port.name.replace('panel:', ''));
      ports.set(tabId, port);
      port.onDisconnect.addListener(() => { if (ports.get(tabId) === port) ports.delete(tabId); });
      port.postMessage(tasks.get(tabId) || []);
    });`,
  'devtools.html': '<!doctype html><meta charset="utf-8"><script src="devtools.js"></script>',
  'devtools.js': `browser.devtools.panels.create(${JSON.stringify(PANEL_TITLE)}, '', 'panel.html');`,
  'panel.html': `<!doctype html><html><head><meta charset="utf-8"><title>uni Transfers</title></head><body>
    <div data-testid="panel" data-connected="false">
      <button data-testid="clear">Clear</button><span data-testid="status">idle</span>
      <ul data-testid="rows"></ul>
    </div><script src="panel.js"></script></body></html>`,
  'panel.js': `const root = document.querySelector('[data-testid=panel]');
    const list = document.querySelector('[data-testid=rows]');
    const tabId = browser.devtools.inspectedWindow.tabId;
    root.dataset.tabId = String(tabId);
    const port = browser.runtime.connect({ name: 'panel:' + tabId });
    port.onMessage.addListener((tasks) => {
      root.dataset.connected = 'true';
      for (const t of tasks) {
        const li = document.createElement('li');
        li.dataset.testid = 'task-row'; li.dataset.url = t.url; li.dataset.n = String(t.n); li.dataset.seen = String(t.seen);
        list.append(li);
      }
    });
    let navigations = 0;
    browser.devtools.network.onNavigated.addListener((url) => { root.dataset.navigations = String(++navigations); root.dataset.lastNavigation = url; });
    document.querySelector('[data-testid=clear]').addEventListener('click', () => {
      list.replaceChildren(); document.querySelector('[data-testid=status]').textContent = 'cleared';
    });`,
};

// The page's first script records whether the MAIN-world content script already ran.
const PAGE = `<!doctype html><html><head><script>window.__seenAgent = window.__agentLoaded === true;</script>
  <title>page</title></head><body><h1>test page</h1></body></html>`;

const ROWS = `() => [...document.querySelectorAll('[data-testid=task-row]')].map((r) => ({ ...r.dataset }))`;

describe('Firefox harness (real DevTools toolbox, stand-in extension)', () => {
  let extDir: string;
  let server: http.Server;
  let base: string;
  let session: FirefoxSession;
  const timings: Record<string, number> = {};
  const t0 = Date.now();

  beforeAll(async () => {
    extDir = await mkdtemp('/tmp/uni-ff-ext-');
    for (const [name, body] of Object.entries(STAND_IN)) await writeFile(path.join(extDir, name), body);
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE.replace('<h1>test page</h1>', `<h1>${req.url}</h1>`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = Date.now();
    session = await launchFirefox({ extensionDir: extDir, geckoId: GECKO_ID });
    timings.launchMs = Date.now() - t;
  });

  afterAll(async () => {
    const tmpDir = session?.tmpDir;
    await session?.close();
    if (tmpDir) expect(existsSync(tmpDir)).toBe(false);
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    if (extDir) await rm(extDir, { recursive: true, force: true });
    timings.wholeFileMs = Date.now() - t0;
    console.log('[firefox-harness timings]', JSON.stringify(timings));
  });

  it('loads the extension with a fixed moz-extension origin', () => {
    expect(session.extensionOrigin).toMatch(/^moz-extension:\/\/[0-9a-f-]{36}$/);
    expect(session.extensionId).toBe(GECKO_ID);
  });

  it('opens the real toolbox panel after load: DOM readable, click works, survives reload', async () => {
    const page = await session.newPage(`${base}/first`);
    // MAIN-world content script ran before the page's first inline script.
    expect(await page.evaluate(() => (window as unknown as { __seenAgent: boolean }).__seenAgent)).toBe(true);

    let t = Date.now();
    const panel = await session.openDevToolsPanel(page, PANEL_TITLE);
    timings.toolboxOpenMs = Date.now() - t;

    expect(await panel.evaluate<string>('() => location.href')).toBe(`${session.extensionOrigin}/panel.html`);
    await panel.waitFor(`document.querySelector('[data-testid=panel]').dataset.connected === 'true'`);
    await panel.waitFor(`document.querySelectorAll('[data-testid=task-row]').length >= 1`);
    const rows = await panel.evaluate<Array<Record<string, string>>>(ROWS);
    expect(rows).toEqual([{ testid: 'task-row', url: `${base}/first`, n: '1', seen: 'true' }]);
    // Arguments, expressions, promises.
    expect(await panel.evaluate('(a, b) => a + b', 2, 3)).toBe(5);
    expect(await panel.evaluate('document.title')).toBe('uni Transfers');
    expect(
      await panel.evaluate('async () => { await new Promise(r => setTimeout(r, 10)); return [1, { a: null }]; }'),
    ).toEqual([1, { a: null }]);
    expect(await panel.evaluate('() => undefined')).toBeUndefined();
    await expect(panel.evaluate('() => { throw new Error("boom"); }')).rejects.toThrow(/boom/);
    // Real functions (serialised with toString) and waitFor arguments.
    expect(await panel.evaluate((sel: string) => document.querySelectorAll(sel).length, '[data-testid=task-row]')).toBe(
      1,
    );
    await panel.waitFor((min: number) => document.querySelectorAll('[data-testid=task-row]').length >= min, {
      args: [1],
    });

    // Click.
    await panel.evaluate(`() => document.querySelector('[data-testid=clear]').click()`);
    await panel.waitFor(`document.querySelector('[data-testid=status]').textContent === 'cleared'`);
    expect(await panel.evaluate(ROWS)).toEqual([]);

    // Reload with the toolbox open: the panel stays, gets the new event and the navigation.
    t = Date.now();
    await page.reload({ waitUntil: 'load' });
    expect(await page.evaluate(() => (window as unknown as { __seenAgent: boolean }).__seenAgent)).toBe(true);
    await panel.waitFor(`document.querySelectorAll('[data-testid=task-row]').length === 1`);
    await panel.waitFor(`document.querySelector('[data-testid=panel]').dataset.navigations === '1'`);
    timings.reloadToRowMs = Date.now() - t;
    expect(await panel.evaluate(ROWS)).toEqual([{ testid: 'task-row', url: `${base}/first`, n: '2', seen: 'true' }]);

    await expect(panel.waitFor('false', { timeoutMs: 300 })).rejects.toThrow(/timed out/);
    await panel.close();
    await page.close();
  });

  it('opens the toolbox before navigating, then the page loads into it', async () => {
    const page = await session.newPage('about:blank');
    const panel = await session.openDevToolsPanel(page, PANEL_TITLE);
    await panel.waitFor(`document.querySelector('[data-testid=panel]').dataset.connected === 'true'`);
    expect(await panel.evaluate(ROWS)).toEqual([]);

    await page.goto(`${base}/second`, { waitUntil: 'load' });
    expect(await page.evaluate(() => (window as unknown as { __seenAgent: boolean }).__seenAgent)).toBe(true);
    await panel.waitFor(`document.querySelectorAll('[data-testid=task-row]').length === 1`);
    expect(await panel.evaluate(ROWS)).toEqual([{ testid: 'task-row', url: `${base}/second`, n: '1', seen: 'true' }]);

    await page.goto(`${base}/third`, { waitUntil: 'load' });
    await panel.waitFor(`document.querySelectorAll('[data-testid=task-row]').length === 2`);
    expect((await panel.evaluate<Array<{ url: string }>>(ROWS)).map((r) => r.url)).toEqual([
      `${base}/second`,
      `${base}/third`,
    ]);
    await panel.close();
    await page.close();
  });

  it('closes and reopens the toolbox on the same tab (fresh panel document)', async () => {
    const page = await session.newPage(`${base}/fourth`);
    const first = await session.openDevToolsPanel(page, PANEL_TITLE);
    await first.evaluate(`() => { window.__marker = 1; }`);
    await first.close();
    const second = await session.openDevToolsPanel(page, PANEL_TITLE);
    expect(await second.evaluate('() => window.__marker')).toBeUndefined();
    // Opened after the page's work finished: the backlog is delivered.
    await second.waitFor(`document.querySelectorAll('[data-testid=task-row]').length === 1`);
    await second.close();
    await page.close();
  });
});
