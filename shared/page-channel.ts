// The private, synchronous channel between the page agent (MAIN world) and the relay (isolated world).
//
// Why not window.postMessage + MessageChannel (the first design): a message event is delivered as a later task,
// so an inline <head> script could run before the relay's `connect` arrived and take the port (it read
// `event.ports` through getters the page replaced), and at pagehide the agent's last messages were queued behind
// the page's end and never delivered.
//
// The channel instead is a detached DOM node that only the two content scripts hold. Both run at document_start,
// synchronously and before any page script (shared/docs/browsers.md), and meet there with one event each on
// `document`: the agent's hello carries its node as the MouseEvent's `relatedTarget` (a DOM node is the one
// object both worlds share). After that every message is a CustomEvent dispatched on the detached node: it never
// propagates to `document` or `window`, so no page listener sees it, and dispatchEvent runs the listener
// synchronously, so a message posted at pagehide has reached the relay before the handler returns. Payloads are
// JSON strings: strings cross worlds unchanged in both browsers (Firefox's Xrays hide page objects' properties).
// What cannot be made private is made harmless: the page can always lie through the data the agent records (URLs,
// names, bodies), so the relay caps each message's size and the panel checks every message deeply.

export const AGENT_HELLO = 'uni-transfer-devtools:agent-hello';
export const RELAY_HELLO = 'uni-transfer-devtools:relay-hello';
/** Agent → relay, on the channel node; `detail` is the envelope's JSON. */
export const TO_RELAY = 'uni-transfer-devtools:to-relay';
/** Relay → agent, on the channel node; `detail` is the envelope's JSON. */
export const TO_AGENT = 'uni-transfer-devtools:to-agent';

/**
 * The largest message the relay forwards, in UTF-8 bytes of its JSON. Chromium refuses a runtime message over
 * 64 MiB and, before this cap, the relay then shut down for good; one 16 MB body as a data: URL (≈ 21.4 MB)
 * still fits.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

// Saved when the agent's bundle is evaluated (document_start): a page-replaced encode would read the envelope.
const apply = Reflect.apply;
const encoder = new TextEncoder();
const encode = TextEncoder.prototype.encode;
const byteLength = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')
  ?.get as () => number;

/** UTF-8 size of a string, computed only when it could be over the cap (at most 3 bytes per UTF-16 unit). */
export function overMessageCap(json: string): boolean {
  if (json.length * 3 <= MAX_MESSAGE_BYTES) return false;
  if (json.length > MAX_MESSAGE_BYTES) return true;
  return apply(byteLength, apply(encode, encoder, [json]), []) > MAX_MESSAGE_BYTES;
}
