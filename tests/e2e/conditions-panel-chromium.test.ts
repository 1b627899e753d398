// Network conditions with the real page lifecycle and the real DevTools panel (issue 11), in Chromium:
// - a rule stored before the page loads applies to the upload the app starts in App.onLaunch (the agent holds
//   the task until the relay's first rules arrive);
// - the panel's force-abort ends a throttled and a stalled task as it ends a real one: the app sees uni's
//   `fail abort`, through the app's task object (global uni, vue2) or through the gate's abort() (vue3-prod).

import type { WebWorker } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../fixtures/index';
import { appSaw, clickAction, rowData, selectRow, startDownload, startUpload, waitForRow } from './harness/actions';
import { waitForFixtureDone } from './harness/fixture-page';
import { IDLE_SCENARIO, waitForApi } from './harness/navigation';
import { useChromium } from './harness/setup';
import { extensionWorker, rule, storeRules } from './harness/stored-rules';

const RUNTIMES: Runtime[] = ['vue3-prod', 'vue2'];
const setup = useChromium({ runtimes: RUNTIMES, verbose: false });

interface LogEntry {
  op: number;
  kind: string;
  name?: string;
  arg?: { statusCode?: number; data?: string; errMsg?: string };
}

let worker: WebWorker;
beforeAll(async () => {
  worker = await extensionWorker(setup.chromium.browser);
});

describe.each(RUNTIMES)('%s', (runtime) => {
  it('App.onLaunch: a rule stored before the page loads gives the launch upload its status', async () => {
    await storeRules(worker, [
      rule('launch-503', '/upload?tag=launch', { effect: 'status', status: 503, body: 'busy' }),
    ]);
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const log = await page.evaluate(
      () => (window as unknown as { __uniFixture: { log: LogEntry[] } }).__uniFixture.log,
    );
    const success = log.find((entry) => entry.op === 1 && entry.kind === 'callback' && entry.name === 'success');
    expect(success?.arg).toMatchObject({ statusCode: 503, data: 'busy', errMsg: 'uploadFile:ok' });
    // The request never reached the server (reachServer off).
    expect(setup.env.server.uploads().filter((upload) => upload.query.tag === 'launch')).toHaveLength(0);
    await page.close();
  });

  it('the panel force-aborts a throttled download and a stalled upload: fail abort, aborted by devtools', async () => {
    const throttled = `${runtime}-abort-thr`;
    const stalled = `${runtime}-abort-stall`;
    await storeRules(worker, [
      rule('abort-thr', throttled, { effect: 'throttle', downKbps: 20 }),
      rule('abort-stall', stalled, { effect: 'stall', atPercent: 30 }),
    ]);
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, IDLE_SCENARIO));
    await waitForApi(page);
    const panel = await setup.chromium.openPanel(page);
    const api = setup.env.server.origin;
    const cases = [
      { tag: throttled, start: () => startDownload(page, api, throttled), effect: 'throttle', kind: 'downloadFile' },
      { tag: stalled, start: () => startUpload(page, api, stalled, 'callback'), effect: 'stall', kind: 'uploadFile' },
    ];
    for (const { tag, start, effect, kind } of cases) {
      await start();
      const key = await selectRow(panel, `tag=${tag}`, 'running');
      await clickAction(panel, key, 'abort-task');
      expect(await appSaw(page, tag), tag).toBe(`${kind}:fail abort`);
      await waitForRow(panel, { taskId: key, status: 'abort' });
      expect(await rowData(panel, key), tag).toMatchObject({ abortedBy: 'devtools', condition: effect });
    }
    await panel.close();
    await page.close();
  });
});
