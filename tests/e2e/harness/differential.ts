// Transparency: a fixture scenario run with and without the extension; what the app observes (callbacks,
// arguments, return types, errors: `__uniFixture.log`) must be identical, and both runs pass the fixture's own
// checks (tests/fixtures/fixture-checks.ts: uni's results, and what the server received). Used by the
// differential-*.test.ts files, one per runtime (and one for Firefox), so that the e2e stage can run them side by side.

import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../../scripts/manifest';
import { CHECKED_SCENARIOS, checkScenario, describeFixtureExtras, runScenario } from '../../fixtures/fixture-checks';
import type { FixtureEnv, Runtime } from '../../fixtures/index';
import { type FirefoxSession, launchFirefox } from './firefox';
import { waitForFixtureDone, withFixturePage } from './fixture-page';
import { launchExtensionFirefox, useComparison, useFixtureEnv } from './setup';
import { extensionWorker, rule, storeRules } from './stored-rules';

// `demo` is for humans (buttons, long transfers); every other scenario is compared.
export const COMPARED = CHECKED_SCENARIOS;

type PageSource = { newPage(): Promise<Page> };

function observe(browser: PageSource, url: string): Promise<unknown> {
  return withFixturePage(browser, url, (page) =>
    page.evaluate(() => (window as unknown as { __uniFixture: { log: unknown } }).__uniFixture.log),
  );
}

type Observe = (url: string) => Promise<unknown>;
const inNewPage =
  (browser: PageSource): Observe =>
  (url) =>
    observe(browser, url);

/**
 * The record with the extension must be one the app also produces without it. A few scenarios depend on timing
 * (whether a loopback upload fires one progress event or none), so a mismatch re-runs the plain side twice.
 */
async function expectSameObservation(withExtension: Observe, withoutBrowser: Browser, url: string): Promise<void> {
  const seen = await withExtension(url);
  let without = await observe(withoutBrowser, url);
  for (let retry = 0; retry < 2 && !isDeepStrictEqual(seen, without); retry++) {
    without = await observe(withoutBrowser, url);
  }
  expect(seen).toEqual(without);
}

/**
 * Every scenario of `runtime` in Chromium with and without the extension; with `unmatchedRules`, again with network
 * conditions (issue 11) stored that match none of the app's tasks: the app still observes exactly the same.
 */
/**
 * A scenario with and without the extension: each run passes the fixture's checks (uni's results, the server's
 * uploads), and the app observed the same (expectSameObservation's retries for timing included).
 */
async function expectSameScenario(
  env: FixtureEnv,
  runtime: Runtime,
  scenario: string,
  withExtension: PageSource,
  withoutBrowser: Browser,
): Promise<void> {
  const seen = await runScenario(withExtension, env, runtime, scenario);
  checkScenario(runtime, scenario, seen);
  let without = await runScenario(withoutBrowser, env, runtime, scenario);
  checkScenario(runtime, scenario, without);
  for (let retry = 0; retry < 2 && !isDeepStrictEqual(seen.F.log, without.F.log); retry++) {
    without = await runScenario(withoutBrowser, env, runtime, scenario);
    checkScenario(runtime, scenario, without);
  }
  expect(seen.F.log).toEqual(without.F.log);
}

/**
 * Every scenario of `runtime` in Chromium with and without the extension; with `unmatchedRules`, again with network
 * conditions (issue 11) stored that match none of the app's tasks: the app still observes exactly the same.
 */
export function describeChromiumDifferential(runtime: Runtime, { unmatchedRules = false } = {}): void {
  const setup = useComparison({ runtimes: [runtime], verbose: false });
  describeFixtureExtras(runtime, {
    get env() {
      return setup.env;
    },
    pages: () => setup.browsers.plain.browser,
  });
  describe(`Chromium ${runtime}: the app observes the same with and without the extension`, () => {
    it.each(COMPARED)('%s', async (scenario) => {
      await expectSameScenario(
        setup.env,
        runtime,
        scenario,
        setup.browsers.instrumented.browser,
        setup.browsers.plain.browser,
      );
    });
  });
  if (!unmatchedRules) return;
  describe(`Chromium ${runtime} with rules stored that match nothing: the app observes the same`, () => {
    // Valid, on, and of effects the app would notice; their matches name no URL of the fixture.
    const UNMATCHED = [
      rule('diff-never', '/never-matches/', { effect: 'offline' }),
      rule('diff-never-upload', 'never-matches-either', { effect: 'status', status: 500, kind: 'upload' }),
    ];
    beforeAll(async () => {
      await storeRules(await extensionWorker(setup.browsers.instrumented.browser), UNMATCHED);
    });
    afterAll(async () => {
      await storeRules(await extensionWorker(setup.browsers.instrumented.browser), []);
    });
    // Rules apply only to a tab our panel inspects: one tab, with DevTools open on our panel before the first
    // scenario loads, goes to each scenario in turn (opening DevTools for every page cost more than the scenario).
    let inspected: Page;
    beforeAll(async () => {
      inspected = await setup.browsers.instrumented.newPage();
      await setup.browsers.instrumented.openPanel(inspected);
    });
    afterAll(() => inspected?.close());
    const inInspectedTab: Observe = async (url) => {
      await inspected.goto(url, { waitUntil: 'load' });
      await waitForFixtureDone(inspected);
      return inspected.evaluate(() => (window as unknown as { __uniFixture: { log: unknown } }).__uniFixture.log);
    };
    it.each(COMPARED)('%s', async (scenario) => {
      await expectSameObservation(inInspectedTab, setup.browsers.plain.browser, setup.env.appUrl(runtime, scenario));
    });
  });
}

/** The default production build in Firefox, with and without the extension. */
export function describeFirefoxDifferential(): void {
  const setup = useFixtureEnv({ runtimes: ['vue3-prod'], verbose: false });
  describe('Firefox vue3-prod: the app observes the same with and without the extension', () => {
    let bare: FirefoxSession;
    let loaded: FirefoxSession;
    beforeAll(async () => {
      bare = await launchFirefox({ extensionDir: '', geckoId: GECKO_ID });
      loaded = await launchExtensionFirefox();
    });
    afterAll(async () => {
      await bare?.close();
      await loaded?.close();
    });
    it.each(COMPARED)('%s', async (scenario) => {
      await expectSameObservation(inNewPage(loaded.browser), bare.browser, setup.env.appUrl('vue3-prod', scenario));
    });
  });
}
