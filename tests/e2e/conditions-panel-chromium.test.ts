// Network conditions with the real page lifecycle and the real DevTools panel (issue 11), in Chromium:
// - a rule stored before the page loads applies to the upload the app starts in App.onLaunch (the agent holds
//   the task until the relay's first rules arrive);

import type { WebWorker } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../fixtures/index';
import { waitForFixtureDone } from './harness/fixture-page';
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
});
