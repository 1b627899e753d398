// Nothing lost at navigation, in Chromium's real DevTools (issue 9): with "preserve log" on, a task that reloads
// its page from its own success callback is listed as success 20 times in a row; a task still running at a reload
// is listed as aborted by the unload; a page left and restored from the back/forward cache reconnects and keeps
// updating. Default production build (no global uni: the XHR probe alone sees these tasks).

import { describe, expect, it } from 'vitest';
import {
  IDLE_SCENARIO,
  navigateAwayAndBack,
  preserveLog,
  reloadFromSuccess,
  reloadWhileRunning,
  suspendedInCache,
} from './harness/navigation';
import { useChromium } from './harness/setup';

const RUNTIME = 'vue3-prod';
const setup = useChromium({ runtimes: [RUNTIME] });

describe('Chromium: nothing lost at navigation', () => {
  it('lists every task of a page that reloads from its success callback, and cuts off one running at a reload', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(RUNTIME, IDLE_SCENARIO));
    const panel = await setup.chromium.openPanel(page);
    await preserveLog(panel);
    await reloadFromSuccess(page, panel, setup.env.server.origin, 20);
    await reloadWhileRunning(page, panel, setup.env.server.origin);
    await panel.close();
    await page.close();
  });

  it('follows a page restored from the back/forward cache', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(RUNTIME, IDLE_SCENARIO));
    const panel = await setup.chromium.openPanel(page);
    await preserveLog(panel);
    const other = `${setup.env.appUrl(RUNTIME, IDLE_SCENARIO)}&other=1`;
    const restored = await navigateAwayAndBack(page, panel, setup.env.server.origin, other);
    expect(restored).toBe(true);
    await panel.close();
    await page.close();
  });

  it('marks a transfer frozen with its page in the back/forward cache, and clears the mark when it comes back', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(RUNTIME, IDLE_SCENARIO));
    const panel = await setup.chromium.openPanel(page);
    await preserveLog(panel);
    const other = `${setup.env.appUrl(RUNTIME, IDLE_SCENARIO)}&other=2`;
    expect(await suspendedInCache(page, panel, setup.env.server.origin, other)).toBe(true);
    await panel.close();
    await page.close();
  });
});
