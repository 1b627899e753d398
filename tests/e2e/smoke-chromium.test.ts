// Smoke: in every fixture runtime, the REAL DevTools panel in Chromium lists the upload started in App.onLaunch
// and the page's download, with the right kind, URL and final status.

import { describe, expect, it } from 'vitest';
import { RUNTIMES, type Runtime } from '../fixtures/index';
import { waitForFixtureDone } from './harness/fixture-page';
import { showDetailsTab, waitForFinalRows } from './harness/panel-handle';
import { useChromium } from './harness/setup';
import { WAIT_MS } from './harness/wait';

const EXPECTED_STATUS: Record<Runtime, string> = {
  'vue3-dev': 'uni-app Vue 3, dev server: captured through the global uni and at the XHR level',
  'vue3-prod': 'uni-app Vue 3, production build: no global uni (tree-shaken), captured at the XHR level',
  'vue3-notree': 'uni-app Vue 3, production build: captured through the global uni and at the XHR level',
  vue2: 'uni-app Vue 2: captured through the global uni and at the XHR level',
};

const setup = useChromium({ runtimes: RUNTIMES });

describe.each(RUNTIMES)('Chromium, %s', (runtime) => {
  it('shows the onLaunch upload and the page download in the real DevTools panel', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'launch'));
    try {
      await waitForFixtureDone(page, WAIT_MS); // the dev server compiles on first load
      // DevTools opens after the tasks finished: the panel must still show them (snapshot on connect).
      const panel = await setup.chromium.openPanel(page);
      const rows = await waitForFinalRows(panel, 2);
      expect(rows).toHaveLength(2);
      const upload = rows.find((row) => row.kind === 'upload');
      const download = rows.find((row) => row.kind === 'download');
      expect(upload).toMatchObject({
        status: 'success',
        statusCode: '200',
        url: `${setup.env.server.origin}/upload?tag=launch`,
        origin: 'app',
      });
      expect(download).toMatchObject({
        status: 'success',
        statusCode: '200',
        url: `${setup.env.server.origin}/download?bytes=65536`,
        bytes: '65536',
      });
      // Where a global uni exists, both probes saw each task; in the tree-shaken build only the XHR probe.
      const probes = runtime === 'vue3-prod' ? 'xhr' : 'uni xhr';
      expect(rows.map((row) => row.probes)).toEqual([probes, probes]);
      const statusLine = await panel.evaluate<string>(
        () => document.querySelector('[data-testid="status-line"]')?.textContent ?? '',
      );
      expect(statusLine).toContain(EXPECTED_STATUS[runtime]);
      // The download's tempFilePath is the blob: URL uni handed the app, even where only XHR was seen.
      await showDetailsTab(panel, 'overview', '[data-testid="task-row"][data-kind="download"]');
      const details = await panel.evaluate<string>(
        () => document.querySelector('[data-testid="task-details"]')?.textContent ?? '',
      );
      expect(details).toMatch(/tempFilePath\s*blob:http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}/);
      await panel.close();
    } finally {
      await page.close();
    }
  });
});
