// Issue 12: a phone's transfers live on the desktop. The uni-app Vue 3 fixture with the npm package's Vite plugin
// installed from the packed tarball (tests/fixtures/plugin-app.ts) runs on the uni dev server; "phones" are browser
// contexts without the extension, with mobile emulation; the viewer, in another browser, is driven through the
// panel's automation contract plus the viewer's own names (docs/automation.md, "Viewer").

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { KnownDevices, type Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, prepareFixtures } from '../fixtures/index';
import { type PluginApp, type PluginServer, preparePluginApp, startPluginServer } from '../fixtures/plugin-app';
import { startTransferServer, type TransferServer } from '../server/server';
import { clickAction, selectRow, waitForRow } from './harness/actions';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import {
  DIAGNOSIS_CASES,
  type DiagnosisCase,
  detailsDiagnosis,
  rowDiagnosis,
  runDiagnosisCase,
} from './harness/diagnosis';
import { FAULT_SCENARIO, finishCall, startCall } from './harness/fault-equivalence';
import { waitForFixtureDone } from './harness/fixture-page';
import { waitForApi } from './harness/navigation';
import { showDetailsTab } from './harness/panel-handle';
import { callText, openPhone, openViewer, pickDevice, pickPage, rowUrls, waitForDevices } from './harness/viewer';
import { WAIT_MS } from './harness/wait';

let app: PluginApp;
let server: TransferServer;
let dev: PluginServer;
let viewerBrowser: ChromiumSession;
let phoneBrowser: ChromiumSession;
const TOKEN = 'phone-test-token-0123456789';
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.tmp/screenshots';

const appUrl = (scenario: string) => `${dev.origin}/?${new URLSearchParams({ scenario, api: server.origin })}`;

beforeAll(async () => {
  await prepareFixtures({ runtimes: ['vue3-dev'], log: () => {} });
  app = await preparePluginApp();
  server = await startTransferServer();
  dev = await startPluginServer(app, 'dev', { token: TOKEN });
  viewerBrowser = await launchChromium({ withExtension: false });
  phoneBrowser = await launchChromium({ withExtension: false });
});

afterAll(async () => {
  await viewerBrowser?.close();
  await phoneBrowser?.close();
  await dev?.stop();
  await server?.close();
});

