// Issue 18 in Firefox: the real faults of harness/diagnosis.ts through the app's own uni call, default production
// build, the REAL toolbox panel. Firefox's devtools.network record gives a redirect's status (a 302 on an upload is
// certain), but no error name and no preflight entry: a refused port or a CORS refusal stays "likely", both named.
// Not the offline case: it needs CDP.

import { afterAll, describe } from 'vitest';
import { freePort } from '../fixtures/index';
import { startTransferServer, type TransferServer } from '../server/server';
import { PANEL_TITLE } from './harness/chromium';
import { diagnosisSuite } from './harness/diagnosis-suite';
import { FAULT_SCENARIO, openFaultPage } from './harness/fault-equivalence';
import { useFirefox } from './harness/setup';

const RUNTIME = 'vue3-prod';
const setup = useFirefox({ runtimes: [RUNTIME], verbose: false });
const servers = {} as { other: TransferServer; refused: string };

describe(`a diagnosis for each real fault in ${RUNTIME} (Firefox)`, () => {
  diagnosisSuite({
    runtime: RUNTIME,
    seen: 'firefox',
    open: async () => {
      servers.other = await startTransferServer();
      servers.refused = `http://127.0.0.1:${await freePort()}`;
      const page = await openFaultPage(setup.firefox.browser, setup.env.appUrl(RUNTIME, FAULT_SCENARIO));
      return { page, panel: await setup.firefox.openDevToolsPanel(page, PANEL_TITLE) };
    },
    where: () => ({ api: setup.env.server.origin, other: servers.other.origin, refused: servers.refused }),
    appUrl: (scenario) => setup.env.appUrl(RUNTIME, scenario),
    skip: ['the browser is offline'],
  });
  afterAll(async () => {
    await servers.other?.close();
  });
});
