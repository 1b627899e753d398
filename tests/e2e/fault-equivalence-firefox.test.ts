// Fault equivalence in Firefox (issue 11), default production build: for each effect of the network conditions,
// the rule is set through the REAL toolbox panel's Conditions editor (panel → storage.local → relay → agent), the
// app's own uni call is made under it, and what the app observes must equal what it observes of the same fault
// made for real by the test server, apart from times and progress granularity (harness/fault-equivalence.ts,
// normalize()). The real faults run in the same page: no rule matches their URLs (the rule matches the injected
// calls' tag only), so the agent leaves them alone. Callback and promise mode; the matrix and the one known
// difference (a status rule's answer has the rule's headers only) are described in fault-equivalence-chromium.
// An upload's byte totals are compared within a few bytes: Firefox's multipart boundary varies in length.

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/index';
import { PANEL_TITLE } from './harness/chromium';
import { EQUIVALENCE_CASES, type EquivalenceContext, rowConditions, runEquivalenceCase } from './harness/conditions';
import { rowDiagnosis } from './harness/diagnosis';
import { FAULT_SCENARIO, openFaultPage, progressShape } from './harness/fault-equivalence';
import type { PanelHandle } from './harness/panel-handle';
import { useFirefox } from './harness/setup';

const RUNTIME = 'vue3-prod';
const setup = useFirefox({ runtimes: [RUNTIME], verbose: false });

describe(`injected faults equal real ones in ${RUNTIME} (Firefox)`, () => {
  let page: Page;
  let panel: PanelHandle;
  let context: EquivalenceContext;

  beforeAll(async () => {
    page = await openFaultPage(setup.firefox.browser, setup.env.appUrl(RUNTIME, FAULT_SCENARIO));
    panel = await setup.firefox.openDevToolsPanel(page, PANEL_TITLE);
    context = {
      injectedPage: page,
      realPage: page,
      panel,
      server: setup.env.server,
      refusedPort: await freePort(),
      prefix: `fe-ff-${RUNTIME}`,
      // Two boundaries (a single file part) of 53 characters or a few less: a difference of up to a few bytes.
      uploadSizeSlack: 8,
    };
  });
  afterAll(async () => {
    await panel?.close();
    await page?.close();
  });

  it.each(EQUIVALENCE_CASES.map((item, index) => [item.name, item, index] as const))(
    '%s',
    async (_name, item, index) => {
      const results = await runEquivalenceCase(context, item, index);
      for (const [i, result] of results.entries()) {
        expect(result.injected, result.label).toEqual(result.real);
        const max = item.calls[i]?.maxProgress;
        if (max !== undefined) {
          for (const { event } of result.rawInjected.progress)
            expect(event.progress as number).toBeLessThanOrEqual(max);
          expect(progressShape(result.rawInjected.progress).monotone, `${result.label}: monotone`).toBe(true);
        }
        const reaches = item.calls[i]?.reachesServer;
        expect(result.serverSaw > 0, `${result.label}: reaches the server`).toBe(reaches);
        expect(await rowConditions(panel, result.tag), result.label).toEqual([item.rule.effect]);
        // A simulated fault is never taken for a real one (issue 18): the rule is the diagnosis, a throttle none.
        expect(await rowDiagnosis(panel, result.tag), result.label).toEqual(
          item.rule.effect === 'throttle' ? [] : ['condition'],
        );
      }
    },
  );
});
