// The npm package's viewer (issue 12) in a plain browser page, driven through the same automation contract as the
// DevTools panel (PanelHandle), and phones: browser contexts without the extension, with mobile emulation.

import { type Browser, KnownDevices, type Page } from 'puppeteer';
import { documentHandle, type PanelHandle } from './panel-handle';

export const pageHandle = (page: Page): PanelHandle => documentHandle(page, () => page.close());

/** Opens the viewer page; resolves once its hub socket is connected. */
export async function openViewer(browser: Browser, url: string): Promise<PanelHandle & { page: Page }> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const handle = pageHandle(page);
  await handle.waitFor(
    () => document.querySelector('[data-testid="viewer"]')?.getAttribute('data-hub-connected') === 'true',
  );
  return { ...handle, page };
}

export type Phone = 'iPhone 13' | 'Pixel 5';

/** A phone: a fresh browser context (its own cookies: its own device) emulating `model`. */
export async function openPhone(browser: Browser, model: Phone, url: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.emulate(KnownDevices[model]);
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

export const deviceCount = (viewer: PanelHandle) =>
  viewer.evaluate<number>(() =>
    Number(document.querySelector<HTMLElement>('[data-testid="device-count"]')?.dataset.count ?? 0),
  );

/** Waits until the viewer lists `count` devices. */
export function waitForDevices(viewer: PanelHandle, count: number): Promise<void> {
  return viewer.waitFor(
    (n: number) => Number(document.querySelector<HTMLElement>('[data-testid="device-count"]')?.dataset.count) === n,
    { args: [count] },
  );
}

/** Picks the newest device whose user agent contains `agentPart` in the device picker (value + change, as a user). */
export async function pickDevice(viewer: PanelHandle, agentPart: string): Promise<string> {
  await viewer.waitFor(
    (part: string) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="device-option"]')].some((o) =>
        o.dataset.userAgent?.includes(part),
      ),
    { args: [agentPart] },
  );
  return viewer.evaluate<string>((part: string) => {
    const picker = document.querySelector<HTMLSelectElement>('[data-testid="device-picker"]');
    // The newest such device (earlier tests' phones stay listed).
    const option = [...document.querySelectorAll<HTMLOptionElement>('[data-testid="device-option"]')]
      .filter((o) => o.dataset.userAgent?.includes(part))
      .sort((a, b) => Number(b.dataset.firstSeen) - Number(a.dataset.firstSeen))[0];
    if (!picker || !option) throw new Error(`no device ${part}`);
    picker.value = option.value;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    return option.value;
  }, agentPart);
}

/** The details' call text of the selected task, once shown. */
export async function callText(viewer: PanelHandle): Promise<string> {
  await viewer.waitFor(() => document.querySelector('[data-testid="details-call-text"]') !== null);
  return viewer.evaluate<string>(() => document.querySelector('[data-testid="details-call-text"]')?.textContent ?? '');
}

/** Shows the device's page (tab) that opened `rank`-th (0: the first), once the picker lists `count` pages. */
export async function pickPage(viewer: PanelHandle, rank: number, count: number): Promise<string> {
  await viewer.waitFor((n: number) => document.querySelectorAll('[data-testid="page-option"]').length === n, {
    args: [count],
  });
  return viewer.evaluate<string>((index: number) => {
    const picker = document.querySelector<HTMLSelectElement>('[data-testid="page-picker"]');
    const option = [...document.querySelectorAll<HTMLOptionElement>('[data-testid="page-option"]')].sort(
      (a, b) => Number(a.dataset.firstSeen) - Number(b.dataset.firstSeen),
    )[index];
    if (!picker || !option) throw new Error(`no page ${index}`);
    picker.value = option.value;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    return option.value;
  }, rank);
}

/** The URLs of the rows the viewer lists now. */
export const rowUrls = (viewer: PanelHandle) =>
  viewer.evaluate<string[]>(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => row.dataset.url ?? ''),
  );
