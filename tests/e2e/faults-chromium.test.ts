// Faults, in Chromium with the real DevTools panel: the service worker stopped in the middle of transfers,
// a reload with and without "preserve log", and the extension reloaded under a living page.
// (DevTools opened after the tasks finished is covered by smoke-setup.chromium.test.ts.)

import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { waitForFixtureDone } from './harness/fixture-page';
import { type PanelHandle, waitForFinalRows } from './harness/panel-handle';
import { useChromium } from './harness/setup';
import { WAIT_MS } from './harness/wait';

const RUNTIME = 'vue3-notree'; // a global uni, so the page can start more tasks from page.evaluate
const setup = useChromium({ runtimes: [RUNTIME] });

const fixtureDone = (page: Page) => waitForFixtureDone(page, WAIT_MS);

async function openPanelOnBlank(): Promise<{ page: Page; panel: PanelHandle }> {
  const page = await setup.chromium.newPage();
  const panel = await setup.chromium.openPanel(page);
  return { page, panel };
}

/** Two uploads and two downloads through the page's global uni, held by the server under `key` (server.ts `hold`). */
function startHeldTransfers(page: Page, api: string, key: string): Promise<void> {
  return page.evaluate(
    (api: string, key: string) => {
      type Transfer = (options: Record<string, unknown>) => void;
      const win = window as unknown as { uni: { uploadFile: Transfer; downloadFile: Transfer }; __held?: string[] };
      win.__held ??= [];
      const held = win.__held;
      const done = {
        success: () => held.push(`${key}: ok`),
        fail: (r: { errMsg: string }) => held.push(`${key}: ${r.errMsg}`),
      };
      for (const i of [0, 1]) {
        win.uni.uploadFile({
          url: `${api}/upload?hold=${key}&tag=${key}-${i}`,
          filePath: URL.createObjectURL(new Blob([new Uint8Array(100_000).fill(i)])),
          name: 'file',
          ...done,
        });
        win.uni.downloadFile({ url: `${api}/download?bytes=200000&hold=${key}&tag=${key}-${i}`, ...done });
      }
    },
    api,
    key,
  );
}

function waitForRunning(panel: PanelHandle, urlPart: string, count: number): Promise<void> {
  return panel.waitFor(
    (part: string, min: number) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].filter(
        (row) => row.dataset.url?.includes(part) && row.dataset.status === 'running',
      ).length >= min,
    { args: [urlPart, count] },
  );
}

describe('Chromium faults', () => {
  it('loses no task and no final state when the service worker stops mid-transfer', async () => {
    const { page, panel } = await openPanelOnBlank();
    await page.goto(setup.env.appUrl(RUNTIME, 'concurrent'));
    await fixtureDone(page);
    await waitForFinalRows(panel, 6);
    // Mid-transfer by the server's word, not by timing: each held request stays in flight (a download at half its
    // body, an upload sent and not answered) until the worker has stopped and started again.
    await startHeldTransfers(page, setup.env.server.origin, 'sw-stop-before');
    await waitForRunning(panel, 'sw-stop-before', 4);
    await setup.chromium.stopServiceWorker();
    await startHeldTransfers(page, setup.env.server.origin, 'sw-stop-after');
    setup.env.server.release('sw-stop-before');
    setup.env.server.release('sw-stop-after');
    const rows = await waitForFinalRows(panel, 14);
    expect(rows).toHaveLength(14);
    expect(rows.filter((row) => row.kind === 'upload')).toHaveLength(7);
    expect(rows.every((row) => row.status === 'success' && row.statusCode === '200')).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __held: string[] }).__held.sort())).toEqual(
      [...Array(8)].map((_, i) => `${i < 4 ? 'sw-stop-after' : 'sw-stop-before'}: ok`).sort(),
    );
    await panel.close();
    await page.close();
  });

  it('starts a new list on reload, and keeps the old one with "preserve log"', async () => {
    const { page, panel } = await openPanelOnBlank();
    await page.goto(setup.env.appUrl(RUNTIME, 'launch'));
    await fixtureDone(page);
    const first = await waitForFinalRows(panel, 2);
    expect(first).toHaveLength(2);

    await page.reload();
    await fixtureDone(page);
    await panel.waitFor(
      (oldIds: string[]) => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')];
        return (
          rows.length === 2 &&
          rows.every((r) => !oldIds.includes(r.dataset.taskId ?? '') && r.dataset.status === 'success')
        );
      },
      { args: [first.map((row) => row.taskId)] },
    );

    await panel.evaluate(() => document.querySelector<HTMLInputElement>('[data-testid="preserve-log"]')?.click());
    await page.reload();
    await fixtureDone(page);
    const preserved = await waitForFinalRows(panel, 4);
    expect(preserved).toHaveLength(4);
    // A task of the earlier page cannot be replayed: the new page's agent would take its id for one of its own.
    const replayable = await panel.evaluate<boolean[]>(async () => {
      const states: boolean[] = [];
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')) {
        row.click();
        // Wait until the details show this row (polled with timers: no rAF in a background DevTools window).
        while (
          document.querySelector<HTMLElement>('[data-testid="task-details"]')?.dataset.taskId !== row.dataset.taskId
        ) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        states.push(!(document.querySelector('[data-testid="replay-task"]') as HTMLButtonElement).disabled);
      }
      return states;
    });
    expect(replayable).toEqual([false, false, true, true]);
    await panel.close();
    await page.close();
  });

  // Under puppeteer the reloaded extension's new worker waits for a debugger that never releases it (its target
  // id is reused), so this test checks the page, not the reloaded extension.
  it('leaves no error in the page when the extension is reloaded, and the page keeps working', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(RUNTIME, 'launch'));
    await fixtureDone(page);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn')
        problems.push(`${message.type()}: ${message.text()}`);
    });

    await setup.chromium.reloadExtension();

    const result = await page.evaluate(async (url: string) => {
      const uni = (window as unknown as { uni: { downloadFile(o: { url: string }): Promise<{ statusCode: number }> } })
        .uni;
      const res = await uni.downloadFile({ url });
      return res.statusCode;
    }, `${setup.env.server.origin}/download?bytes=4096`);
    expect(result).toBe(200);
    expect(problems).toEqual([]);

    await page.close();
  });
});
