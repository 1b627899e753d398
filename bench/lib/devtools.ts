// DevTools showing Chrome's own Network panel (the reference bench:pipeline compares our panel with).

import type { Page } from 'puppeteer';

// Source text: it runs in the DevTools page and imports the frontend's own module (shared/docs/browsers.md).
const SHOW_NETWORK = `(async () => {
  try {
    const UI = await import('./ui/legacy/legacy.js');
    const pane = UI.InspectorView.InspectorView.instance().tabbedPane;
    if (!pane.tabIds().includes('network')) return false;
    if (pane.selectedTabId !== 'network') globalThis.DevToolsAPI.showPanel('network');
    return pane.selectedTabId === 'network';
  } catch {
    return false; // "Unable to create settings" for a moment right after opening
  }
})()`;

/** Opens DevTools for the page and shows the Network panel; resolves with the DevTools page once it shows. */
export async function openNetworkPanel(page: Page, timeoutMs = 30_000): Promise<Page> {
  const devtools = await page.openDevTools();
  const deadline = Date.now() + timeoutMs;
  while (!(await devtools.evaluate(SHOW_NETWORK).catch(() => false))) {
    if (Date.now() > deadline) throw new Error('DevTools did not show the Network panel');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return devtools;
}
