// Smoke in Firefox: the default production build (no global uni: XHR-level capture only), the REAL toolbox
// with our panel, showing the onLaunch upload and the page download with the right kind, URL and status.

import { describe, expect, it } from 'vitest';
import { PANEL_TITLE } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { waitForFinalRows } from './harness/panel-handle';
import { useFirefox } from './harness/setup';
import { WAIT_MS } from './harness/wait';

const setup = useFirefox({ runtimes: ['vue3-prod'] });

describe('Firefox, vue3-prod', () => {
  it('shows the onLaunch upload and the page download in the real DevTools panel', async () => {
    const page = await setup.firefox.newPage(setup.env.appUrl('vue3-prod', 'launch'));
    await waitForFixtureDone(page, WAIT_MS);
    const panel = await setup.firefox.openDevToolsPanel(page, PANEL_TITLE);
    await panel.waitFor(
      () => document.querySelector('[data-testid="panel"]')?.getAttribute('data-connected') === 'true',
      {
        timeoutMs: WAIT_MS,
      },
    );
    const rows = await waitForFinalRows(panel, 2);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.kind === 'upload')).toMatchObject({
      status: 'success',
      statusCode: '200',
      url: `${setup.env.server.origin}/upload?tag=launch`,
    });
    expect(rows.find((row) => row.kind === 'download')).toMatchObject({
      status: 'success',
      statusCode: '200',
      url: `${setup.env.server.origin}/download?bytes=65536`,
      bytes: '65536',
    });
    await panel.close();
  });
});
