// A hostile page must not harm the developer, in Firefox's real toolbox (issue 10, points 4 and 5; issue 16, points
// 5–9; the same attacks as hostile-page-chromium.test.ts). Firefox has no prerendering (issue 10's point 6), and
// point 8's background is the same code in both browsers. The extension's storage is reached from the panel's own
// document (an extension page).

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTransferServer, type TransferServer } from '../server/server';
import { PANEL_TITLE } from './harness/chromium';
import type { FirefoxSession, PanelHandle } from './harness/firefox';
import {
  attackBlind,
  attackEverything,
  attackForge,
  attackLifecycle,
  attackListen,
  attackReadCommands,
  type ExtensionAccess,
} from './harness/hostile-agent-attacks';
import { attackChannel, attackMessageLimit } from './harness/hostile-attacks';
import { writeHostilePages } from './harness/hostile-pages';
import { launchExtensionFirefox } from './harness/setup';

let server: TransferServer;
let firefox: FirefoxSession;

beforeAll(async () => {
  server = await startTransferServer({ static: { '/hostile/': writeHostilePages() } });
  firefox = await launchExtensionFirefox();
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

const url = (name: string) => `${server.origin}/hostile/${name}`;

// The extension APIs as the functions evaluated in the panel document see them.
declare const browser: {
  storage: { local: { set(items: object): Promise<void>; get(keys: string[]): Promise<Record<string, unknown>> } };
};

/** The extension's storage, from the panel's document. */
function extensionAccess(panel: PanelHandle): ExtensionAccess {
  return {
    storeRules: (rules) =>
      panel.evaluate((rules: object[]) => browser.storage.local.set({ networkConditions: rules }), rules),
    storedRules: () =>
      panel.evaluate(async () => (await browser.storage.local.get(['networkConditions'])).networkConditions as never),
  };
}

/** Opens agent.html with the panel, runs one attack, closes the toolbox. */
async function onAgentPage(
  run: (page: Page, panel: PanelHandle, extension: ExtensionAccess) => Promise<void>,
): Promise<void> {
  const page = await firefox.newPage(url('agent.html'));
  const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
  try {
    await run(page, panel, extensionAccess(panel));
  } finally {
    await panel.close();
    await page.close();
  }
}

describe('a hostile page, in Firefox', () => {
  it('cannot take, read or speak on the agent channel', async () => {
    const page = await firefox.newPage(url('spy.html'));
    const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
    await attackChannel(page, panel);
    await panel.close();
  });

  it('cannot kill the relay with messages over the browser limit', async () => {
    const page = await firefox.newPage(url('plain.html'));
    const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
    await attackMessageLimit(page, panel);
    await panel.close();
  });

  it('5: cannot read the commands, the stored rules included, through replaced globals', async () => {
    await onAgentPage(attackReadCommands);
  });

  it('6: cannot forge envelopes through Object.prototype.toJSON (stored times, replay rows)', async () => {
    await onAgentPage(attackForge);
  });

  it('7: cannot listen through getters on Object.prototype', async () => {
    await onAgentPage(attackListen);
  });

  it('8: cannot blind the XHR probe by replacing addEventListener and getAllResponseHeaders', async () => {
    await onAgentPage(attackBlind);
  });

  it('9: synthetic pageshow, pagehide and freeze events change nothing', async () => {
    await onAgentPage(attackLifecycle);
  });

  it("every reachable member replaced: the record is the clean run's, and nothing of ours leaks", async () => {
    await onAgentPage(attackEverything);
  });
});
