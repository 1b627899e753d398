// Mounts the panel UI on a transport: the DevTools page (panel/main.tsx) uses the runtime port, tests and the
// benchmark page use the in-memory transport (panel/transport.ts), the npm package's viewer page (viewer/) the
// WebSocket transport (panel/socket-transport.ts).

import { render } from 'preact';
import { editing, notice } from './actions';
import { App } from './app';
import { conditionsAvailable, watchConditions } from './conditions-store';
import { contextMenu } from './context-menu';
import { recordNetworkEntry, watchNetworkLog } from './network-log';
import { settleReply, useTransport } from './requests';
import { settingsAvailable } from './settings';
import { dispatch, onResync, resetPanel } from './store';
import type { PanelTransport } from './transport';
import './panel.css';

export interface MountOptions {
  dark: boolean;
  /**
   * The Conditions editor (default on). The viewer turns it off: its rules live in extension storage and reach
   * pages through the extension's relay, which a phone does not have.
   */
  conditions?: boolean;
  /** The capture settings (default on); off in the viewer for the same reason. */
  settings?: boolean;
}

/** Connects the panel's store to a transport without drawing it: for a page that draws <App /> inside its own UI. */
export function connectPanel(transport: PanelTransport, options: MountOptions): void {
  document.documentElement.classList.toggle('theme-dark', options.dark);
  conditionsAvailable.value = options.conditions ?? true;
  // Read the stored rules now, before anything is drawn that could edit them.
  if (conditionsAvailable.value) void watchConditions();
  settingsAvailable.value = options.settings ?? true;
  useTransport(transport);
  if (transport.network) {
    watchNetworkLog();
    transport.network(recordNetworkEntry);
  }
  onResync(() => transport.send({ type: 'command', id: `snapshot-${Date.now()}`, name: 'snapshot' }));
  transport.start({
    message(message) {
      if (message.type === 'agent' && message.envelope.type === 'reply') settleReply(message.envelope.payload);
      dispatch(message);
    },
    disconnected: () => dispatch({ type: 'port-disconnected' }),
    rejected: () => dispatch({ type: 'rejected' }),
    reset() {
      // What was open about a task of the previous target goes with it.
      contextMenu.value = null;
      editing.value = null;
      notice.value = null;
      resetPanel();
    },
  });
}

export function mountPanel(root: HTMLElement, transport: PanelTransport, options: MountOptions): void {
  connectPanel(transport, options);
  render(<App />, root);
}
