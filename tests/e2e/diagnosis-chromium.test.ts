// Issue 18, proof by real faults: for each cause, the fault really happens (harness/diagnosis.ts: the test server
// misbehaving as real servers do, a refused port, a revoked blob URL, the browser offline), through the app's own
// uni call, in the four real runtimes, with the REAL DevTools panel open in Chromium; the row's data-diagnosis names
// the causes with their certainty, the HAR export keeps them with their figures in `_uniTask.diagnosis`, and the
// details' Overview shows each one (summary, evidence, fix).

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureEnv, freePort, type Runtime, startFixtureEnv } from '../fixtures/index';
import { startTransferServer, type TransferServer } from '../server/server';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import {
  DIAGNOSIS_CASES,
  detailsDiagnosis,
  exportedDiagnosis,
  exportedEntries,
  rowDiagnosis,
  runDiagnosisCase,
  type Where,
} from './harness/diagnosis';
import { FAULT_SCENARIO, openFaultPage } from './harness/fault-equivalence';
import { waitForFixtureDone } from './harness/fixture-page';
import { type PanelHandle, setInputValue, waitForFinalRows } from './harness/panel-handle';

const RUNTIMES: Runtime[] = ['vue3-prod', 'vue3-notree', 'vue2', 'vue3-dev'];
/** The fixture's scenarios whose every transfer succeeds as intended (the differential suite runs them all). */
const HEALTHY_SCENARIOS = [
  'launch',
  'upload-callback',
  'upload-files',
  'upload-promise',
  'download-promise',
  'concurrent',
  'upload-http-path',
];

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

const tagOf = (runtime: Runtime, index: number) => `dg=${runtime}-c${String(index).padStart(2, '0')}`;

describe.each(RUNTIMES)('a diagnosis for each real fault in %s (Chromium)', (runtime) => {
  let page: Page;
  let panel: PanelHandle;

  beforeAll(async () => {
    page = await openFaultPage(setup.chromium.browser, setup.env.appUrl(runtime, FAULT_SCENARIO));
    panel = await setup.chromium.openPanel(page);
  });
  afterAll(async () => {
    await panel?.close();
    await page?.close();
  });

  const where = (index: number): Where => ({
    api: setup.env.server.origin,
    other: setup.other.origin,
    refused: setup.refused,
    tag: tagOf(runtime, index),
  });

  it.each(DIAGNOSIS_CASES.map((item, index) => [item.name, item, index] as const))('%s', async (_name, item, index) => {
    const observed = await runDiagnosisCase(page, item, where(index));
    expect(observed.ended, 'the call ended').toBe(true);
    const expected = item.expect(runtime);
    expect(await rowDiagnosis(panel, tagOf(runtime, index))).toEqual(
      expected.causes.map((cause) => cause.split(':')[0]),
    );
  });

  it('exports each diagnosis with its certainty and figures in the HAR', async () => {
    const entries = await exportedEntries(panel);
    for (const [index, item] of DIAGNOSIS_CASES.entries()) {
      const expected = item.expect(runtime);
      const exported = exportedDiagnosis(entries, tagOf(runtime, index));
      expect(
        exported.map(({ cause, certainty }) => `${cause}:${certainty}`),
        item.name,
      ).toEqual(expected.causes);
      if (expected.evidence) expect(exported[0]?.evidence, item.name).toMatchObject(expected.evidence);
    }
  });

  it("shows the timeout's diagnosis first in the details: what happened, the figures, what to change", async () => {
    const shown = await detailsDiagnosis(panel, tagOf(runtime, 0));
    expect(shown.map(({ cause, certainty }) => [cause, certainty])).toEqual([['uni-timeout', 'certain']]);
    const [timeout] = shown;
    expect(timeout?.summary).not.toBe('');
    expect(timeout?.evidence).toMatch(/600\s?ms/);
    expect(timeout?.fix).toMatch(/timeout/);
  });

  // Last: it navigates the inspected tab away from the fault page.
  it.each(HEALTHY_SCENARIOS)('shows no diagnosis on the healthy scenario %s', async (scenario) => {
    await page.goto(setup.env.appUrl(runtime, scenario), { waitUntil: 'load' });
    await waitForFixtureDone(page);
    const transfers = await page.evaluate(
      () =>
        (window as unknown as { __uniFixture: { log: { kind: string; api?: string }[] } }).__uniFixture.log.filter(
          (entry) => entry.kind === 'call' && (entry.api === 'uploadFile' || entry.api === 'downloadFile'),
        ).length,
    );
    await setInputValue(panel, '[data-testid="filter"]', '');
    const rows = await waitForFinalRows(panel, transfers);
    expect(rows).toHaveLength(transfers);
    expect(rows.filter((row) => row.diagnosis !== undefined)).toEqual([]);
  });
});
