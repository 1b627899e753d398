// Issue 12, `uni-transfer-devtools/agent` without Vite: a Vue 2 uni-app page (the vue2 fixture) loads the package's
// agent as its first script from the package's own hub (`uni-transfer-devtools serve`, installed from the tarball),
// as the README tells a Vue 2 / webpack project to; a phone opens it and the viewer shows its calls as written.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIRS, prepareFixtures } from '../fixtures/index';
import { type PluginServer, preparePluginApp, startPluginServer } from '../fixtures/plugin-app';
import { startTransferServer, type TransferServer } from '../server/server';
import { selectRow, waitForRow } from './harness/actions';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { callText, openPhone, openViewer, pickDevice } from './harness/viewer';

let hub: PluginServer;
let server: TransferServer;
let chromium: ChromiumSession;
let pageDir: string;

beforeAll(async () => {
  await prepareFixtures({ runtimes: ['vue2'], log: () => {} });
  const app = await preparePluginApp();
  hub = await startPluginServer(app, 'cli');
  // The Vue 2 page with the agent as its first script, from the hub (public/index.html in a real project).
  pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uni-vue2-agent-'));
  fs.cpSync(OUTPUT_DIRS.vue2, pageDir, { recursive: true });
  const index = path.join(pageDir, 'index.html');
  const tag = `<script src="${hub.origin}/__uni-transfers/agent.js" data-server="${hub.origin}"></script>`;
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', `<head>\n    ${tag}`));
  server = await startTransferServer({ static: { '/app/vue2-agent/': pageDir } });
  chromium = await launchChromium({ withExtension: false });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await hub?.stop();
  if (pageDir) fs.rmSync(pageDir, { recursive: true, force: true });
});

describe('the standalone agent in a Vue 2 page, with the package hub', () => {
  it('prints the viewer line and lists the phone’s upload with the call as written', async () => {
    expect(hub.viewerUrl).toMatch(/\/__uni-transfers\/\?token=/);
    const url = `${server.origin}/app/vue2-agent/?${new URLSearchParams({ scenario: 'upload-callback', api: server.origin })}`;
    const phone = await openPhone(chromium.browser, 'Pixel 5', url);
    await waitForFixtureDone(phone);
    const viewer = await openViewer(chromium.browser, hub.viewerUrl);
    await pickDevice(viewer, 'Android');
    await waitForRow(viewer, { kind: 'upload', status: 'success' });
    await selectRow(viewer, '/upload', 'success');
    expect(await callText(viewer)).toMatch(/^uni\.uploadFile\(/);
    await viewer.close();
    await phone.browserContext().close();
  });
});
