// Launch Chromium with the unpacked extension and drive the REAL DevTools panel (shared/docs/browsers.md,
// "Chromium: load the extension and drive the real DevTools panel").

import path from 'node:path';
import puppeteer, { type Browser, type Frame, type Page, type Target } from 'puppeteer';
import { CHROMIUM_ARGS, chromiumPath, testTempDir } from './browsers';
import { documentHandle, type PanelHandle } from './panel-handle';
import { PROTOCOL_TIMEOUT_MS, until, WAIT_MS } from './wait';

export const PANEL_TITLE = 'uni Transfers';

export interface ChromiumSession {
  browser: Browser;
  extensionId: string;
  newPage(url?: string): Promise<Page>;
  openPanel(page: Page): Promise<PanelHandle & { devtools: Page; frame: Frame }>;
  /** Stops the extension's service worker and lets the next one start (it waits for a debugger otherwise). */
  stopServiceWorker(): Promise<void>;
  /** chrome.runtime.reload(), as a developer reloading the unpacked extension; resolves when it runs again. */
  reloadExtension(): Promise<void>;
  close(): Promise<void>;
}

export interface ChromiumOptions {
  extensionDir?: string;
  /** false: no extension at all (differential runs and benchmarks). */
  withExtension?: boolean;
  headless?: boolean;
  args?: string[];
  /** Extra environment for the browser process (e.g. LANGUAGE, which sets Chromium's UI language on Linux). */
  env?: Record<string, string>;
}

// Source text, not a function: vitest rewrites import() inside test code, and this runs in the DevTools page.
// The panel's tab id is the extension origin followed by the title without its spaces.
function findPanelIdSource(title: string): string {
  return `(async () => {
    try {
      const UI = await import('./ui/legacy/legacy.js');
      const ids = UI.InspectorView.InspectorView.instance().tabbedPane.tabIds();
      return ids.find((id) => id.startsWith('chrome-extension://') && id.endsWith(${JSON.stringify(title.replace(/\s+/g, ''))})) ?? null;
    } catch {
      return null; // "Unable to create settings" for a moment right after opening
    }
  })()`;
}

const isExtensionWorker = (target: Target) =>
  target.type() === 'service_worker' && target.url().startsWith('chrome-extension://');

export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumSession> {
  testTempDir();
  // UNI_TRANSFER_EXTENSION_DIR: run a test against another build (e.g. an older commit's, to see an attack succeed).
  const extensionDir = path.resolve(options.extensionDir ?? process.env.UNI_TRANSFER_EXTENSION_DIR ?? 'dist/chrome');
  const withExtension = options.withExtension ?? true;
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    pipe: true,
    enableExtensions: withExtension ? [extensionDir] : false,
    handleDevToolsAsPage: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    defaultViewport: { width: 1280, height: 800 },
    // Above WAIT_MS: a waitForFunction is one long protocol call, and its own timeout should be the one to end it.
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
  });
  let extensionId = '';
  if (withExtension) {
    const worker = await browser.waitForTarget(isExtensionWorker, { timeout: WAIT_MS });
    extensionId = new URL(worker.url()).host;
  }

  async function openPanel(page: Page) {
    const devtools = await page.openDevTools();
    const panelId = await until(
      () => devtools.evaluate(findPanelIdSource(PANEL_TITLE)).catch(() => null) as Promise<string | null>,
      'the extension panel to register in DevTools',
    );
    await devtools.evaluate(
      (id: string) =>
        (globalThis as unknown as { DevToolsAPI: { showPanel(id: string): void } }).DevToolsAPI.showPanel(id),
      panelId,
    );
    const panelUrl = `chrome-extension://${extensionId}/panel/index.html`;
    const frame = await until(() => devtools.frames().find((f) => f.url().startsWith(panelUrl)), 'the panel frame');
    await frame.waitForSelector('[data-testid="panel"]', { timeout: WAIT_MS });
    return { devtools, frame, ...documentHandle(frame, () => devtools.close()) };
  }

  async function stopServiceWorker(): Promise<void> {
    const helper = await browser.newPage();
    try {
      await helper.goto(`chrome-extension://${extensionId}/extension/devtools.html`);
      const cdp = await helper.createCDPSession();
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    } finally {
      await helper.close();
    }
    // Chromium reuses the target id; the restarted worker waits in "starting" until a debugger releases it.
    const worker = await browser.waitForTarget(isExtensionWorker, { timeout: WAIT_MS });
    const session = await worker.createCDPSession().catch(() => null);
    await session?.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
  }

  async function reloadExtension(): Promise<void> {
    // From an extension page: evaluating in the worker target finds no `chrome` there under puppeteer.
    const helper = await browser.newPage();
    await helper.goto(`chrome-extension://${extensionId}/extension/devtools.html`);
    const unloaded = new Promise<void>((resolve) => helper.once('close', () => resolve()));
    await helper.evaluate(() => {
      setTimeout(
        () => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(),
        0,
      );
    });
    // Reloading closes the extension's own pages: that is the sign it happened.
    await Promise.race([
      unloaded,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the extension did not reload')), WAIT_MS)),
    ]);
  }

  return {
    browser,
    extensionId,
    reloadExtension,
    async newPage(url?: string) {
      const page = await browser.newPage();
      if (url) await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    openPanel,
    stopServiceWorker,
    close: () => browser.close(),
  };
}
