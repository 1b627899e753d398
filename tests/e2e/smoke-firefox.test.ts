// Smoke in Firefox: the default production build (no global uni: XHR-level capture only), the REAL toolbox
// with our panel, showing the onLaunch upload and the page download with the right kind, URL and status.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../scripts/manifest';
import { type FixtureEnv, startFixtureEnv } from '../fixtures/index';
import { PANEL_TITLE } from './harness/chromium';
import { type FirefoxSession, launchFirefox } from './harness/firefox';
import { waitForFinalRows } from './harness/panel-handle';

let env: FixtureEnv;
let firefox: FirefoxSession;

beforeAll(async () => {
  env = await startFixtureEnv({ runtimes: ['vue3-prod'] });
  firefox = await launchFirefox({ extensionDir: path.resolve('dist/firefox'), geckoId: GECKO_ID });
});

afterAll(async () => {
  await firefox?.close();
  await env?.close();
});

describe('Firefox, vue3-prod', () => {
  it('shows the onLaunch upload and the page download in the real DevTools panel', async () => {
    const page = await firefox.newPage(env.appUrl('vue3-prod', 'launch'));
    await page.waitForFunction(() => (window as unknown as { __uniFixture?: { done: boolean } }).__uniFixture?.done, {
      timeout: 60_000,
    });
    const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
    await panel.waitFor(
      () => document.querySelector('[data-testid="panel"]')?.getAttribute('data-connected') === 'true',
      {
        timeoutMs: 30_000,
      },
    );
    const rows = await waitForFinalRows(panel, 2);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.kind === 'upload')).toMatchObject({
      status: 'success',
      statusCode: '200',
      url: `${env.server.origin}/upload?tag=launch`,
    });
    expect(rows.find((row) => row.kind === 'download')).toMatchObject({
      status: 'success',
      statusCode: '200',
      url: `${env.server.origin}/download?bytes=65536`,
      bytes: '65536',
    });
    await panel.close();
  });
});
