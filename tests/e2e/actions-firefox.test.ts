// Force-abort and replay from the REAL Firefox toolbox panel, default production build (no global uni: the
// abort goes through the task's XHR, the replay is an XHR built as uni builds it).

import { describe, expect, it } from 'vitest';
import { appSaw, clickAction, rowData, selectRow, startUpload, waitForRow } from './harness/actions';
import { PANEL_TITLE } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { useFirefox } from './harness/setup';

const setup = useFirefox({ runtimes: ['vue3-prod'], verbose: false });

describe('Firefox, vue3-prod', () => {
  it('force-aborts running uploads and replays a finished one', async () => {
    const page = await setup.firefox.newPage(setup.env.appUrl('vue3-prod', 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.firefox.openDevToolsPanel(page, PANEL_TITLE);
    const api = setup.env.server.origin;
    for (const [tag, mode, expected] of [
      ['ff-cb', 'callback', 'uploadFile:fail abort'],
      ['ff-pr', 'promise', 'rejected: uploadFile:fail abort'],
    ] as const) {
      await startUpload(page, api, tag, mode);
      const key = await selectRow(panel, `tag=${tag}`, 'running');
      await clickAction(panel, key, 'abort-task');
      expect(await appSaw(page, tag)).toBe(expected);
      await waitForRow(panel, { taskId: key, status: 'abort' });
      expect(await rowData(panel, key)).toMatchObject({ abortedBy: 'devtools' });
    }

    const original = await selectRow(panel, '/upload?tag=launch', 'success');
    await clickAction(panel, original, 'replay-task');
    await waitForRow(panel, { origin: 'replay', replayOf: original.split('/')[1] as string, status: 'success' });
    const uploads = setup.env.server.uploads().filter((upload) => upload.query.tag === 'launch');
    const [first, replayed] = [uploads[0], uploads[uploads.length - 1]];
    expect(uploads).toHaveLength(2);
    expect(replayed?.fields).toEqual(first?.fields);
    // Through XHR the replay keeps uni's own file names too.
    expect(replayed?.files).toEqual(first?.files);
    await panel.close();
  });
});
