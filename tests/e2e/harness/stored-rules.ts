// Network-condition rules written to the extension's storage.local from its service worker, as the panel writes
// them: every page's relay hands them to its agent (at document_start, and again on change).

import type { Browser, WebWorker } from 'puppeteer';

declare const chrome: { storage: { local: { set(items: object): Promise<void> } } };

/** The extension's service worker, once its background script has run. */
export async function extensionWorker(browser: Browser): Promise<WebWorker> {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  const worker = (await target.worker()) as WebWorker;
  while (!(await worker.evaluate(() => '__uniTransferBackground' in globalThis))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return worker;
}

export function storeRules(worker: WebWorker, rules: object[]): Promise<void> {
  return worker.evaluate((rules) => chrome.storage.local.set({ networkConditions: rules }), rules);
}

/** A stored rule as the panel writes it: on, every kind, every matching task. */
export const rule = (id: string, match: string, fields: Record<string, unknown>) => ({
  id,
  enabled: true,
  match,
  kind: 'any',
  times: null,
  ...fields,
});
