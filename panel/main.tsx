// Entry of the DevTools panel page. Inside DevTools the inspected tab comes from devtools.inspectedWindow;
// opened as a normal extension tab (tests, debugging) it comes from the ?tabId= query.

import browser from 'webextension-polyfill';
import { portTransport } from './connection';
import { mountPanel } from './mount';
import { loadSettings } from './settings';

function inspectedTabId(): number | null {
  const fromDevtools = browser.devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  return Number.isSafeInteger(fromQuery) && fromQuery > 0 ? fromQuery : null;
}

// Chromium tells the DevTools theme ('default' | 'dark'); elsewhere follow the system setting, which Firefox's
// DevTools theme follows by default. `?theme=dark|light` overrides both (tests, screenshots).
function prefersDark(): boolean {
  const query = new URLSearchParams(location.search).get('theme');
  if (query) return query === 'dark';
  const themeName = (browser.devtools?.panels as { themeName?: string } | undefined)?.themeName;
  return themeName ? themeName === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
}

const root = document.getElementById('root');
const tabId = inspectedTabId();
void loadSettings();
if (root) {
  const transport = tabId === null ? { start() {}, send() {} } : portTransport(tabId);
  mountPanel(root, transport, { dark: prefersDark() });
  // The user may switch the DevTools theme while the panel is open (both browsers fire this).
  const panels = browser.devtools?.panels as { onThemeChanged?: { addListener(fn: (name: string) => void): void } };
  panels?.onThemeChanged?.addListener((name) =>
    document.documentElement.classList.toggle('theme-dark', name === 'dark'),
  );
}
