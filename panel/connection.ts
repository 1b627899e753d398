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
    network(listener) {
      // Both browsers: requests from now on, and getHAR()'s log of those since DevTools opened. (Firefox calls the
      // listener only once its Network panel has been shown: the diagnosis then keeps to the page's record.)
      const network = browser.devtools?.network;
      if (!network) return;
      network.onRequestFinished.addListener((request: unknown) => listener(request));
      network
        .getHAR()
        .then((log) => {
          const entries = (log as { entries?: unknown }).entries;
          if (Array.isArray(entries)) for (const entry of entries) listener(entry);
        })
        .catch(() => {});
    },
  };
}
