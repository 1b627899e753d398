// Transparency: every fixture scenario, in every runtime, run in Chromium with and without the extension;
// what the app observes (callbacks, arguments, return types, errors: `__uniFixture.log`) must be identical.
// Firefox runs the default production build the same way. Network conditions (issue 11): with rules stored that
// match none of the app's tasks, the app still observes exactly what it observes without the extension.

import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../scripts/manifest';
import { RUNTIMES, SCENARIOS } from '../fixtures/index';
import { type FirefoxSession, launchFirefox } from './harness/firefox';
import { withFixturePage } from './harness/fixture-page';
import { launchExtensionFirefox, useComparison } from './harness/setup';
import { extensionWorker, rule, storeRules } from './harness/stored-rules';

// `demo` is for humans (buttons, long transfers); every other scenario is compared.
const COMPARED = SCENARIOS.filter((scenario) => scenario !== 'demo');

const setup = useComparison({ runtimes: RUNTIMES, verbose: false });

type PageSource = { newPage(): Promise<Page> };

function observe(browser: PageSource, url: string): Promise<unknown> {
  return withFixturePage(browser, url, (page) =>
    page.evaluate(() => (window as unknown as { __uniFixture: { log: unknown } }).__uniFixture.log),
  );
}

/**
 * The record with the extension must be one the app also produces without it. A few scenarios depend on timing
 * (whether a loopback upload fires one progress event or none), so a mismatch re-runs the plain side twice.
 */
async function expectSameObservation(withBrowser: PageSource, withoutBrowser: Browser, url: string): Promise<void> {
  const withExtension = await observe(withBrowser, url);
  let without = await observe(withoutBrowser, url);
  for (let retry = 0; retry < 2 && !isDeepStrictEqual(withExtension, without); retry++) {
    without = await observe(withoutBrowser, url);
  }
  expect(withExtension).toEqual(without);
}

describe.each(RUNTIMES)('Chromium %s: the app observes the same with and without the extension', (runtime) => {
  it.each(COMPARED)('%s', async (scenario) => {
    await expectSameObservation(
      setup.browsers.instrumented.browser,
      setup.browsers.plain.browser,
      setup.env.appUrl(runtime, scenario),
    );
  });
});

describe.each(['vue3-prod', 'vue3-notree'] as const)(
  'Chromium %s with rules stored that match nothing: the app observes the same',
  (runtime) => {
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
    // Rules apply only to the inspected tab: each instrumented page has our panel open before it loads.
    const inspected: PageSource = {
      async newPage() {
        const page = await setup.browsers.instrumented.newPage();
        await setup.browsers.instrumented.openPanel(page);
        return page;
      },
    };
    it.each(COMPARED)('%s', async (scenario) => {
      await expectSameObservation(inspected, setup.browsers.plain.browser, setup.env.appUrl(runtime, scenario));
    });
  },
);

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
    await expectSameObservation(loaded.browser, bare.browser, setup.env.appUrl('vue3-prod', scenario));
  });
});
