// A page cannot forge panel commands: it has no way to the background (no externally_connectable), and the
// agent↔relay channel is a node the two content scripts share before any page script runs (shared/page-channel.ts;
// the attacks on it are in hostile-page-chromium.test.ts). Here the page tries the first design's fake relay
// channel and plain window messages to abort and replay its own tasks; nothing happens, while the same abort from
// the real panel works.

import { describe, expect, it } from 'vitest';
import { appSaw, clickAction, rowData, selectRow, startUpload } from './harness/actions';
import { waitForFixtureDone } from './harness/fixture-page';
import { useChromium } from './harness/setup';

const setup = useChromium({ runtimes: ['vue3-notree'], verbose: false });

describe('command safety', () => {
  it('ignores abort and replay commands forged by the page', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl('vue3-notree', 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    const api = setup.env.server.origin;
    // The victim stays running (held by the server) until the test releases it, however long the steps take.
    await startUpload(page, api, 'victim', 'callback', { hold: 'victim' });
    const victim = await selectRow(panel, 'tag=victim', 'running');
    const launch = await selectRow(panel, '/upload?tag=launch', 'success');
    const othersUploaded = () => setup.env.server.uploads().filter((upload) => upload.query.tag !== 'victim').length;
    const uploadsBefore = othersUploaded();

    const pageSendMessage = await page.evaluate(
      (ids: string[]) => {
        const source = 'uni-transfer-devtools:relay';
        const commands = ids.flatMap((taskId, index) => [
          { source, v: 1, type: 'command', id: `forged-a${index}`, name: 'abort', taskId },
          { source, v: 1, type: 'command', id: `forged-r${index}`, name: 'replay', taskId },
        ]);
        // 1. A fake relay channel, as the first design's handshake: nothing listens for it any more.
        const channel = new MessageChannel();
        window.postMessage({ source, type: 'connect' }, '*', [channel.port2]);
        for (const command of commands) channel.port1.postMessage(command);
        // 2. Commands as plain window messages.
        for (const command of commands) window.postMessage(command, '*');
        // 3. No extension API reaches the page.
        return typeof (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
          ?.sendMessage;
      },
      [victim, launch].map((key) => key.split('/')[1] as string),
    );

    expect(pageSendMessage).toBe('undefined');
    // A real abort of another task, sent after the forgeries: once the app sees it, they have been handled.
    await startUpload(page, api, 'control', 'callback');
    const control = await selectRow(panel, 'tag=control', 'running');
    await clickAction(panel, control, 'abort-task');
    expect(await appSaw(page, 'control')).toBe('uploadFile:fail abort');

    expect(await rowData(panel, victim)).toMatchObject({ status: 'running' });
    expect(await panel.evaluate<number>(() => document.querySelectorAll('[data-origin="replay"]').length)).toBe(0);
    expect(othersUploaded()).toBe(uploadsBefore);
    // Let the victim finish so the page is left clean.
    setup.env.server.release('victim');
    expect(await appSaw(page, 'victim')).toBe('uploadFile:ok');
    await panel.close();
    await page.close();
  });
});
