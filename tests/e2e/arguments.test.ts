// Odd arguments to uni.uploadFile / uni.downloadFile behave exactly as they would without the extension: the
// same exception, or the same callbacks and promise outcome, in every runtime (Chromium), with and without it.

import type { Browser } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../fixtures/index';
import { withFixturePage } from './harness/fixture-page';
import { useComparison } from './harness/setup';
import { type OddOutcome, runOddArguments } from './odd-arguments';

const setup = useComparison({ runtimes: RUNTIMES, verbose: false });

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

describe.each(RUNTIMES)('odd arguments in %s', (runtime) => {
  it('behave identically with and without the extension', async () => {
    const url = setup.env.appUrl(runtime, 'request-and-fetch');
    const without = await outcomes(setup.browsers.plain.browser, url);
    const withExtension = await outcomes(setup.browsers.instrumented.browser, url);
    expect(without.length).toBeGreaterThanOrEqual(30);
    for (const [index, outcome] of withExtension.entries()) expect(outcome).toEqual(without[index]);
  });
});
