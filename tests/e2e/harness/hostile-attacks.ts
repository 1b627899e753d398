// Attacks of a hostile page on the agent's channel and on the browser's message limit (issue 10, points 4 and 5),
// shared by tests/e2e/hostile-page-chromium.test.ts and hostile-page-firefox.test.ts. The pages are in
// hostile-pages.ts.

import type { Page } from 'puppeteer';
import { expect } from 'vitest';
import { waitForCount } from './navigation';
import { type PanelHandle, showDetailsTab } from './panel-handle';

const stolen = (page: Page) => page.evaluate(() => (window as unknown as { __stolen: string[] }).__stolen);

/** On spy.html: the page forges handshakes, then makes a task; it got nothing of ours, and the task is listed. */
export async function attackChannel(page: Page, panel: PanelHandle): Promise<void> {
  await page.evaluate(() => (window as unknown as { forge(): void }).forge());
  await page.evaluate(() =>
    (window as unknown as { uniDownload(u: string): Promise<number> }).uniDownload('/download?bytes=5000&tag=spied'),
  );
  await waitForCount(panel, 'tag=spied status:success', 1);
  expect(await stolen(page)).toEqual([]);
}

/** On plain.html: messages the browser could not carry; the page's later tasks must still reach the panel. */
export async function attackMessageLimit(page: Page, panel: PanelHandle): Promise<void> {
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
  // Waits for the answer, either way: a reply that timed out shows its error note (and would never turn into files).
  await panel.waitFor(() => {
    const section = document.querySelector('[data-testid="details-request-files"]');
    const state = section?.querySelector('[data-testid="details-body-state"]')?.getAttribute('data-state');
    return section && state !== 'loading';
  });
  expect(
    await panel.evaluate(() => {
      const section = document.querySelector('[data-testid="details-request-files"]');
      return section?.querySelector('[data-testid="details-body-state"]')?.textContent ?? section?.children.length;
    }),
  ).toBe(6);
  // Twenty downloads with 1 MB URLs (Firefox's limit is 1 MiB) in one go: one batch of events over the cap (each
  // URL is in two events), sent as smaller batches.
  await page.evaluate(() => {
    const pad = 'p'.repeat(1_000_000);
    const download = (window as unknown as { uniDownload(u: string): Promise<number> }).uniDownload;
    return Promise.all(
      Array.from({ length: 20 }, (_, i) => download(`/download?bytes=10&tag=long-url-${i}&pad=${pad}`)),
    );
  });
  await waitForCount(panel, 'tag=long-url- -status:running -status:pending', 20);
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
}
