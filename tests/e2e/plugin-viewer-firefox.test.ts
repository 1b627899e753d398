// Issue 12: the viewer is a plain web page, so a developer may open it in Firefox too. A phone (Chromium, mobile
// emulation) on the plugin's dev server; the viewer in Firefox lists its task and shows the call as written.

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFixtures } from '../fixtures/index';
import { type PluginServer, preparePluginApp, startPluginServer } from '../fixtures/plugin-app';
import { startTransferServer, type TransferServer } from '../server/server';
import { selectRow, waitForRow } from './harness/actions';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import type { FirefoxSession } from './harness/firefox';
import { waitForFixtureDone } from './harness/fixture-page';
import { launchExtensionFirefox } from './harness/setup';
import { callText, openPhone, pageHandle, pickDevice } from './harness/viewer';

let server: TransferServer;
let dev: PluginServer;
let chromium: ChromiumSession;
let firefox: FirefoxSession;

beforeAll(async () => {
  await prepareFixtures({ runtimes: ['vue3-dev'], log: () => {} });
  const app = await preparePluginApp();
  server = await startTransferServer();
  dev = await startPluginServer(app, 'dev');
  chromium = await launchChromium({ withExtension: false });
  firefox = await launchExtensionFirefox();
});

afterAll(async () => {
  await firefox?.close();
  await chromium?.close();
  await dev?.stop();
  await server?.close();
});

describe('the viewer in Firefox', () => {
  it("lists a phone's download live, with the uni call as written", async () => {
    const url = `${dev.origin}/?${new URLSearchParams({ scenario: 'download-promise', api: server.origin })}`;
    const phone = await openPhone(chromium.browser, 'iPhone 13', url);
    await waitForFixtureDone(phone);
    const page: Page = await firefox.newPage(dev.viewerUrl);
    const viewer = pageHandle(page);
    await viewer.waitFor(
      () => document.querySelector('[data-testid="viewer"]')?.getAttribute('data-hub-connected') === 'true',
    );
    await pickDevice(viewer, 'iPhone');
    await waitForRow(viewer, { kind: 'download', status: 'success' });
    await selectRow(viewer, '/download', 'success');
    expect(await callText(viewer)).toMatch(/^uni\.downloadFile\(/);
    await page.close();
  });
});
