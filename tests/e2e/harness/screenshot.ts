// A picture of the real DevTools window on our panel (README screenshots, `npm start -- --screenshot`).

import type { Page } from 'puppeteer';

/** Undocks DevTools (docked, the page area renders blank in a headless capture) and writes a PNG of it. */
export async function screenshotDevtools(devtools: Page, file: string, size = { width: 1280, height: 720 }) {
  await devtools.evaluate(`(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide('undocked');
  })()`);
  await devtools.setViewport(size);
  await devtools.screenshot({ path: file as `${string}.png` });
}
