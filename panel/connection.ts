// The panel's link to the background: a runtime port that reconnects when the service worker stops
// (react#27119) and says hello with the inspected tab id each time, so the agent sends a fresh snapshot.

import browser, { type Runtime } from 'webextension-polyfill';
import { isBackgroundMessage, PROTOCOL_VERSION } from '../shared/protocol';
import type { PanelTransport } from './transport';

export function portTransport(tabId: number): PanelTransport {
  let port: Runtime.Port | null = null;
  let retryDelay = 50;
  return {
    start(sink) {
      const open = () => {
        try {
          const next = browser.runtime.connect({ name: 'panel' });
          next.onMessage.addListener((message: unknown) => {
            if (isBackgroundMessage(message)) sink.message(message);
            else sink.rejected();
          });
          next.onDisconnect.addListener(() => {
            if (port !== next) return;
            port = null;
            sink.disconnected();
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
    },
    send(command) {
      try {
        port?.postMessage(command);
      } catch {
        // The port is going away; its onDisconnect reconnects and the hello asks for a snapshot again.
      }
    },
  };
}
