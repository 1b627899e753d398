// Force-abort and replay from the REAL DevTools panel in Chromium, in all four runtimes: the app's own fail
// callback (or promise) sees uni's `fail abort`, also for an upload still resolving its file (no XHR yet), and a
// replay makes the test server record the same upload again (same fields, same file bytes).

import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../fixtures/index';
import { appSaw, clickAction, rowData, selectRow, startDownload, startUpload, waitForRow } from './harness/actions';
import { waitForFixtureDone } from './harness/fixture-page';
import { useChromium } from './harness/setup';

const setup = useChromium({ runtimes: [...RUNTIMES], verbose: false });

const promiseAbort = (runtime: string) =>
  runtime === 'vue2' ? 'resolved [err]: uploadFile:fail abort' : 'rejected: uploadFile:fail abort';

describe.each(RUNTIMES)('%s', (runtime) => {
  it('force-aborts running uploads and a download: the app sees uni’s fail abort', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    const api = setup.env.server.origin;
    const cases: { tag: string; mode: 'callback' | 'promise'; slowFile: boolean; expected: string }[] = [
      { tag: `${runtime}-cb`, mode: 'callback', slowFile: false, expected: 'uploadFile:fail abort' },
      { tag: `${runtime}-pr`, mode: 'promise', slowFile: false, expected: promiseAbort(runtime) },
    ];
    // Before its XHR exists a task is listed only where the uni probe sees the call (a global uni).
    if (runtime !== 'vue3-prod') {
      cases.push(
        { tag: `${runtime}-cb-nofile`, mode: 'callback', slowFile: true, expected: 'uploadFile:fail abort' },
        { tag: `${runtime}-pr-nofile`, mode: 'promise', slowFile: true, expected: promiseAbort(runtime) },
      );
    }
    for (const { tag, mode, slowFile, expected } of cases) {
      await startUpload(page, api, tag, mode, { slowFile });
      const key = await selectRow(panel, `tag=${tag}`, slowFile ? 'pending' : 'running');
      await clickAction(panel, key, 'abort-task');
      // uni notices an abort before its XHR once the file has arrived (uni-h5.es.js 21375, `_isAbort`).
      if (slowFile) setup.env.server.release(`${tag}-file`);
      expect(await appSaw(page, tag), tag).toBe(expected);
      await waitForRow(panel, { taskId: key, status: 'abort' });
      expect(await rowData(panel, key), tag).toMatchObject({
        abortedBy: 'devtools',
        errMsg: 'uploadFile:fail abort',
        diagnosis: 'aborted-by-devtools',
      });
    }
    // A download, through its task object (global uni) or its XHR.
    await startDownload(page, api, `${runtime}-dl`);
    const download = await selectRow(panel, `tag=${runtime}-dl`, 'running');
    await clickAction(panel, download, 'abort-task');
    expect(await appSaw(page, `${runtime}-dl`)).toBe('downloadFile:fail abort');
    await panel.close();
    await page.close();
  });

  it('replays a finished upload: the server records the same fields and file bytes', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    // The launch scenario's onLaunch upload (fields and a file) is the original.
    const original = await selectRow(panel, '/upload?tag=launch', 'success');
    const before = setup.env.server.uploads().filter((upload) => upload.query.tag === 'launch');
    await clickAction(panel, original, 'replay-task');
    const originalId = original.split('/')[1] as string;
    await waitForRow(panel, { origin: 'replay', replayOf: originalId, status: 'success' });
    const after = setup.env.server.uploads().filter((upload) => upload.query.tag === 'launch');
    expect(after).toHaveLength(before.length + 1);
    const [first, replayed] = [after[0], after[after.length - 1]];
    expect(replayed?.fields).toEqual(first?.fields);
    expect(replayed?.files.map((file) => [file.field, file.size, file.sha256])).toEqual(
      first?.files.map((file) => [file.field, file.size, file.sha256]),
    );
    await panel.close();
    await page.close();
  });
});