describe('the npm package on the dev server', () => {
  it('prints one viewer line, and a viewer without the token gets nothing', async () => {
    const lines = dev
      .output()
      .split('\n')
      .filter((line) => line.includes('uni Transfers viewer: '));
    expect(lines).toHaveLength(1);
    expect(dev.viewerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__uni-transfers\/\?token=/);
    expect(dev.token).toBe(TOKEN);
    const base = `${dev.origin}/__uni-transfers/`;
    // Without the token: the viewer page (403), which holds no data and says where the printed URL is; a wrong
    // token is sent to that address.
    expect((await fetch(base)).status).toBe(403);
    const wrong = await fetch(`${base}?token=wrong`, { redirect: 'manual' });
    expect([wrong.status, wrong.headers.get('location')]).toEqual([303, '/__uni-transfers/']);
    expect((await fetch(`${base}stats?token=wrong`)).status).toBe(403);
    expect((await fetch(dev.viewerUrl)).status).toBe(200);
    // A socket with a wrong token never opens, and so receives nothing and can command nothing.
    const page = await viewerBrowser.newPage(`${dev.origin}/__uni-transfers/assets/`);
    const outcome = await page.evaluate(
      (url: string) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onmessage = () => resolve('message');
          socket.onopen = () => resolve('open');
          socket.onclose = () => resolve('closed');
        }),
      `${dev.origin.replace('http', 'ws')}/__uni-transfers/ws?role=viewer&token=wrong`,
    );
    expect(outcome).toBe('closed');
    // In a browser, in the reader's language: the no-token page, and nothing connects.
    await page.goto(`${base}?token=wrong`);
    await page.waitForSelector('[data-testid="viewer-no-token"]');
    expect(page.url()).toBe(base);
    expect(await page.$('[data-testid="panel"]')).toBeNull();
    await page.close();
  });

  it("lists a phone's tasks live, with the uni call as written, and a viewer opened late gets the history", async () => {
    const phone = await openPhone(phoneBrowser.browser, 'iPhone 13', appUrl('upload-callback'));
    await waitForFixtureDone(phone);
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    await waitForDevices(viewer, 1);
    await pickDevice(viewer, 'iPhone');
    await waitForRow(viewer, { kind: 'upload', status: 'success' });
    await selectRow(viewer, '/upload', 'success');
    expect(await callText(viewer)).toContain('uni.uploadFile(');
    // The initiator, mapped through the phone's dev server maps (asked of the phone's agent through the hub).
    await showDetailsTab(viewer, 'initiator');
    await viewer.waitFor(
      () => document.querySelector('[data-testid="details-initiator"]')?.getAttribute('data-source-maps') === 'mapped',
    );
    expect(
      await viewer.evaluate(() => document.querySelector('[data-testid="details-original-location"]')?.textContent),
    ).toMatch(/^scenarios\.js:\d+:\d+$/);
    expect(await viewer.evaluate(() => document.querySelector('[data-testid="details-open-in-editor"]') !== null)).toBe(
      true,
    );
    // The README's picture of the viewer (docs/screenshots/viewer-en.png with UPDATE_SCREENSHOTS=1).
    mkdirSync(SCREENSHOTS, { recursive: true });
    await viewer.page.setViewport({ width: 1280, height: 560 });
    await viewer.page.screenshot({ path: path.join(SCREENSHOTS, 'viewer-en.png') as `${string}.png` });
    await viewer.close();
    await phone.browserContext().close();
  });

  it('aborts a held upload on the phone: the app sees uploadFile:fail abort', async () => {
    const phone = await openPhone(phoneBrowser.browser, 'iPhone 13', appUrl(FAULT_SCENARIO));
    await waitForFixtureDone(phone);
    await phone.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    await pickDevice(viewer, 'iPhone');
    const call = await startCall(phone, { kind: 'upload', mode: 'callback', url: `${server.origin}/hang` });
    const key = await selectRow(viewer, '/hang', 'running');
    await clickAction(viewer, key, 'abort-task');
    const observed = await finishCall(phone, call);
    expect(observed.callbacks.map(({ name, arg }) => [name, (arg as { errMsg?: string }).errMsg])).toEqual([
      ['fail', 'uploadFile:fail abort'],
      ['complete', 'uploadFile:fail abort'],
    ]);
    await waitForRow(viewer, { status: 'abort', errMsg: 'uploadFile:fail abort' });
    await viewer.close();
    await phone.browserContext().close();
  });

  it("says why a phone's transfers failed: uni's timer, an HTTP error, a server of another origin", async () => {
    const phone = await openPhone(phoneBrowser.browser, 'iPhone 13', appUrl(FAULT_SCENARIO));
    await waitForFixtureDone(phone);
    await phone.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    // An iPhone: the two-phone test below counts the Android devices.
    await pickDevice(viewer, 'iPhone');
    const where = { api: server.origin, other: server.origin, refused: server.origin, tag: '' };
    // The phone's page comes from the dev server: the API server is another origin, and a phone has no DevTools
    // to tell a CORS refusal from a refused connection (both named, "likely").
    const cases = [
      { name: "an upload past the call's timeout", causes: ['uni-timeout'] },
      { name: 'an upload answered 500 (uni calls success)', causes: ['http-error'] },
      { name: 'a refused port', causes: ['cors', 'unreachable'], url: `http://127.0.0.1:${await freePort()}` },
    ];
    for (const [index, { name, causes, url }] of cases.entries()) {
      const item = DIAGNOSIS_CASES.find((known) => known.name === name) as DiagnosisCase;
      const tag = `phone-dg=${index}`;
      await runDiagnosisCase(phone, item, { ...where, refused: url ?? where.refused, tag });
      expect(await rowDiagnosis(viewer, tag, causes), item.name).toEqual(causes);
    }
    const shown = await detailsDiagnosis(viewer, 'phone-dg=0');
    expect(shown.map(({ cause, certainty }) => [cause, certainty])).toEqual([['uni-timeout', 'certain']]);
    expect(shown[0]?.evidence).toMatch(/600\s?ms/);
    // The phone's own Resource Timing (the API server sends Timing-Allow-Origin): the browser's network phases.
    await detailsDiagnosis(viewer, 'phone-dg=1');
    await viewer.waitFor(() => document.querySelector('[data-testid="details-timing"]') !== null);
    expect(
      await viewer.evaluate<string | undefined>(
        () => document.querySelector<HTMLElement>('[data-testid="details-timing"]')?.dataset.source,
      ),
    ).toBe('browser');
    await viewer.close();
    await phone.browserContext().close();
  });

  it('shows two phones as two devices, each with its own tasks', async () => {
    const iphone = await openPhone(phoneBrowser.browser, 'iPhone 13', appUrl('upload-promise'));
    const pixel = await openPhone(phoneBrowser.browser, 'Pixel 5', appUrl('download-promise'));
    await Promise.all([waitForFixtureDone(iphone), waitForFixtureDone(pixel)]);
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    // The phones of the earlier tests are devices too (each was its own browser context).
    await viewer.waitFor(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="device-option"]')].filter((o) =>
          o.dataset.userAgent?.includes('Android'),
        ).length === 1,
    );
    await pickDevice(viewer, 'Android');
    await waitForRow(viewer, { kind: 'download', status: 'success' });
    const kinds = await viewer.evaluate<string[]>(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => row.dataset.kind ?? ''),
    );
    expect(new Set(kinds)).toEqual(new Set(['download']));
    await viewer.close();
    await iphone.browserContext().close();
    await pixel.browserContext().close();
  });

  it('marks a transfer frozen with its page in the back/forward cache, and clears the mark when it comes back', async () => {
    const phone: Page = await openPhone(phoneBrowser.browser, 'iPhone 13', appUrl(FAULT_SCENARIO));
    await waitForFixtureDone(phone);
    await waitForApi(phone);
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    await pickDevice(viewer, 'iPhone');
    // 2 MB at 40 kB/s: still running while the phone is on another site and back (store=1: cacheable).
    const url = `${server.origin}/download?bytes=2000000&rate=40000&store=1&tag=phone-bfcache`;
    await startCall(phone, { kind: 'download', mode: 'callback', url });
    const row = '[data-testid="task-row"][data-url*="phone-bfcache"]';
    await viewer.waitFor(
      (selector: string) => Number(document.querySelector(selector)?.getAttribute('data-bytes')) > 0,
      {
        timeoutMs: WAIT_MS,
        args: [row],
      },
    );
    // Another site: the test server's JSON page.
    await phone.goto(`${server.origin}/json?page=other`, { waitUntil: 'load' });
    await viewer.waitFor(
      (selector: string) => document.querySelector(selector)?.getAttribute('data-suspended') === 'bfcache',
      { timeoutMs: WAIT_MS, args: [row] },
    );
    expect(
      await viewer.evaluate<string | undefined>(
        (selector: string) => document.querySelector<HTMLElement>(selector)?.dataset.status,
        row,
      ),
    ).toBe('running');
    // Chromium says whether the history navigation used its back/forward cache. The page itself is not asked: on
    // the dev server, Vite's client may reload the restored page at once (its HMR socket closed while away).
    const cdp = await phone.createCDPSession();
    await cdp.send('Page.enable');
    const notRestored: unknown[] = [];
    cdp.on('Page.backForwardCacheNotUsed', (event) => notRestored.push(event));
    await phone.goBack();
    expect(notRestored).toEqual([]);
    await viewer.waitFor(
      (selector: string) => document.querySelector(selector)?.hasAttribute('data-suspended') === false,
      { timeoutMs: WAIT_MS, args: [row] },
    );
    await viewer.close();
    await phone.browserContext().close();
  });

  it('shows two tabs of one phone as two pages, each with its own tasks; a closed tab stays listed, gone', async () => {
    const first = await openPhone(phoneBrowser.browser, 'iPhone 13', appUrl(FAULT_SCENARIO));
    await waitForFixtureDone(first);
    // The second tab: the same browser (its device cookie), another page.
    const second = await first.browserContext().newPage();
    await second.emulate(KnownDevices['iPhone 13']);
    await second.goto(appUrl(FAULT_SCENARIO), { waitUntil: 'load' });
    await waitForFixtureDone(second);
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    await pickDevice(viewer, 'iPhone');
    const urls = ['tab-one', 'tab-two'].map((tag) => `${server.origin}/download?bytes=1024&seed=5&tag=${tag}`);
    for (const [index, tab] of [first, second].entries()) {
      await finishCall(tab, await startCall(tab, { kind: 'download', mode: 'callback', url: urls[index] as string }));
    }
    for (const [rank, url] of urls.entries()) {
      const page = await pickPage(viewer, rank, 2);
      await waitForRow(viewer, { kind: 'download', status: 'success', url }, WAIT_MS);
      expect(await rowUrls(viewer), `page ${page}`).toEqual([url]);
    }
    const secondId = await pickPage(viewer, 1, 2);
    await second.close();
    await viewer.waitFor(
      (id: string) =>
        document.querySelector(`[data-testid="page-option"][data-page-id="${id}"]`)?.getAttribute('data-connected') ===
        'false',
      { timeoutMs: WAIT_MS, args: [secondId] },
    );
    // Its tasks stay, as a closed tab's page keeps them.
    expect(await rowUrls(viewer)).toEqual([urls[1]]);
    await viewer.close();
    await first.browserContext().close();
  });

  it('keeps recording while the phone is cut off and catches the viewer up when it is back', async () => {
    const phone: Page = await openPhone(phoneBrowser.browser, 'Pixel 5', appUrl(FAULT_SCENARIO));
    await waitForFixtureDone(phone);
    await phone.waitForFunction(() => Boolean((window as unknown as { __fixtureApi?: unknown }).__fixtureApi));
    const viewer = await openViewer(viewerBrowser.browser, dev.viewerUrl);
    await pickDevice(viewer, 'Android');
    // The dev server goes away (as a phone's Wi-Fi would); the app's transfers go on to the API server.
    const port = Number(new URL(dev.origin).port);
    await dev.stop();
    const call = await startCall(phone, {
      kind: 'download',
      mode: 'callback',
      url: `${server.origin}/download?bytes=2048&seed=77`,
    });
    await finishCall(phone, call);
    dev = await startPluginServer(app, 'dev', { token: TOKEN, port });
    await waitForRow(
      viewer,
      { kind: 'download', status: 'success', url: `${server.origin}/download?bytes=2048&seed=77` },
      WAIT_MS,
    );
    await viewer.close();
    await phone.browserContext().close();
  });
});
