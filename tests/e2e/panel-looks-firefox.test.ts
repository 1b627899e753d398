// Firefox: the panel follows the toolbox theme (devtools.theme), read through devtools.panels.themeName.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../scripts/manifest';
import { type FixtureEnv, startFixtureEnv } from '../fixtures/index';
import { PANEL_TITLE } from './harness/chromium';
import { launchFirefox } from './harness/firefox';
import { waitForFinalRows } from './harness/panel-handle';

let env: FixtureEnv;
beforeAll(async () => {
  env = await startFixtureEnv({ runtimes: ['vue3-prod'] });
});
afterAll(async () => {
  await env?.close();
});

describe('panel theme (Firefox)', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`follows the ${theme} toolbox theme`, async () => {
      const firefox = await launchFirefox({
        extensionDir: path.resolve('dist/firefox'),
        geckoId: GECKO_ID,
        prefs: { 'devtools.theme': theme },
      });
      try {
        const page = await firefox.newPage(env.appUrl('vue3-prod', 'launch'));
        const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
        await waitForFinalRows(panel, 2);
        const dark = await panel.evaluate<boolean>(() => document.documentElement.classList.contains('theme-dark'));
        expect(dark).toBe(theme === 'dark');
        await panel.close();
      } finally {
        await firefox.close();
      }
    });
  }
});
