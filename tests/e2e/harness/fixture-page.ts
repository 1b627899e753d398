// Fixture pages record what the app observes in window.__uniFixture and set `done` when the scenario settled.
import type { Page } from 'puppeteer';

export function waitForFixtureDone(page: Page, timeoutMs = 90_000): Promise<unknown> {
  return page.waitForFunction(() => (window as unknown as { __uniFixture?: { done: boolean } }).__uniFixture?.done, {
    timeout: timeoutMs,
  });
}

/** Opens url in a new page, waits for its scenario to settle, runs `use`, and always closes the page. */
export async function withFixturePage<T>(
  browser: { newPage(): Promise<Page> },
  url: string,
  use: (page: Page) => Promise<T>,
  beforeLoad?: (page: Page) => void,
): Promise<T> {
  const page = await browser.newPage();
  try {
    beforeLoad?.(page);
    await page.goto(url, { waitUntil: 'load' });
    await waitForFixtureDone(page);
    return await use(page);
  } finally {
    await page.close();
  }
}
