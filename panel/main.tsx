// Entry of the DevTools panel page. Inside DevTools the inspected tab comes from devtools.inspectedWindow;
// opened as a normal extension tab (tests, debugging) it comes from the ?tabId= query.

import { render } from 'preact';
import browser from 'webextension-polyfill';
import { App } from './app';
import { connectPanel } from './connection';
import { loadSettings } from './settings';
import { dispatch, onResync } from './store';
import './panel.css';

function inspectedTabId(): number | null {
  const fromDevtools = browser.devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  return Number.isSafeInteger(fromQuery) && fromQuery > 0 ? fromQuery : null;
}

const tabId = inspectedTabId();
if (tabId !== null) {
  const connection = connectPanel(
    tabId,
    (message) => dispatch(message),
    () => dispatch({ type: 'port-disconnected' }),
    () => dispatch({ type: 'rejected' }),
  );
  onResync(() => connection.requestSnapshot());
}

// Chromium tells the DevTools theme ('default' | 'dark'); elsewhere follow the system setting.
const themeName = (browser.devtools?.panels as { themeName?: string } | undefined)?.themeName;
const dark = themeName ? themeName === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
document.documentElement.classList.toggle('theme-dark', dark);

void loadSettings();

const root = document.getElementById('root');
if (root) render(<App />, root);
