// The relay: an isolated-world content script at document_start. It stays dumb: it meets the page agent on the
// private channel of shared/page-channel.ts, checks envelopes and forwards them to the background over a runtime
// port, and forwards commands the other way.
// - It reconnects when the service worker stops (react#27119: a port dies with the worker), with a backoff, so a
//   background that refuses it (say, a frame it does not route) cannot start a reconnect storm.
// - A prerendered page connects only when it is shown (`prerenderingchange`): until then nobody can inspect it.
// - A message the browser cannot carry (over MAX_MESSAGE_BYTES) is dropped and replaced by a diagnostic with the
//   same sequence number; the relay stays up.
// - It goes quiet for good, and says so by disconnecting, when the extension is reloaded or removed.
// - It persists the agent's applications of a rule with `times` (relay-times.ts), only those it can tie to a task
//   of this page and a rule it sent.

import type { Browser, Runtime } from 'webextension-polyfill';
import { CONDITIONS_KEY, readRules } from '../shared/conditions';
import {
  AGENT_HELLO,
  MAX_MESSAGE_BYTES,
  overMessageCap,
  RELAY_HELLO,
  TO_AGENT,
  TO_RELAY,
} from '../shared/page-channel';
import {
  type AgentEnvelope,
  type CommandMessage,
  isAgentEnvelope,
  isCommand,
  PROTOCOL_VERSION,
  type RelayEnvelope,
  SOURCE_RELAY,
} from '../shared/protocol';
import { normalizeSettings, SETTINGS_KEY } from '../shared/settings';
import { noteRulesSent, persistApplications } from './relay-times';

// runtime.connect and runtime.id are the same in both browsers, so the relay (injected into every page) skips
// the 30 kB polyfill and uses the native namespace.
const browser = ((globalThis as { browser?: Browser }).browser ??
  (globalThis as { chrome?: Browser }).chrome) as Browser;

const MAX_RECONNECT_DELAY_MS = 5000;

let channel: EventTarget | null = null;
let port: Runtime.Port | null = null;
let extensionGone = false;
let reconnectDelay = 0;
let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
let waitingForActivation = (document as Document & { prerendering?: boolean }).prerendering === true;

function extensionAlive(): boolean {
  try {
    return !extensionGone && Boolean(browser.runtime?.id);
  } catch {
    return false;
  }
}

function connect(): Runtime.Port | null {
  if (port || waitingForActivation || reconnectTimer !== null) return port;
  if (!extensionAlive()) {
    shutDown();
    return null;
  }
  try {
    const next = browser.runtime.connect({ name: 'relay' });
    next.onMessage.addListener((message: unknown) => {
      // The background answers an accepted relay at once (presence): the link works, so no more backing off.
      reconnectDelay = 0;
      if (isCommand(message)) toAgent(message);
    });
    next.onDisconnect.addListener(() => {
      if (port !== next) return;
      port = null;
      if (extensionAlive()) scheduleReconnect();
      else shutDown();
    });
    port = next;
    return next;
  } catch {
    shutDown();
    return null;
  }
}

/** At once the first time (a restarted worker learns this tab is alive), then backing off up to 5 s. */
function scheduleReconnect(): void {
  if (reconnectTimer !== null) return;
  const delay = reconnectDelay;
  reconnectDelay = Math.min(Math.max(reconnectDelay * 2, 100), MAX_RECONNECT_DELAY_MS);
  reconnectTimer = setTimeout(() => {
    reconnectTimer = null;
    connect();
  }, delay);
}

function shutDown(): void {
  extensionGone = true;
  try {
    port?.disconnect(); // the background then tells the panel this page is gone: data-connected tells the truth
  } catch {
    // Already gone.
  }
  port = null;
  channel?.removeEventListener(TO_RELAY, fromAgent);
}

function forward(envelope: AgentEnvelope, retry = true): void {
  const target = connect();
  if (!target) return;
  try {
    target.postMessage(envelope);
  } catch (error) {
    if (!extensionAlive()) shutDown();
    else if (retry) {
      // The port broke under us (worker stopping, page back from the back/forward cache): once more on a fresh one.
      dropPort();
      forward(envelope, false);
    }
    // Refused twice (too large, not serializable): drop this one message, keep the link.
    else if (envelope.type !== 'diagnostic') forward(droppedNotice(envelope, String(error)), false);
  }
}

