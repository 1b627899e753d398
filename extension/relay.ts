// The relay: an isolated-world content script at document_start. It stays dumb: it opens a private
// MessageChannel to the page agent, checks envelopes and forwards them to the background over a runtime port,
// and forwards commands the other way. It reconnects when the service worker stops (react#27119: a port dies
// with the worker) and goes quiet for good when the extension is reloaded or removed under a living page.

import type { Browser, Runtime } from 'webextension-polyfill';
import {
  type CommandMessage,
  isAgentEnvelope,
  isCommand,
  PROTOCOL_VERSION,
  type RelayEnvelope,
  SOURCE_RELAY,
} from '../shared/protocol';
import { normalizeSettings, SETTINGS_KEY } from '../shared/settings';

// runtime.connect and runtime.id are the same in both browsers, so the relay (injected into every page) skips
// the 30 kB polyfill and uses the native namespace.
const browser = ((globalThis as { browser?: Browser }).browser ??
  (globalThis as { chrome?: Browser }).chrome) as Browser;

const channel = new MessageChannel();
let port: Runtime.Port | null = null;
let extensionGone = false;

function extensionAlive(): boolean {
  try {
    return !extensionGone && Boolean(browser.runtime?.id);
  } catch {
    return false;
  }
}

function connect(): Runtime.Port | null {
  if (port) return port;
  if (!extensionAlive()) {
    shutDown();
    return null;
  }
  try {
    const next = browser.runtime.connect({ name: 'relay' });
    next.onMessage.addListener((message: unknown) => {
      if (isCommand(message)) toAgent(message);
    });
    next.onDisconnect.addListener(() => {
      if (port === next) port = null;
      // Reconnect at once so a restarted worker learns this tab is alive and the panel can resync.
      if (extensionAlive()) connect();
      else shutDown();
    });
    port = next;
    return next;
  } catch {
    shutDown();
    return null;
  }
}

function shutDown(): void {
  extensionGone = true;
  port = null;
  channel.port1.onmessage = null;
  channel.port1.close();
}

channel.port1.onmessage = (event: MessageEvent) => {
  if (!isAgentEnvelope(event.data)) return;
  try {
    connect()?.postMessage(event.data);
  } catch {
    // The port broke between connect() and postMessage (worker stopping): try once more on a fresh one.
    port = null;
    try {
      connect()?.postMessage(event.data);
    } catch {
      shutDown();
    }
  }
};

function toAgent(command: CommandMessage): void {
  const envelope: RelayEnvelope = { ...command, source: SOURCE_RELAY, v: PROTOCOL_VERSION };
  channel.port1.postMessage(envelope);
}

/** The capture settings the panel stored, now and whenever they change. */
function forwardSettings(value: unknown): void {
  toAgent({ type: 'command', id: `settings-${Date.now()}`, name: 'settings', settings: normalizeSettings(value) });
}

window.postMessage({ source: SOURCE_RELAY, type: 'connect' }, '*', [channel.port2]);
connect();
browser.storage?.local
  .get(SETTINGS_KEY)
  .then((stored) => {
    if (stored[SETTINGS_KEY] !== undefined) forwardSettings(stored[SETTINGS_KEY]);
  })
  .catch(() => undefined);
browser.storage?.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[SETTINGS_KEY]) forwardSettings(changes[SETTINGS_KEY].newValue);
});
