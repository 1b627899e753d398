// The diagnosis suite of one runtime in one browser (tests/e2e/diagnosis-*.test.ts): every real fault of
// harness/diagnosis.ts through the app's own uni call with the real panel open, then the HAR export's figures, the
// details' sections, and no diagnosis on the fixture's healthy scenarios.

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../fixtures/index';
import {
  DIAGNOSIS_CASES,
  detailsDiagnosis,
  exportedDiagnosis,
  exportedEntries,
  type HarEntry,
  rowDiagnosis,
  runDiagnosisCase,
  type Seen,
  type Where,
} from './diagnosis';
import { waitForFixtureDone } from './fixture-page';
import { type PanelHandle, setInputValue, showDetailsTab, waitForFinalRows } from './panel-handle';

/** The fixture's scenarios whose every transfer succeeds as intended (the differential suite runs them all). */
export const HEALTHY_SCENARIOS = [
  'launch',
  'upload-callback',
  'upload-files',
  'upload-promise',
  'download-promise',
  'concurrent',
  'upload-http-path',
];

const PHASE_NAMES = ['preparing', 'redirect', 'dns', 'connect', 'tls', 'sending', 'waiting', 'receiving'];

export interface SuiteOptions {
  runtime: Runtime;
  seen: Seen;
  /** Opens the fault page with the panel on it. */
  open: () => Promise<{ page: Page; panel: PanelHandle }>;
  where: () => Omit<Where, 'tag'>;
  appUrl: (scenario: string) => string;
  /** Cases this browser cannot make (the offline case needs CDP). */
  skip?: string[];
}

export function diagnosisSuite(options: SuiteOptions): void {
  const { runtime, seen } = options;
  const tagOf = (index: number) => `dg=${runtime}-c${String(index).padStart(2, '0')}`;
  const cases = DIAGNOSIS_CASES.map((item, index) => [item.name, item, index] as const).filter(
    ([name, item]) => !options.skip?.includes(name) && (!item.runtimes || item.runtimes.includes(runtime)),
  );
  const opened = {} as { page: Page; panel: PanelHandle };
  const exported: HarEntry[] = [];

  beforeAll(async () => {
    Object.assign(opened, await options.open());
  });
  afterAll(async () => {
    await opened.panel?.close();
    await opened.page?.close();
  });

  it.each(cases)('%s', async (_name, item, index) => {
    const observed = await runDiagnosisCase(opened.page, item, { ...options.where(), tag: tagOf(index) });
    expect(observed.ended, 'the call ended').toBe(true);
    const expected = item.expect(runtime, seen);
    const causes = expected.causes.map((cause) => cause.split(':')[0] as string);
    expect(await rowDiagnosis(opened.panel, tagOf(index), causes)).toEqual(causes);
  });

  it('exports each diagnosis with its certainty and figures in the HAR', async () => {
    const entries = await exportedEntries(opened.panel);
    exported.push(...entries);
    for (const [, item, index] of cases) {
      const expected = item.expect(runtime, seen);
      const exported = exportedDiagnosis(entries, tagOf(index));
      expect(
        exported.map(({ cause, certainty }) => `${cause}:${certainty}`),
        item.name,
      ).toEqual(expected.causes);
      if (expected.evidence) expect(exported[0]?.evidence, item.name).toMatchObject(expected.evidence);
    }
  });

  it("takes the network phases from the browser's Resource Timing (the 500 upload: same origin, answered)", async () => {
    const index = cases.find(([name]) => name.includes('500'))?.[2] as number;
    // The entries of the export above (a second export of the same tasks would be the same text: nothing to wait for).
    const entry = exported.find((item) => item.request.url.includes(tagOf(index)));
    const timing = entry?._uniTask?.resourceTiming ?? {};
    expect(timing, 'exported').toMatchObject({ protocol: 'http/1.1' });
    expect(timing.requestStart as number).toBeGreaterThanOrEqual(timing.start as number);
    expect(timing.responseStart as number).toBeGreaterThanOrEqual(timing.requestStart as number);
    expect(entry?.timings.dns, 'a known DNS time, not -1').toBeGreaterThanOrEqual(0);
    expect(entry?.timings.connect).toBeGreaterThanOrEqual(0);
    await setInputValue(opened.panel, '[data-testid="filter"]', tagOf(index));
    await showDetailsTab(opened.panel, 'overview', `[data-testid="task-row"][data-url*="${tagOf(index)}"]`);
    await opened.panel.waitFor(() => document.querySelector('[data-testid="details-timing"]') !== null);
    const shown = await opened.panel.evaluate<{ source?: string; phases: (string | undefined)[] }>(() => {
      const section = document.querySelector<HTMLElement>('[data-testid="details-timing"]');
      const phases = [...(section?.querySelectorAll<HTMLElement>('[data-phase]') ?? [])].map(
        (row) => row.dataset.phase,
      );
      return { source: section?.dataset.source, phases };
    });
    expect(shown.source).toBe('browser');
    // Which phases are long enough to list varies (Firefox gives whole milliseconds: on loopback, requestStart and
    // responseStart can be the same); the answer's arrival always takes some.
    expect(shown.phases.length).toBeGreaterThan(0);
    expect(shown.phases.every((phase) => PHASE_NAMES.includes(phase as string))).toBe(true);
  });

  it("shows the timeout's diagnosis first in the details: what happened, the figures, what to change", async () => {
    const shown = await detailsDiagnosis(opened.panel, tagOf(0));
    expect(shown.map(({ cause, certainty }) => [cause, certainty])).toEqual([['uni-timeout', 'certain']]);
    const [timeout] = shown;
    expect(timeout?.summary).not.toBe('');
    // The call's 600 ms, or (the call unseen, vue3-prod) the time it ran: 600 ms or more, by the page's timer.
    // (The table's cells run together in textContent: "Ended after602 msBytes done…".)
    const durations = [...(timeout?.evidence ?? '').matchAll(/(\d+(?:\.\d+)?)\s?(ms|s)/g)].map(
      ([, value, unit]) => Number(value) * (unit === 's' ? 1000 : 1),
    );
    expect(
      durations.some((ms) => ms >= 600 && ms < 10_000),
      timeout?.evidence,
    ).toBe(true);
    expect(timeout?.fix).toMatch(/timeout/);
    // Copy diagnosis: Markdown with the cause's id, for the backend team.
    type LastCopy = { __uniTransferLastCopy?: { kind: string; text: string } };
    await opened.panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="copy-diagnosis"]')?.click());
    await opened.panel.waitFor(() => (globalThis as LastCopy).__uniTransferLastCopy?.kind === 'diagnosis');
    const copied = await opened.panel.evaluate<string>(
      () => (globalThis as LastCopy).__uniTransferLastCopy?.text ?? '',
    );
    expect(copied).toContain('(uni-timeout)');
    expect(copied).toContain(tagOf(0));
  });

  // Last: it navigates the inspected tab away from the fault page.
  it.each(HEALTHY_SCENARIOS)('shows no diagnosis on the healthy scenario %s', async (scenario) => {
    const { page, panel } = opened;
    await page.goto(options.appUrl(scenario), { waitUntil: 'load' });
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
}