function dropPort(): void {
  try {
    port?.disconnect();
  } catch {
    // Already gone.
  }
  port = null;
}

/** A diagnostic in the dropped message's place (same session and seq, so the panel sees no gap). */
function droppedNotice(envelope: AgentEnvelope, why: string): AgentEnvelope {
  return {
    source: envelope.source,
    v: envelope.v,
    session: envelope.session,
    seq: envelope.seq,
    type: 'diagnostic',
    payload: { at: Date.now(), where: 'relay', message: `a '${envelope.type}' message was dropped: ${why}` },
  };
}

function fromAgent(event: Event): void {
  const json = (event as CustomEvent).detail;
  if (typeof json !== 'string' || extensionGone) return;
  let envelope: unknown;
  try {
    envelope = JSON.parse(json);
  } catch {
    return;
  }
  if (!isAgentEnvelope(envelope)) return;
  // Rule applications count against the rule's stored `times` (relay-times.ts).
  persistApplications(envelope, browser.storage?.local);
  if (overMessageCap(json)) {
    const megabytes = Math.round(json.length / 1e6);
    forward(droppedNotice(envelope, `about ${megabytes} MB, over the ${MAX_MESSAGE_BYTES / 2 ** 20} MiB limit`));
  } else forward(envelope);
}

function toAgent(command: CommandMessage | { type: 'relay-connected' }): void {
  const envelope: RelayEnvelope | { type: 'relay-connected' } =
    command.type === 'command' ? { ...command, source: SOURCE_RELAY, v: PROTOCOL_VERSION } : command;
  channel?.dispatchEvent(new CustomEvent(TO_AGENT, { detail: JSON.stringify(envelope) }));
}

/** The agent's hello: its channel node comes as the event's relatedTarget (shared/page-channel.ts). */
function onAgentHello(event: Event): void {
  const node = (event as MouseEvent).relatedTarget;
  if (channel || !node || typeof node.addEventListener !== 'function') return;
  channel = node;
  document.removeEventListener(AGENT_HELLO, onAgentHello);
  channel.addEventListener(TO_RELAY, fromAgent);
  toAgent({ type: 'relay-connected' });
  // No panel can inspect a prerendered page: say so now, so its tasks need not wait for rules (conditions/rules.ts).
  if (waitingForActivation) toAgent({ type: 'command', id: 'presence-prerender', name: 'presence', present: false });
}

/** The capture settings the panel stored, now and whenever they change. */
function forwardSettings(value: unknown): void {
  toAgent({ type: 'command', id: `settings-${Date.now()}`, name: 'settings', settings: normalizeSettings(value) });
}

document.addEventListener(AGENT_HELLO, onAgentHello);
// The agent may have started first: ask it to say hello again (it answers once).
document.dispatchEvent(new CustomEvent(RELAY_HELLO));

if (waitingForActivation) {
  document.addEventListener(
    'prerenderingchange',
    () => {
      waitingForActivation = false;
      connect();
    },
    { once: true },
  );
} else connect();

// Back from the back/forward cache: the browser closed the port while the page was frozen (its onDisconnect may
// never reach us), so start a fresh one; the background then asks the agent for a snapshot and the panel follows
// this page again.
window.addEventListener('pageshow', (event) => {
  // Only the browser's own pageshow: a page's synthetic ones (persisted: true) made one reconnection each.
  if (!event.isTrusted || !event.persisted || extensionGone) return;
  dropPort();
  reconnectDelay = 0;
  connect();
});

/** The network-condition rules, now (an empty list too: the agent waits for this first answer) and on change. */
function forwardConditions(value: unknown): void {
  const rules = readRules(value);
  noteRulesSent(rules);
  toAgent({ type: 'command', id: `conditions-${Date.now()}`, name: 'conditions', rules });
}

browser.storage?.local
  .get([SETTINGS_KEY, CONDITIONS_KEY])
  .then((stored) => {
    if (stored[SETTINGS_KEY] !== undefined) forwardSettings(stored[SETTINGS_KEY]);
    forwardConditions(stored[CONDITIONS_KEY]);
  })
  .catch(() => forwardConditions([]));
browser.storage?.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (changes[SETTINGS_KEY]) forwardSettings(changes[SETTINGS_KEY].newValue);
  if (changes[CONDITIONS_KEY]) forwardConditions(changes[CONDITIONS_KEY].newValue);
});
