// Fault equivalence in Chromium (issue 11): for each effect of the network conditions, the rule is set through
// the REAL DevTools panel's Conditions editor (panel → storage.local → relay → agent), the app's own uni call is
// made under it, and what the app observes must equal what it observes of the same fault made for real by the
// test server, in a Chromium without the extension (fault-real.test.ts has the references), apart from times and
// progress granularity (harness/fault-equivalence.ts, normalize()). Four runtimes, callback and promise mode.
// The matrix (harness/conditions.ts, EQUIVALENCE_CASES), one rule at a time, removed after its case: status 413
// with a body without the server (upload, download × callback, promise), status 503 reaching the server (upload
// callback, download promise), fail at 50 % ↔ a cut at 50 % (upload, download × both modes), stall at 50 % ↔ a
// hang, ended by the call's timeout (download callback, upload promise) or task.abort() (upload callback),
// throttle 400 kB/s down ↔ ?rate=400000 (both modes), offline ↔ a refused port (upload, download × both modes).
// Each injected task's panel row says data-condition=<effect>, and its request reached the server or not as the
// effect says.
//
// The one difference found: a status rule's answer has only the headers the rule defines (Content-Length,
// Content-Type), where the server's real answer has its own too (Date, Connection, Keep-Alive, Cache-Control, CORS
// headers, Vary), which the app sees in an upload's `header` (Vue 3). The comparison keeps the rule's headers
// (ruleHeadersOnly); everything else is equal.

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureEnv, freePort, type Runtime, startFixtureEnv } from '../fixtures/index';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { EQUIVALENCE_CASES, type EquivalenceContext, rowConditions, runEquivalenceCase } from './harness/conditions';
import { rowDiagnosis } from './harness/diagnosis';
import { FAULT_SCENARIO, openFaultPage, progressShape } from './harness/fault-equivalence';
import type { PanelHandle } from './harness/panel-handle';

const RUNTIMES: Runtime[] = ['vue3-prod', 'vue3-notree', 'vue2', 'vue3-dev'];

const setup = {} as { env: FixtureEnv; extension: ChromiumSession; plain: ChromiumSession; refusedPort: number };

beforeAll(async () => {
  setup.env = await startFixtureEnv({ runtimes: RUNTIMES, verbose: false });
  setup.extension = await launchChromium();
  setup.plain = await launchChromium({ withExtension: false });
  setup.refusedPort = await freePort();
});
afterAll(async () => {
  await setup.extension?.close();
  await setup.plain?.close();
  await setup.env?.close();
});

describe.each(RUNTIMES)('injected faults equal real ones in %s (Chromium)', (runtime) => {
  let injectedPage: Page;
  let realPage: Page;
  let panel: PanelHandle;
  let context: EquivalenceContext;

  beforeAll(async () => {
    injectedPage = await openFaultPage(setup.extension.browser, setup.env.appUrl(runtime, FAULT_SCENARIO));
    panel = await setup.extension.openPanel(injectedPage);
    realPage = await openFaultPage(setup.plain.browser, setup.env.appUrl(runtime, FAULT_SCENARIO));
    context = {
      injectedPage,
      realPage,
      panel,
      server: setup.env.server,
      refusedPort: setup.refusedPort,
      prefix: `fe-cr-${runtime}`,
    };
  });
  afterAll(async () => {
    await panel?.close();
    await injectedPage?.close();
    await realPage?.close();
  });

  it.each(EQUIVALENCE_CASES.map((item, index) => [item.name, item, index] as const))(
    '%s',
    async (_name, item, index) => {
      const results = await runEquivalenceCase(context, item, index);
      for (const result of results) {
        expect(result.injected, `${runtime}: ${result.label}`).toEqual(result.real);
        const max = item.calls[results.indexOf(result)]?.maxProgress;
        if (max !== undefined) {
          for (const { event } of result.rawInjected.progress)
            expect(event.progress as number).toBeLessThanOrEqual(max);
          expect(progressShape(result.rawInjected.progress).monotone, `${result.label}: monotone`).toBe(true);
        }
        const reaches = item.calls[results.indexOf(result)]?.reachesServer;
        expect(result.serverSaw > 0, `${runtime}: ${result.label}: reaches the server`).toBe(reaches);
        expect(await rowConditions(panel, result.tag), `${runtime}: ${result.label}`).toEqual([item.rule.effect]);
        // A simulated fault is never taken for a real one (issue 18): the rule is the diagnosis, a throttle none.
        expect(await rowDiagnosis(panel, result.tag), `${runtime}: ${result.label}`).toEqual(
          item.rule.effect === 'throttle' ? [] : ['condition'],
        );
      }
    },
  );
});
