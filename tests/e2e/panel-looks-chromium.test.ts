// The panel follows the browser's UI language and the DevTools theme, in the real DevTools of Chromium:
// English and Simplified Chinese (LANGUAGE, with Debian's chromium-l10n), light and dark (--force-dark-mode,
// which DevTools' default "system preference" theme follows). Each combination also makes the README's
// screenshot: written to docs/screenshots/ with UPDATE_SCREENSHOTS=1, else to .tmp/screenshots/.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './harness/chromium';
import { showDetailsTab, waitForFinalRows } from './harness/panel-handle';
import { screenshotDevtools } from './harness/screenshot';
import { useFixtureEnv } from './harness/setup';
import { WAIT_MS } from './harness/wait';

const outDir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.tmp/screenshots';
beforeAll(() => {
  mkdirSync(outDir, { recursive: true });
});
// Tree-shaking off: the global uni is there, so the details show the call as the app wrote it.
const setup = useFixtureEnv({ runtimes: ['vue3-notree'] });

const looks = [
  { lang: 'en', theme: 'light', clear: 'Clear', status: 'production build' },
  { lang: 'en', theme: 'dark', clear: 'Clear', status: 'production build' },
  { lang: 'zh', theme: 'light', clear: '清除', status: '生产构建' },
  { lang: 'zh', theme: 'dark', clear: '清除', status: '生产构建' },
] as const;

describe('panel language and theme (Chromium)', () => {
  for (const look of looks) {
    it(`speaks ${look.lang} in the ${look.theme} theme`, async () => {
      const chromium = await launchChromium({
        args: look.theme === 'dark' ? ['--force-dark-mode'] : [],
        env:
          look.lang === 'zh' ? { LANGUAGE: 'zh_CN', LANG: 'zh_CN.UTF-8' } : { LANGUAGE: 'en_US', LANG: 'en_US.UTF-8' },
      });
      try {
        const page = await chromium.newPage(setup.env.appUrl('vue3-notree', 'demo'));
        const panel = await chromium.openPanel(page);
        await waitForFinalRows(panel, 6, WAIT_MS);
        const seen = await panel.evaluate<{ dark: boolean; clear: string; status: string; lang: string }>(() => ({
          dark: document.documentElement.classList.contains('theme-dark'),
          clear: document.querySelector('[data-testid="clear"]')?.textContent ?? '',
          status: document.querySelector('[data-testid="status-line"]')?.textContent ?? '',
          lang: document.querySelector('[data-testid="panel"]')?.getAttribute('lang') ?? '',
        }));
        expect(seen.dark).toBe(look.theme === 'dark');
        expect(seen.clear).toBe(look.clear);
        expect(seen.status).toContain(look.status);
        expect(seen.lang).toBe(look.lang === 'zh' ? 'zh-CN' : 'en');
        // Light: the first upload's call as the app wrote it. Dark: the big upload's bytes over time.
        const tab = look.theme === 'light' ? 'overview' : 'progress';
        await panel.evaluate((first: boolean) => {
          const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"][data-kind="upload"]')];
          (first ? rows[0] : rows[rows.length - 1])?.click();
        }, look.theme === 'light');
        await panel.waitFor(() => document.querySelector('[data-testid="task-details"]') !== null);
        await showDetailsTab(panel, tab);
        await screenshotDevtools(panel.devtools, path.join(outDir, `panel-${look.theme}-${look.lang}.png`));
        if (look.theme === 'light') {
          // The column menu, opened as a user does: a real right-click on the grid's header (issue 17).
          await panel.frame.click('[data-testid="task-head"] [data-column="status"]', { button: 'right' });
          await panel.waitFor(() => document.querySelector('[data-testid="column-menu"]') !== null);
          expect(
            await panel.evaluate(() =>
              document.querySelector('[data-testid="column-menu"]')?.getAttribute('data-layout'),
            ),
          ).toBe('beside-details');
          await screenshotDevtools(panel.devtools, path.join(outDir, `panel-columns-${look.lang}.png`));
        }
        if (look.theme === 'dark') {
          // The same upload's initiator, mapped through the build's source maps (issue 17).
          await showDetailsTab(panel, 'initiator');
          await panel.waitFor(
            () =>
              document.querySelector('[data-testid="details-initiator"]')?.getAttribute('data-source-maps') ===
              'mapped',
          );
          await screenshotDevtools(panel.devtools, path.join(outDir, `panel-initiator-${look.lang}.png`));
        }
      } finally {
        await chromium.close();
      }
    });
  }
});
