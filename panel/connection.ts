// The panel's link to the background: a runtime port that reconnects when the service worker stops
// (react#27119) and says hello with the inspected tab id each time, so the agent sends a fresh snapshot.

import browser, { type Runtime } from 'webextension-polyfill';
import { type BackgroundToPanel, isBackgroundMessage, PROTOCOL_VERSION } from '../shared/protocol';

export interface PanelConnection {
  requestSnapshot(): void;
}

export function connectPanel(
  tabId: number,
  onMessage: (message: BackgroundToPanel) => void,
  onDisconnect: () => void,
  onRejected: () => void,
): PanelConnection {
  let port: Runtime.Port | null = null;
  let retryDelay = 50;

  const open = () => {
    try {
      const next = browser.runtime.connect({ name: 'panel' });
      next.onMessage.addListener((message: unknown) => {
        if (isBackgroundMessage(message)) onMessage(message);
        else onRejected();
      });
      next.onDisconnect.addListener(() => {
        if (port !== next) return;
        port = null;
        onDisconnect();
        // The worker restarts on connect; back off a little if it keeps failing.
        setTimeout(open, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 2000);
      });
      next.postMessage({ type: 'panel-hello', v: PROTOCOL_VERSION, tabId });
      port = next;
      retryDelay = 50;
    } catch {
      setTimeout(open, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 2000);
    }
  };
  open();

  return {
    requestSnapshot() {
      try {
        port?.postMessage({ type: 'command', id: `snapshot-${Date.now()}`, name: 'snapshot' });
      } catch {
        // The port is going away; its onDisconnect reconnects and asks again.
      }
    },
  };
}
