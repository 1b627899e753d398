// Background (a service worker in Chromium, an event page in Firefox): routes messages per tab between the
// relay of that tab's page and the DevTools panel inspecting it. It holds no state it cannot lose: when the
// worker restarts, both ends reconnect and the panel asks the agent for a snapshot.

import browser, { type Runtime } from 'webextension-polyfill';
import { type BackgroundToPanel, type CommandMessage, isAgentEnvelope, isPanelMessage } from '../shared/protocol';

const relays = new Map<number, Runtime.Port>();
const panels = new Map<number, Runtime.Port>();
let rejected = 0;
/** Relay connections per page URL since start, and how many were accepted (tests: no storm from a prerender). */
const relayConnects = new Map<string, { connects: number; accepted: number }>();

function isOwnExtensionPage(port: Runtime.Port): boolean {
  const url = port.sender?.url ?? '';
  return port.sender?.id === browser.runtime.id && url.startsWith(browser.runtime.getURL(''));
}

function toPanel(tabId: number, message: BackgroundToPanel): void {
  try {
    panels.get(tabId)?.postMessage(message);
  } catch {
    panels.delete(tabId);
  }
}

function toRelay(tabId: number, command: CommandMessage): void {
  try {
    relays.get(tabId)?.postMessage(command);
  } catch {
    relays.delete(tabId);
  }
}

const requestSnapshot = (tabId: number) =>
  toRelay(tabId, { type: 'command', id: `snapshot-${Date.now()}`, name: 'snapshot' });

/** Without a panel the agent posts no events: DevTools closed costs the page nothing beyond recording. */
const tellPresence = (tabId: number) =>
  toRelay(tabId, { type: 'command', id: `presence-${Date.now()}`, name: 'presence', present: panels.has(tabId) });

function acceptRelay(port: Runtime.Port): void {
  const count = relayConnects.get(port.sender?.url ?? '') ?? { connects: 0, accepted: 0 };
  count.connects += 1;
  if (relayConnects.size < 1000) relayConnects.set(port.sender?.url ?? '', count);
  const tabId = port.sender?.tab?.id;
  // Only the top frame's agent is routed for now: uni-app H5 pages run in the top frame. (A prerendered page's
  // relay waits for activation, when its document is the tab's top frame: see extension/relay.ts.)
  if (tabId === undefined || (port.sender?.frameId ?? 0) !== 0) {
    port.disconnect();
    return;
  }
  count.accepted += 1;
  relays.set(tabId, port);
  port.onMessage.addListener((message: unknown) => {
    if (!isAgentEnvelope(message)) {
      rejected += 1;
      return;
    }
    toPanel(tabId, { type: 'agent', envelope: message });
  });
  port.onDisconnect.addListener(() => {
    if (relays.get(tabId) !== port) return;
    relays.delete(tabId);
    toPanel(tabId, { type: 'agent-disconnected' });
  });
  tellPresence(tabId);
  if (panels.has(tabId)) {
    toPanel(tabId, { type: 'agent-connected' });
    requestSnapshot(tabId);
  }
}

/**
 * A panel names the tab it inspects in its hello: in DevTools, devtools.inspectedWindow.tabId (panel/main.tsx).
 * Defence in depth, since only our own pages can connect at all: a port is bound to the first tab it names, and
 * only to a tab that exists; a hello naming another tab later is refused and counted.
 */
function acceptPanel(port: Runtime.Port): void {
  if (!isOwnExtensionPage(port)) {
    port.disconnect();
    return;
  }
  let tabId: number | null = null;
  let binding = false;
  const bind = async (wanted: number) => {
    binding = true;
    const exists = await browser.tabs.get(wanted).then(
      () => true,
      () => false,
    );
    if (!exists) {
      rejected += 1;
      binding = false;
      return;
    }
    tabId = wanted;
    panels.set(tabId, port);
    if (relays.has(tabId)) toPanel(tabId, { type: 'agent-connected' });
    tellPresence(tabId);
    requestSnapshot(tabId);
  };
  port.onMessage.addListener((message: unknown) => {
    if (!isPanelMessage(message)) {
      rejected += 1;
      return;
    }
    if (message.type === 'panel-hello') {
      if (tabId === null && !binding) void bind(message.tabId);
      else if (message.tabId === tabId) requestSnapshot(message.tabId);
      else rejected += 1;
    } else if (tabId !== null) {
      // Panel commands go to the agent as they are; its reply comes back as an agent envelope.
      toRelay(tabId, message);
    }
  });
  port.onDisconnect.addListener(() => {
    if (tabId === null || panels.get(tabId) !== port) return;
    panels.delete(tabId);
    tellPresence(tabId);
  });
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name === 'relay') acceptRelay(port);
  else if (port.name === 'panel') acceptPanel(port);
  else port.disconnect();
});

// Read by tests through the worker target (tests/e2e/harness/chromium.ts).
Object.assign(globalThis, {
  __uniTransferBackground: {
    relays,
    panels,
    rejectedCount: () => rejected,
    relayConnects: () => Object.fromEntries(relayConnects),
  },
});
