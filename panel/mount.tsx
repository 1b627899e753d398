// Mounts the panel UI on a transport: the DevTools page (panel/main.tsx) uses the runtime port, tests and the
// benchmark page use the in-memory transport (panel/transport.ts).

import { render } from 'preact';
import { App } from './app';
import { settleReply, useTransport } from './requests';
import { dispatch, onResync } from './store';
import type { PanelTransport } from './transport';
import './panel.css';

export interface MountOptions {
  dark: boolean;
}

export function mountPanel(root: HTMLElement, transport: PanelTransport, options: MountOptions): void {
  document.documentElement.classList.toggle('theme-dark', options.dark);
  useTransport(transport);
  onResync(() => transport.send({ type: 'command', id: `snapshot-${Date.now()}`, name: 'snapshot' }));
  transport.start({
    message(message) {
      if (message.type === 'agent' && message.envelope.type === 'reply') settleReply(message.envelope.payload);
      dispatch(message);
    },
    disconnected: () => dispatch({ type: 'port-disconnected' }),
    rejected: () => dispatch({ type: 'rejected' }),
  });
  render(<App />, root);
}
