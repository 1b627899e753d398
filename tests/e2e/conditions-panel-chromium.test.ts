// Network conditions with the real page lifecycle and the real DevTools panel (issue 11), in Chromium:
// - a rule stored before the page loads applies to the upload the app starts in App.onLaunch (the agent holds
//   the task until the relay's first rules arrive);
// - the panel's force-abort ends a throttled and a stalled task as it ends a real one: the app sees uni's
//   `fail abort`, through the app's task object (global uni, vue2) or through the gate's abort() (vue3-prod);
// - a replay, or an edited resend, sent with a one-off condition gets it (through uni on vue2, through an XHR of
//   the agent's on vue3-prod), and the stored rules are left alone.

import type { Page, WebWorker } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../fixtures/index';
import { appSaw, clickAction, rowData, selectRow, startDownload, startUpload, waitForRow } from './harness/actions';
import { waitForFixtureDone } from './harness/fixture-page';
import { IDLE_SCENARIO, waitForApi } from './harness/navigation';
import type { PanelHandle } from './harness/panel-handle';
import { useChromium } from './harness/setup';
import { extensionWorker, rule, storeRules } from './harness/stored-rules';

const RUNTIMES: Runtime[] = ['vue3-prod', 'vue2'];
const setup = useChromium({ runtimes: RUNTIMES, verbose: false });

/** Sets a select or number input of the panel as a user would (the panel listens to `change`). */
const choose = (panel: PanelHandle, selector: string, value: string) =>
  panel.evaluate(
    (selector: string, value: string) => {
      const control = document.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
      if (!control) throw new Error(`no ${selector}`);
      control.value = value;
      control.dispatchEvent(new Event('change', { bubbles: true }));
    },
    selector,
    value,
  );

/** A small download by the app (callback mode); resolves with its errMsg. */
const download = (page: Page, url: string) =>
  page.evaluate(
    (url: string) =>
      new Promise<string>((resolve) => {
        const api = (window as unknown as { __fixtureApi: { downloadFile(o: object): unknown } }).__fixtureApi;
        api.downloadFile({
          url,
          success: (res: { errMsg: string }) => resolve(res.errMsg),
          fail: (res: { errMsg: string }) => resolve(res.errMsg),
        });
      }),
    url,
  );

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
    // Rules apply to the inspected tab: the panel is open before the page loads, as a developer's would be.
    const launchUploads = () => setup.env.server.uploads().filter((upload) => upload.query.tag === 'launch').length;
    const uploadsBefore = launchUploads();
    const page = await setup.chromium.newPage();
    const panel = await setup.chromium.openPanel(page);
    await page.goto(setup.env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const log = await page.evaluate(
      () => (window as unknown as { __uniFixture: { log: LogEntry[] } }).__uniFixture.log,
    );
    const success = log.find((entry) => entry.op === 1 && entry.kind === 'callback' && entry.name === 'success');
    expect(success?.arg).toMatchObject({ statusCode: 503, data: 'busy', errMsg: 'uploadFile:ok' });
    // The request never reached the server (reachServer off).
    expect(launchUploads()).toBe(uploadsBefore);
    await panel.close();
    await page.close();
  });

  it('a rule does nothing in a tab no panel of ours inspects (as throttling needs DevTools open)', async () => {
    await storeRules(worker, [
      rule('nobody-looks', '/upload?tag=launch', { effect: 'status', status: 503, body: 'busy' }),
    ]);
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const log = await page.evaluate(
      () => (window as unknown as { __uniFixture: { log: LogEntry[] } }).__uniFixture.log,
    );
    const success = log.find((entry) => entry.op === 1 && entry.kind === 'callback' && entry.name === 'success');
    expect(success?.arg).toMatchObject({ statusCode: 200, errMsg: 'uploadFile:ok' });
    await storeRules(worker, []);
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

  it('replay and edit-and-resend with a one-off condition: fail at 50 %, status 503', async () => {
    await storeRules(worker, []);
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, IDLE_SCENARIO));
    await waitForApi(page);
    const panel = await setup.chromium.openPanel(page);
    const tag = `${runtime}-replay-cond`;
    expect(await download(page, `${setup.env.server.origin}/download?bytes=200000&tag=${tag}`)).toBe('downloadFile:ok');
    const original = await selectRow(panel, `tag=${tag}`, 'success');
    const originalId = original.split('/')[1] as string;
    await choose(panel, '[data-testid="replay-condition-effect"]', 'fail');
    await choose(panel, '[data-testid="replay-condition-at"]', '50');
    await clickAction(panel, original, 'replay-task');
    await waitForRow(panel, { origin: 'replay', replayOf: originalId, status: 'fail', condition: 'fail' });
    // Edit and resend, with the dialog's own picker: status 503 without the server.
    await selectRow(panel, `tag=${tag}`, 'success');
    await clickAction(panel, original, 'edit-task');
    await panel.waitFor(() => document.querySelector('[data-testid="edit-dialog"]') !== null);
    const inDialog = (testid: string) => `[data-testid="edit-dialog"] [data-testid="${testid}"]`;
    await choose(panel, inDialog('replay-condition-effect'), 'status');
    await choose(panel, inDialog('replay-condition-status'), '503');
    const before = setup.env.server.requests().filter((request) => request.url.includes(tag)).length;
    await panel.evaluate(
      (selector: string) => document.querySelector<HTMLElement>(selector)?.click(),
      inDialog('edit-send'),
    );
    await waitForRow(panel, {
      origin: 'replay',
      replayOf: originalId,
      status: 'success',
      statusCode: '503',
      condition: 'status',
    });
    expect(setup.env.server.requests().filter((request) => request.url.includes(tag))).toHaveLength(before);
    // A one-off: a plain replay afterwards goes out unconditioned.
    await selectRow(panel, `tag=${tag}`, 'success');
    await choose(panel, '[data-testid="replay-condition-effect"]', '');
    await clickAction(panel, original, 'replay-task');
    await waitForRow(panel, { origin: 'replay', replayOf: originalId, status: 'success', statusCode: '200' });
    await panel.close();
    await page.close();
  });
});
