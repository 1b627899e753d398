// Navigation scenarios shared by the Chromium and Firefox tests (tests/e2e/navigation-*.test.ts): nothing the agent
// recorded before its page went away may be missing from the panel. Pages use the default production build's own
// uni functions (window.__fixtureApi), on a scenario that starts no task of its own.

import type { Page } from 'puppeteer';
import { expect } from 'vitest';
import type { PanelHandle } from './panel-handle';
import { setInputValue } from './panel-handle';
import { WAIT_MS } from './wait';

export const IDLE_SCENARIO = 'idle-for-navigation-tests'; // unknown to the fixture: it starts nothing

type Fixture = { downloadFile(options: Record<string, unknown>): unknown };

/** Waits until the fixture's uni functions are there (the app has booted). */
export async function waitForApi(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: Fixture }).__fixtureApi), {
    timeout: WAIT_MS,
  });
}

/** The panel's count of tasks matching `filter` (the grid is virtualized: counts, not rows). */
export async function countMatching(panel: PanelHandle, filter: string): Promise<number> {
  await setInputValue(panel, '[data-testid="filter"]', filter);
  return panel.evaluate<number>(() =>
    Number(document.querySelector('[data-testid="task-count"]')?.getAttribute('data-count')),
  );
}

export async function waitForCount(panel: PanelHandle, filter: string, count: number): Promise<void> {
  await setInputValue(panel, '[data-testid="filter"]', filter);
  await panel.waitFor(
    (n: number) => Number(document.querySelector('[data-testid="task-count"]')?.getAttribute('data-count')) === n,
    { timeoutMs: WAIT_MS, args: [count] },
  );
}

export async function preserveLog(panel: PanelHandle): Promise<void> {
  await panel.waitFor(() => document.querySelector('[data-testid="panel"]')?.getAttribute('data-connected') === 'true');
  await panel.evaluate(() => document.querySelector<HTMLInputElement>('[data-testid="preserve-log"]')?.click());
}

/**
 * A download whose success callback reloads the page, `times` times in a row; each must be listed as success,
 * none left running (before the pagehide flush, its last events died with the page).
 */
export async function reloadFromSuccess(page: Page, panel: PanelHandle, origin: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await waitForApi(page);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.evaluate(
        (url: string) =>
          (window as unknown as { __fixtureApi: Fixture }).__fixtureApi.downloadFile({
            url,
            success: () => location.reload(),
          }),
        `${origin}/download?bytes=8000&tag=reload-chain&i=${i}`,
      ),
    ]);
  }
  await waitForCount(panel, 'reload-chain status:success', times);
  expect(await countMatching(panel, 'reload-chain -status:success')).toBe(0);
}

/** A download still running when the page reloads is listed as aborted by the unload. */
export async function reloadWhileRunning(page: Page, panel: PanelHandle, origin: string): Promise<void> {
  await waitForApi(page);
  await page.evaluate((url: string) => {
    // Promise mode: not awaited here, or evaluate would wait for the whole download.
    void (window as unknown as { __fixtureApi: Fixture }).__fixtureApi.downloadFile({ url });
  }, `${origin}/download?bytes=2000000&rate=100000&tag=cut-by-reload`);
  await waitForCount(panel, 'cut-by-reload status:running', 1);
  await page.reload({ waitUntil: 'load' });
  await waitForCount(panel, 'cut-by-reload status:abort', 1);
  const row = await panel.evaluate<Record<string, string>>(() => ({
    ...document.querySelector<HTMLElement>('[data-testid="task-row"][data-url*="cut-by-reload"]')?.dataset,
  }));
  expect(row).toMatchObject({
    status: 'abort',
    abortedBy: 'unload',
    errMsg: 'downloadFile:fail abort',
    diagnosis: 'aborted-by-unload',
  });
}

/** Once the app has booted, notes whether the page's next pageshow is a return from the back/forward cache. */
export async function watchRestore(page: Page): Promise<void> {
  await waitForApi(page);
  await page.evaluate(() => {
    window.addEventListener('pageshow', (event) => {
      (window as unknown as { __restored?: boolean }).__restored = event.persisted;
    });
  });
}

