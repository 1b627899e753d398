// A hostile page must not harm the developer, in Firefox's real toolbox (issue 10, points 4 and 5; the same attacks
// as hostile-page-chromium.test.ts). Firefox has no prerendering (point 6), and point 8's background is the same
// code in both browsers.

import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTransferServer, type TransferServer } from '../server/server';
import { PANEL_TITLE } from './harness/chromium';
import type { FirefoxSession } from './harness/firefox';
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
});
