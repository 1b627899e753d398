// Everything the panel shows comes from the inspected page. The app here puts markup and script into the URL, the
// request header, the form field names and values, the file field name and file name, the response body and
// headers, and downloads HTML and an SVG with script. The panel must show all of it as text (images only through
// <img>), run none of it, and stay usable: every row and every details tab is visited, then the filter is used.

import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { launchChromium, PANEL_TITLE } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { type PanelHandle, setInputValue, showDetailsTab, waitForFinalRows } from './harness/panel-handle';
import { launchExtensionFirefox, useFixtureEnv } from './harness/setup';

const setup = useFixtureEnv({ runtimes: ['vue3-notree'] });

/** Markup that records where it ran, if it ever runs: in the panel, its parent, or the page. */
const hostile = (where: string) =>
  `"'><img src=x onerror="(window.__pwned=window.__pwned||[]).push('${where}')">` +
  `<script>(window.__pwned=window.__pwned||[]).push('${where}-script')</script>` +
  `<svg onload="(window.__pwned=window.__pwned||[]).push('${where}-svg')"></svg>` +
  `<a href="javascript:(window.__pwned=window.__pwned||[]).push('${where}-href')">x</a>`;

async function hostileTransfers(page: Page): Promise<void> {
  await waitForFixtureDone(page);
  await page.evaluate(
    async (api: string, marks: Record<string, string>) => {
      type Api = (options: Record<string, unknown>) => unknown;
      const fixture = (window as unknown as { __fixtureApi: { uploadFile: Api; downloadFile: Api } }).__fixtureApi;
      const file = new File([marks.svg as string], `${marks.filename}.svg`, { type: 'image/svg+xml' });
      const done = (options: Record<string, unknown>, api: Api) =>
        new Promise((resolve) => api({ ...options, complete: resolve }));
      await done(
        {
          url: `${api}/upload?tag=${encodeURIComponent(marks.url as string)}`,
          filePath: URL.createObjectURL(file),
          name: marks.field,
          header: { 'X-Hostile': marks.header },
          formData: { [marks.formName as string]: marks.formValue },
        },
        fixture.uploadFile,
      );
      const echo = (type: string, body: string) =>
        `${api}/echo?type=${encodeURIComponent(type)}&body=${encodeURIComponent(body)}&header=${encodeURIComponent(marks.responseHeader as string)}`;
      await done(
        { url: echo('text/html', marks.html as string), filePath: URL.createObjectURL(file) },
        fixture.uploadFile,
      );
      await done({ url: echo('text/html', marks.html as string) }, fixture.downloadFile);
      await done({ url: echo('image/svg+xml', marks.svg as string) }, fixture.downloadFile);
      await done(
        { url: echo('application/json', JSON.stringify({ [marks.html as string]: marks.html })) },
        fixture.downloadFile,
      );
    },
    setup.env.server.origin,
    {
      url: hostile('url'),
      field: hostile('field'),
      header: hostile('header').replace(/[^\x20-\x7e]/g, ''),
      formName: hostile('form-name'),
      formValue: hostile('form-value'),
      filename: hostile('filename'),
      responseHeader: hostile('response-header'),
      html: `<html><body>${hostile('html-body')}</body></html>`,
      svg: `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" onload="(window.__pwned=window.__pwned||[]).push('svg-body')"><script>(window.__pwned=window.__pwned||[]).push('svg-script')</script><rect width="8" height="8"/></svg>`,
    },
  );
}

/** Visits every row and every details tab, waiting for each tab's page data (bodies) to settle. */
async function visitEverything(panel: PanelHandle): Promise<void> {
  const rows = await panel.evaluate<string[]>(() =>
    [...document.querySelectorAll('[data-testid="task-row"]')].map(
      (row) => `[data-task-id="${CSS.escape(row.getAttribute('data-task-id') ?? '')}"]`,
    ),
  );
  const tabs = ['overview', 'request', 'response', 'progress', 'events', 'initiator'];
  for (const row of rows) {
    for (const tab of tabs) {
      await showDetailsTab(panel, tab, row);
      await panel.waitFor(() => !document.querySelector('[data-testid="details-body-state"][data-state="loading"]'));
      // Expand every collapsed JSON node so nested values render too.
      await panel.evaluate(() => {
        for (const node of document.querySelectorAll('details:not([open])')) node.setAttribute('open', '');
      });
    }
  }
}

/** Nothing ran and nothing executable was created in the panel document. */
const inspectPanel = () => ({
  pwned: (window as unknown as { __pwned?: string[] }).__pwned ?? [],
  parentPwned: (() => {
    try {
      return (window.parent as unknown as { __pwned?: string[] }).__pwned ?? [];
    } catch {
      return []; // cross-origin parent (the DevTools frontend): our markup could not reach it either
    }
  })(),
  inlineScripts: document.querySelectorAll('script:not([src])').length,
  handlers: [...document.querySelectorAll('*')].filter((el) =>
    [...el.attributes].some((attr) => attr.name.startsWith('on') || /^\s*javascript:/i.test(attr.value)),
  ).length,
  strayImages: [...document.querySelectorAll('img')].filter((img) => !img.src.startsWith('data:image/')).length,
  frames: [...document.querySelectorAll('iframe')].filter((frame) => !frame.hasAttribute('sandbox')).length,
  rows: document.querySelectorAll('[data-testid="task-row"]').length,
});

async function checkNothingRan(panel: PanelHandle): Promise<void> {
  await waitForFinalRows(panel, 7);
  await visitEverything(panel);
  const seen = await panel.evaluate<ReturnType<typeof inspectPanel>>(inspectPanel);
  expect(seen).toMatchObject({ pwned: [], parentPwned: [], inlineScripts: 0, handlers: 0, strayImages: 0, frames: 0 });
  // The markup is there, as text: the first upload's call, with its form field, file field and header.
  await showDetailsTab(panel, 'overview', '[data-testid="task-row"][data-url*="/upload?tag=%22"]');
  const call = await panel.evaluate<string>(
    () => document.querySelector('[data-testid="details-call-text"]')?.textContent ?? '',
  );
  expect(call).toContain('<img src=x onerror="(window.__pwned=window.__pwned||[]).push(');
  expect(call).toContain('form-value');
  // Still usable: the filter narrows the list and clearing it brings every row back.
  await setInputValue(panel, '[data-testid="filter"]', '/echo');
  await panel.waitFor(() => document.querySelector('[data-testid="task-count"]')?.getAttribute('data-count') === '4');
  await setInputValue(panel, '[data-testid="filter"]', '');
  await panel.waitFor(() => document.querySelectorAll('[data-testid="task-row"]').length >= 7);
}

describe('untrusted page data in the real DevTools panel', () => {
  it('Chromium: shows markup as text and runs nothing', async () => {
    const chromium = await launchChromium();
    try {
      const page = await chromium.newPage(setup.env.appUrl('vue3-notree', 'launch'));
      const panel = await chromium.openPanel(page);
      await hostileTransfers(page);
      await checkNothingRan(panel);
      expect(await panel.devtools.evaluate('window.__pwned ?? []')).toEqual([]);
    } finally {
      await chromium.close();
    }
  });

  it('Firefox: shows markup as text and runs nothing', async () => {
    const firefox = await launchExtensionFirefox();
    try {
      const page = await firefox.newPage(setup.env.appUrl('vue3-notree', 'launch'));
      const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
      await hostileTransfers(page);
      await checkNothingRan(panel);
      await panel.close();
    } finally {
      await firefox.close();
    }
  });
});