/** Whether the page came back from the back/forward cache (after watchRestore). */
export const wasRestored = (page: Page) =>
  page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored === true);

/**
 * A page that finished a download is left for another page, then restored from the back/forward cache: its agent
 * reconnects, the earlier task is still success, and a new task is listed and finishes. Returns whether the
 * page really came back from the cache (`pageshow` with `persisted`).
 */
export async function navigateAwayAndBack(
  page: Page,
  panel: PanelHandle,
  origin: string,
  otherUrl: string,
): Promise<boolean> {
  await watchRestore(page);
  // store=1: a no-store answer would make the page ineligible for the cache (Chromium's
  // JsNetworkRequestReceivedCacheControlNoStoreResource).
  await page.evaluate(
    (url: string) => (window as unknown as { __fixtureApi: Fixture }).__fixtureApi.downloadFile({ url }),
    `${origin}/download?bytes=8000&store=1&tag=before-away`,
  );
  await waitForCount(panel, 'before-away status:success', 1);
  await page.goto(otherUrl, { waitUntil: 'load' });
  await page.goBack();
  await waitForApi(page);
  const restored = await wasRestored(page);
  await page.evaluate((url: string) => {
    void (window as unknown as { __fixtureApi: Fixture }).__fixtureApi.downloadFile({ url });
  }, `${origin}/download?bytes=8000&store=1&tag=after-back`);
  await waitForCount(panel, 'after-back status:success', 1);
  await waitForCount(panel, 'before-away status:success', 1);
  expect(await countMatching(panel, 'status:running')).toBe(0);
  return restored;
}

/** The row's status and back/forward cache mark (data-suspended) of the one task whose URL holds `tag`. */
async function rowState(panel: PanelHandle, tag: string) {
  return panel.evaluate<{ status?: string; suspended?: string } | null>((wanted: string) => {
    const row = document.querySelector<HTMLElement>(`[data-testid="task-row"][data-url*="${wanted}"]`);
    return row ? { status: row.dataset.status, suspended: row.dataset.suspended } : null;
  }, tag);
}

/**
 * Issue 19: a page leaves with a download in flight and is kept in the back/forward cache. Its row says so
 * (`data-suspended="bfcache"`, the status still `running`), and the mark goes when the page comes back. Returns
 * whether the page really was restored from the cache.
 */
export async function suspendedInCache(
  page: Page,
  panel: PanelHandle,
  origin: string,
  otherUrl: string,
): Promise<boolean> {
  await watchRestore(page);
  const tag = 'in-flight-to-cache';
  // 2 MB at 40 kB/s: still running while the page is away and back (store=1: cacheable, see above).
  await page.evaluate((url: string) => {
    void (window as unknown as { __fixtureApi: Fixture }).__fixtureApi.downloadFile({ url });
  }, `${origin}/download?bytes=2000000&rate=40000&store=1&tag=${tag}`);
  await setInputValue(panel, '[data-testid="filter"]', tag);
  await panel.waitFor(
    (wanted: string) =>
      Number(document.querySelector(`[data-testid="task-row"][data-url*="${wanted}"]`)?.getAttribute('data-bytes')) > 0,
    { timeoutMs: WAIT_MS, args: [tag] },
  );
  await page.goto(otherUrl, { waitUntil: 'load' });
  await panel.waitFor(
    (wanted: string) =>
      document.querySelector(`[data-testid="task-row"][data-url*="${wanted}"]`)?.getAttribute('data-suspended') ===
      'bfcache',
    { timeoutMs: WAIT_MS, args: [tag] },
  );
  expect(await rowState(panel, tag)).toEqual({ status: 'running', suspended: 'bfcache' });
  await page.goBack();
  await waitForApi(page);
  const restored = await wasRestored(page);
  await panel.waitFor(
    (wanted: string) => {
      const row = document.querySelector(`[data-testid="task-row"][data-url*="${wanted}"]`);
      return row !== null && !row.hasAttribute('data-suspended');
    },
    { timeoutMs: WAIT_MS, args: [tag] },
  );
  return restored;
}
