// Issue 12, builds: a QA build with `build: true` (tree-shaking on: uni's calls are compiled to imports and no
// global uni exists) routes uni's own uploadFile/downloadFile through the agent, so the viewer, and the DevTools
// extension when it is installed, show the call as written; a plain production build holds no trace of the agent.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFixtures } from '../fixtures/index';
import { type PluginApp, type PluginServer, preparePluginApp, startPluginServer } from '../fixtures/plugin-app';
import { startTransferServer, type TransferServer } from '../server/server';
import { selectRow, waitForRow } from './harness/actions';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { callText, openPhone, openViewer, pickDevice } from './harness/viewer';

let app: PluginApp;
let server: TransferServer;
let preview: PluginServer;
let plain: ChromiumSession;
let withExtension: ChromiumSession;

const appUrl = (scenario: string) => `${preview.origin}/?${new URLSearchParams({ scenario, api: server.origin })}`;

beforeAll(async () => {
  await prepareFixtures({ runtimes: ['vue3-dev'], log: () => {} });
  app = await preparePluginApp();
  server = await startTransferServer();
  preview = await startPluginServer(app, 'preview');
  plain = await launchChromium({ withExtension: false });
  withExtension = await launchChromium();
});

afterAll(async () => {
  await plain?.close();
  await withExtension?.close();
  await preview?.stop();
  await server?.close();
});

function filesOf(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the npm package in builds', () => {
  it('leaves no trace in a plain production build', () => {
    // (The fixture app itself is called "uni-transfer-fixture".)
    const traces = /uni-transfer-devtools|__uniTransfers|data-uni-transfers|__uni-transfers/;
    const plainHits = filesOf(app.plainBuildDir).filter((file) => traces.test(fs.readFileSync(file, 'latin1')));
    expect(plainHits).toEqual([]);
    // The same check finds the agent in the QA build, so it can find it.
    const qaHits = filesOf(app.buildDir).filter((file) => traces.test(fs.readFileSync(file, 'latin1')));
    expect(qaHits.length).toBeGreaterThan(0);
  });

  it('shows the uni call as written in a tree-shaken `build: true` build, in the viewer', async () => {
    const phone = await openPhone(plain.browser, 'iPhone 13', appUrl('upload-callback'));
    await waitForFixtureDone(phone);
    // Tree-shaken: the global uni is the empty object, the calls are imports.
    expect(await phone.evaluate(() => Object.keys((window as unknown as { uni: object }).uni).length)).toBe(0);
    const viewer = await openViewer(plain.browser, preview.viewerUrl);
    await pickDevice(viewer, 'iPhone');
    await waitForRow(viewer, { kind: 'upload', status: 'success' });
    await selectRow(viewer, '/upload', 'success');
    expect(await callText(viewer)).toMatch(/^uni\.uploadFile\(/);
    await viewer.close();
    await phone.browserContext().close();
  });

  it('shows the call as written in the DevTools extension too, with the extension in charge', async () => {
    const page = await withExtension.newPage();
    const panel = await withExtension.openPanel(page);
    await page.goto(appUrl('download-promise'), { waitUntil: 'load' });
    await waitForFixtureDone(page);
    await waitForRow(panel, { kind: 'download', status: 'success' });
    await selectRow(panel, '/download', 'success');
    expect(await callText(panel)).toMatch(/^uni\.downloadFile\(/);
    // One agent recorded the task: one row, seen by both probes.
    const rows = await panel.evaluate<string[]>(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => row.dataset.probes ?? ''),
    );
    expect(rows).toHaveLength(1);
    await panel.close();
    await page.close();
  });
});
