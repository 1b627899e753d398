// Odd arguments to uni.uploadFile / uni.downloadFile behave exactly as they would without the extension: the
// same exception, or the same callbacks and promise outcome, in every runtime (Chromium), with and without it.

import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureEnv, RUNTIMES, startFixtureEnv } from '../fixtures/index';
import { type Comparison, launchComparison } from './harness/comparison';
import { withFixturePage } from './harness/fixture-page';
import { type OddOutcome, runOddArguments } from './odd-arguments';

let env: FixtureEnv;
let browsers: Comparison;

async function outcomes(browser: Browser, url: string): Promise<OddOutcome[]> {
  const pageErrors: string[] = [];
  const result = await withFixturePage(
    browser,
    url,
    (page) => page.evaluate(runOddArguments),
    (page) => page.on('pageerror', (error) => pageErrors.push(String(error))),
  );
  return [...result, { shape: 'uncaught page errors', callbacks: pageErrors }];
}

beforeAll(async () => {
  env = await startFixtureEnv({ runtimes: RUNTIMES, verbose: false });
  browsers = await launchComparison();
});

afterAll(async () => {
  await browsers?.close();
  await env?.close();
});

describe.each(RUNTIMES)('odd arguments in %s', (runtime) => {
  it('behave identically with and without the extension', async () => {
    const url = env.appUrl(runtime, 'request-and-fetch');
    const without = await outcomes(browsers.plain.browser, url);
    const withExtension = await outcomes(browsers.instrumented.browser, url);
    expect(without.length).toBeGreaterThanOrEqual(30);
    for (const [index, outcome] of withExtension.entries()) expect(outcome).toEqual(without[index]);
  });
});
