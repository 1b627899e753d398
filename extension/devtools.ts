// Registers the "uni Transfers" panel. The panel page is listed in vite.config.ts build inputs because crxjs
// emits only pages that the manifest names (shared/docs/browsers.md).
import browser from 'webextension-polyfill';

export const PANEL_TITLE = 'uni Transfers';

browser.devtools.panels.create(PANEL_TITLE, '/icons/icon-32.png', '/panel/index.html').catch(() => {
  // Nothing to do: without the panel there is nothing to show.
});
