// A hostile page must not harm the developer (issue 10, points 4–6 and 8), in Chromium with the real DevTools:
// - 4: a page that replaces every global the channel could use, before and after the agent starts, and forges
//   handshakes, gets nothing of ours and cannot speak on the channel;
// - 5: nothing the page does makes a message over the browser's limit (five 15 MB files in one body reply, a
//   batch of tasks with 1.2 MB URLs, a 40 MB request header), and its later tasks still reach the panel;
// - 6: a prerendered page does not connect (no reconnect storm) until it is shown, and then it does;
// - 8: a panel port is bound to the first tab it names, and only to a tab that exists.

import type { Page, WebWorker } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTransferServer, type TransferServer } from '../server/server';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { writeHostilePages } from './harness/hostile-pages';
import { waitForCount } from './harness/navigation';
import { showDetailsTab } from './harness/panel-handle';

// The extension APIs as the functions evaluated in the worker and in an extension page see them.
interface ChromePort {
  postMessage(message: unknown): void;
}
declare const chrome: {
  tabs: { query(query: object): Promise<{ id?: number }[]>; create(props: { url: string }): Promise<unknown> };
  runtime: { connect(options: { name: string }): ChromePort };
};

let server: TransferServer;
let chromium: ChromiumSession;

beforeAll(async () => {
  server = await startTransferServer({ static: { '/hostile/': writeHostilePages() } });
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/** Polls `probe` until it gives a value (the test's own timeout bounds it). */
async function until<T>(probe: () => T | null | undefined | false | Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function backgroundWorker(session = chromium): Promise<WebWorker> {
  const target = await session.browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  const worker = (await target.worker()) as WebWorker;
  await until(() => worker.evaluate(() => '__uniTransferBackground' in globalThis));
  return worker;
}

const stolen = (page: Page) => page.evaluate(() => (window as unknown as { __stolen: string[] }).__stolen);
const url = (name: string) => `${server.origin}/hostile/${name}`;

describe('a hostile page, in Chromium', () => {
  it('cannot take, read or speak on the agent channel', async () => {
    const page = await chromium.newPage(url('spy.html'));
    const panel = await chromium.openPanel(page);
    await page.evaluate(() => (window as unknown as { forge(): void }).forge());
    await page.evaluate(() =>
      (window as unknown as { uniDownload(u: string): Promise<number> }).uniDownload('/download?bytes=5000&tag=spied'),
    );
    await waitForCount(panel, 'tag=spied status:success', 1);
    expect(await stolen(page)).toEqual([]);
    await panel.close();
    await page.close();
  });

  it('cannot kill the relay with messages over the browser limit', async () => {
    const page = await chromium.newPage(url('plain.html'));
    const panel = await chromium.openPanel(page);
    // Five 15 MB files in one upload; then its Request tab asks the page for all of them in one reply.
    const status = await page.evaluate(() => {
      const form = new FormData();
      for (let i = 0; i < 5; i++) form.append(`photo${i}`, new File([new Uint8Array(15 * 2 ** 20)], `p${i}.jpg`));
      return (window as unknown as { uniUpload(u: string, f: FormData): Promise<number> }).uniUpload(
        '/upload?tag=photos',
        form,
      );
    });
    expect(status).toBe(200);
    await waitForCount(panel, 'tag=photos status:success', 1);
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="task-row"]')?.click());
    await panel.waitFor(() => document.querySelector('[data-testid="details-tab-request"]'));
    await showDetailsTab(panel, 'request');
    // The reply came (not a timeout): five files listed, the first with its bytes, the rest by size and type.
    await panel.waitFor(
      () => {
        const section = document.querySelector('[data-testid="details-request-files"]');
        return section && !section.querySelector('[data-testid="details-body-state"]') && section.children.length === 6;
      },
      { timeoutMs: 60_000 },
    );
    // Sixteen downloads with 1.2 MB URLs in one go: one batch of events over the cap, sent as smaller batches.
    await page.evaluate(() => {
      const pad = 'p'.repeat(1_200_000);
      const download = (window as unknown as { uniDownload(u: string): Promise<number> }).uniDownload;
      return Promise.all(
        Array.from({ length: 16 }, (_, i) => download(`/download?bytes=10&tag=long-url-${i}&pad=${pad}`)),
      );
    });
    await waitForCount(panel, 'tag=long-url- -status:running -status:pending', 16);
    // A 40 MB request header: the agent records at most 16 kB of it.
    await page.evaluate(() =>
      (window as unknown as { uniUpload(u: string, f: FormData, h: object): Promise<number> }).uniUpload(
        '/upload?tag=huge-header',
        new FormData(),
        { 'x-pad': 'a'.repeat(40 * 2 ** 20) },
      ),
    );
    await page.evaluate(() =>
      (window as unknown as { uniDownload(u: string): Promise<number> }).uniDownload('/download?bytes=5000&tag=after'),
    );
    await waitForCount(panel, 'tag=after status:success', 1);
    expect(
      await panel.evaluate(() => document.querySelector('[data-testid="panel"]')?.getAttribute('data-connected')),
    ).toBe('true');
    await panel.close();
    await page.close();
  });

  it('does not connect a prerendered page until it is shown, and then does', async () => {
    // The tab is opened by the extension, not by puppeteer's newPage(), whose pages have prerendering disabled
    // (PrerenderingDisabledByDevTools).
    const worker = await backgroundWorker();
    await worker.evaluate((page: string) => chrome.tabs.create({ url: page }), url('prerender.html'));
    const next = url('next.html');
    const requested = (tag: string) => server.requests().some((request) => request.url.includes(tag));
    await until(() => requested('after-activation'));
    // The prerendered document ran a one-second transfer before it was shown; its relay connected only once
    // shown (before: about 9,600 connections in that second), and the background accepted it.
    const counts = await until(async () => {
      const all = await worker.evaluate(() =>
        (
          globalThis as never as { __uniTransferBackground: { relayConnects(): object } }
        ).__uniTransferBackground.relayConnects(),
      );
      const own = (all as Record<string, { connects: number; accepted: number }>)[next];
      return own?.accepted ? own : null;
    });
    expect(counts).toEqual({ connects: 1, accepted: 1 });
  });

  it('binds a panel port to the first tab it names, and only to a tab that exists', async () => {
    const page = await chromium.newPage(url('plain.html'));
    const worker = await backgroundWorker();
    const helper = await chromium.newPage(`chrome-extension://${chromium.extensionId}/panel/index.html`);
    type Background = { panels: Map<number, unknown>; rejectedCount(): number };
    const background = () => (globalThis as never as { __uniTransferBackground: Background }).__uniTransferBackground;
    const tabIds = await worker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.id as number));
    const rejectedBefore = await worker.evaluate(`(${background})().rejectedCount()`);
    await helper.evaluate((first: number) => {
      const stray = chrome.runtime.connect({ name: 'panel' });
      stray.postMessage({ type: 'panel-hello', v: 1, tabId: 987654321 }); // no such tab
      const port = chrome.runtime.connect({ name: 'panel' });
      port.postMessage({ type: 'panel-hello', v: 1, tabId: first });
      (window as unknown as { __port: ChromePort }).__port = port;
    }, tabIds[0] as number);
    await until(() => worker.evaluate(`(${background})().panels.has(${tabIds[0]})`));
    // Another tab, one no panel follows.
    const second = await worker.evaluate(
      `${JSON.stringify(tabIds)}.find((id) => id !== ${tabIds[0]} && !(${background})().panels.has(id))`,
    );
    await helper.evaluate((second: number) => {
      (window as unknown as { __port: ChromePort }).__port.postMessage({
        type: 'panel-hello',
        v: 1,
        tabId: second, // later, another tab: refused
      });
    }, second as number);
    await until(() => worker.evaluate(`(${background})().rejectedCount() >= ${Number(rejectedBefore) + 2}`));
    expect(await worker.evaluate(`(${background})().panels.has(987654321)`)).toBe(false);
    expect(await worker.evaluate(`(${background})().panels.has(${second})`)).toBe(false);
    await helper.close();
    await page.close();
  });
});
