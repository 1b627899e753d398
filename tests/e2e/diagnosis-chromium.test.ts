// Issue 18, proof by real faults: for each cause, the fault really happens (harness/diagnosis.ts: the test server
// misbehaving as real servers do, a refused port, a revoked blob URL, the browser offline), through the app's own
// uni call, in the four real runtimes, with the REAL DevTools panel open in Chromium; the row's data-diagnosis names
// the causes with their certainty, the HAR export keeps them with their figures in `_uniTask.diagnosis`, the
// details' Overview shows each one (summary, evidence, fix), and the healthy scenarios show none
// (harness/diagnosis-suite.ts). Here DevTools' own network record is there: a refused port, a CORS refusal and a
// 302 are certain.

import { afterAll, beforeAll, describe } from 'vitest';
import { type FixtureEnv, freePort, type Runtime, startFixtureEnv } from '../fixtures/index';
import { startTransferServer, type TransferServer } from '../server/server';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { diagnosisSuite } from './harness/diagnosis-suite';
import { FAULT_SCENARIO, openFaultPage } from './harness/fault-equivalence';

const RUNTIMES: Runtime[] = ['vue3-prod', 'vue3-notree', 'vue2', 'vue3-dev'];

const setup = {} as { env: FixtureEnv; chromium: ChromiumSession; other: TransferServer; refused: string };

beforeAll(async () => {
  setup.env = await startFixtureEnv({ runtimes: RUNTIMES, verbose: false });
  setup.other = await startTransferServer();
  setup.refused = `http://127.0.0.1:${await freePort()}`;
  setup.chromium = await launchChromium();
});
afterAll(async () => {
  await setup.chromium?.close();
  await setup.other?.close();
  await setup.env?.close();
});

describe.each(RUNTIMES)('a diagnosis for each real fault in %s (Chromium)', (runtime) => {
  diagnosisSuite({
    runtime,
    seen: 'devtools',
    open: async () => {
      const page = await openFaultPage(setup.chromium.browser, setup.env.appUrl(runtime, FAULT_SCENARIO));
      return { page, panel: await setup.chromium.openPanel(page) };
    },
    where: () => ({ api: setup.env.server.origin, other: setup.other.origin, refused: setup.refused }),
    appUrl: (scenario) => setup.env.appUrl(runtime, scenario),
  });
});
