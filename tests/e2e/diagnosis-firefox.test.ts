// Issue 18 in Firefox: the real faults of harness/diagnosis.ts through the app's own uni call, default production
// build, the REAL toolbox panel. Firefox tells an extension's devtools.network listener nothing until its own
// Network panel has been shown, so the panel has the page's record only: a refused port or a CORS refusal is named
// as both causes, "likely", and a 302's status is not known ("likely" too). Not the offline case: it needs CDP.

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
    seen: 'page',
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
