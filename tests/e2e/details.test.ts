// The details of an upload and a download in the REAL DevTools panel of Chromium and Firefox: the call as the app
// wrote it, body parts and an image preview of the uploaded file (fetched from the page), the JSON response, an
// image preview and Save for the downloaded file, the progress chart, the lifecycle log and the initiator stack.

import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { launchChromium, PANEL_TITLE } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { type PanelHandle, showDetailsTab, waitForFinalRows } from './harness/panel-handle';
import { launchExtensionFirefox, useFixtureEnv } from './harness/setup';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="red"/></svg>';
const setup = useFixtureEnv({ runtimes: ['vue3-notree'] });

/** The app uploads an SVG image with a form field, and downloads one. */
async function transfer(page: Page): Promise<void> {
  await waitForFixtureDone(page);
  await page.evaluate(
    async (api: string, svg: string) => {
      type Api = (options: Record<string, unknown>) => unknown;
      const fixture = (window as unknown as { __fixtureApi: { uploadFile: Api; downloadFile: Api } }).__fixtureApi;
      const filePath = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      await new Promise((resolve) =>
        fixture.uploadFile({
          url: `${api}/upload?tag=details`,
          filePath,
          name: 'avatar',
          formData: { user: 'li-lei' },
          complete: resolve,
        }),
      );
      await fixture.downloadFile({ url: `${api}/echo?type=image/svg%2Bxml&body=${encodeURIComponent(svg)}` });
    },
    setup.env.server.origin,
    SVG,
  );
}

const text = (panel: PanelHandle, selector: string) =>
  panel.evaluate<string>((s: string) => document.querySelector(s)?.textContent ?? '', selector);

async function checkDetails(panel: PanelHandle): Promise<void> {
  await waitForFinalRows(panel, 4);
  const upload = '[data-testid="task-row"][data-url$="tag=details"]';
  const download = '[data-testid="task-row"][data-url*="/echo?"]';

  await showDetailsTab(panel, 'overview', upload);
  const call = await text(panel, '[data-testid="details-call-text"]');
  expect(call).toContain('uni.uploadFile({');
  expect(call).toContain("name: 'avatar'");
  expect(call).toContain("user: 'li-lei'");

  await showDetailsTab(panel, 'request', upload);
  expect(await text(panel, '[data-testid="details-body-parts"]')).toContain('li-lei');
  await panel.waitFor(() => document.querySelector('[data-testid="details-request-files"] img') !== null);
  expect(
    await panel.evaluate<string>(
      () =>
        document.querySelector<HTMLImageElement>('[data-testid="details-request-files"] img')?.src.slice(0, 19) ?? '',
    ),
  ).toBe('data:image/svg+xml;');

  await showDetailsTab(panel, 'response', upload);
  await panel.waitFor(() => document.querySelector('[data-testid="details-json-tree"]') !== null);
  expect(await text(panel, '[data-testid="details-response-text"]')).toContain('fields');

  await showDetailsTab(panel, 'progress', upload);
  await panel.waitFor(() => document.querySelector('[data-testid="details-progress-chart"]') !== null);

  await showDetailsTab(panel, 'events', upload);
  const events = await panel.evaluate<string[]>(() =>
    [...document.querySelectorAll('[data-testid="details-event-log"] [data-event]')].map(
      (row) => row.getAttribute('data-event') ?? '',
    ),
  );
  expect(events[0]).toBe('created');
  expect(events).toEqual(expect.arrayContaining(['open', 'send', 'headers', 'callback', 'end']));

  await showDetailsTab(panel, 'initiator', upload);
  await panel.waitFor(() => document.querySelectorAll('[data-testid="details-stack-frame"]').length > 0);

  await showDetailsTab(panel, 'response', download);
  await panel.waitFor(() => document.querySelector('[data-testid="details-download-body"] img') !== null);
  expect(await text(panel, '[data-testid="details-response-headers"]')).toContain('image/svg+xml');
  expect(await panel.evaluate<boolean>(() => document.querySelector('[data-testid="details-save"]') !== null)).toBe(
    true,
  );
}

describe('task details in the real DevTools panel', () => {
  it('Chromium', async () => {
    const chromium = await launchChromium();
    try {
      const page = await chromium.newPage(setup.env.appUrl('vue3-notree', 'launch'));
      const panel = await chromium.openPanel(page);
      await transfer(page);
      await checkDetails(panel);
    } finally {
      await chromium.close();
    }
  });

  it('Firefox', async () => {
    const firefox = await launchExtensionFirefox();
    try {
      const page = await firefox.newPage(setup.env.appUrl('vue3-notree', 'launch'));
      const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
      await transfer(page);
      await checkDetails(panel);
      await panel.close();
    } finally {
      await firefox.close();
    }
  });
});
