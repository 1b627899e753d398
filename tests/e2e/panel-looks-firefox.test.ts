// Firefox: the panel follows the toolbox theme (devtools.theme), read through devtools.panels.themeName.

import { describe, expect, it } from 'vitest';
import { PANEL_TITLE } from './harness/chromium';
import { waitForFinalRows } from './harness/panel-handle';
import { launchExtensionFirefox, useFixtureEnv } from './harness/setup';

const setup = useFixtureEnv({ runtimes: ['vue3-prod'] });

describe('panel theme (Firefox)', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`follows the ${theme} toolbox theme`, async () => {
      const firefox = await launchExtensionFirefox({ prefs: { 'devtools.theme': theme } });
      try {
        const page = await firefox.newPage(setup.env.appUrl('vue3-prod', 'launch'));
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
