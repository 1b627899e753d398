// The details of an upload and a download in the REAL DevTools panel of Chromium and Firefox: the call as the app
// wrote it, body parts and an image preview of the uploaded file (fetched from the page), the JSON response, an
// image preview and Save for the downloaded file, the progress chart, the lifecycle log and the initiator stack.

import path from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../scripts/manifest';
import { type FixtureEnv, startFixtureEnv } from '../fixtures/index';
import { launchChromium, PANEL_TITLE } from './harness/chromium';
import { launchFirefox } from './harness/firefox';
import { waitForFixtureDone } from './harness/fixture-page';
import { type PanelHandle, waitForFinalRows } from './harness/panel-handle';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="red"/></svg>';
let env: FixtureEnv;

beforeAll(async () => {
  env = await startFixtureEnv({ runtimes: ['vue3-notree'] });
});
afterAll(async () => {
  await env?.close();
});

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
    env.server.origin,
    SVG,
  );
}

async function showTab(panel: PanelHandle, rowSelector: string, tab: string): Promise<void> {
  await panel.evaluate(
    (row: string, id: string) => {
      document.querySelector<HTMLElement>(row)?.click();
      document.querySelector<HTMLElement>(`[data-testid="details-tab-${id}"]`)?.click();
    },
    rowSelector,
    tab,
  );
  await panel.waitFor(
    (id: string) =>
      document.querySelector(`[data-testid="details-tab-${id}"]`)?.getAttribute('aria-selected') === 'true',
    { args: [tab] },
  );
}

const text = (panel: PanelHandle, selector: string) =>
  panel.evaluate<string>((s: string) => document.querySelector(s)?.textContent ?? '', selector);

async function checkDetails(panel: PanelHandle): Promise<void> {
  await waitForFinalRows(panel, 4);
  const upload = '[data-testid="task-row"][data-url$="tag=details"]';
  const download = '[data-testid="task-row"][data-url*="/echo?"]';

  await showTab(panel, upload, 'overview');
  const call = await text(panel, '[data-testid="details-call-text"]');
  expect(call).toContain('uni.uploadFile({');
  expect(call).toContain("name: 'avatar'");
  expect(call).toContain("user: 'li-lei'");

  await showTab(panel, upload, 'request');
  expect(await text(panel, '[data-testid="details-body-parts"]')).toContain('li-lei');
  await panel.waitFor(() => document.querySelector('[data-testid="details-request-files"] img') !== null);
  expect(
    await panel.evaluate<string>(
      () =>
        document.querySelector<HTMLImageElement>('[data-testid="details-request-files"] img')?.src.slice(0, 19) ?? '',
    ),
  ).toBe('data:image/svg+xml;');

  await showTab(panel, upload, 'response');
  await panel.waitFor(() => document.querySelector('[data-testid="details-json-tree"]') !== null);
  expect(await text(panel, '[data-testid="details-response-text"]')).toContain('fields');

  await showTab(panel, upload, 'progress');
  await panel.waitFor(() => document.querySelector('[data-testid="details-progress-chart"]') !== null);

  await showTab(panel, upload, 'events');
  const events = await panel.evaluate<string[]>(() =>
    [...document.querySelectorAll('[data-testid="details-event-log"] [data-event]')].map(
      (row) => row.getAttribute('data-event') ?? '',
    ),
  );
  expect(events[0]).toBe('created');
  expect(events).toEqual(expect.arrayContaining(['open', 'send', 'headers', 'callback', 'end']));

  await showTab(panel, upload, 'initiator');
  await panel.waitFor(() => document.querySelectorAll('[data-testid="details-stack-frame"]').length > 0);

  await showTab(panel, download, 'response');
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
      const page = await chromium.newPage(env.appUrl('vue3-notree', 'launch'));
      const panel = await chromium.openPanel(page);
      await transfer(page);
      await checkDetails(panel);
    } finally {
      await chromium.close();
    }
  });

  it('Firefox', async () => {
    const firefox = await launchFirefox({ extensionDir: path.resolve('dist/firefox'), geckoId: GECKO_ID });
    try {
      const page = await firefox.newPage(env.appUrl('vue3-notree', 'launch'));
      const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
      await transfer(page);
      await checkDetails(panel);
      await panel.close();
    } finally {
      await firefox.close();
    }
  });
});
