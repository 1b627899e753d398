// The bridge's end in the extension: the private, synchronous channel of shared/page-channel.ts to the relay.
// The page never holds the channel node, so it can neither read the agent's messages nor post commands to it.

import { AGENT_HELLO, RELAY_HELLO, TO_AGENT, TO_RELAY } from '../shared/page-channel';
import type { BridgeEnd, BridgeLink } from './bridge';
import { bare, ownParse } from './own';

// Captured at document_start, before the first page script (bridge.ts says why).
const apply = Reflect.apply;
const addListener = EventTarget.prototype.addEventListener;
const removeListener = EventTarget.prototype.removeEventListener;
const dispatch = EventTarget.prototype.dispatchEvent;
const createElement = Document.prototype.createElement;
const NativeCustomEvent = CustomEvent;
const NativeMouseEvent = MouseEvent;
const readDetail = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail')?.get as (this: Event) => unknown;

function isRelayConnected(detail: string): boolean {
  try {
    return (ownParse(detail) as { type?: unknown } | null)?.type === 'relay-connected';
  } catch {
    return false;
  }
}

export function relayEnd(): BridgeEnd {
  /** The channel: a node that is never inserted, so its events reach no page listener. */
  const node: Element = apply(createElement, document, ['uni-transfer-channel']);
  let link: BridgeLink;
  let relayConnected = false;

  /** Hands the relay the channel node; only code that listens on `document` before page scripts can take it. */
  // Event options have no prototype (bare): the browser reads every member of an init dictionary, and a page getter
  // on Object.prototype (`bubbles`, `detail`, …) would otherwise run for each message.
  const sayHello = () =>
    apply(dispatch, document, [
      new NativeMouseEvent(
        AGENT_HELLO,
        bare({ relatedTarget: node, bubbles: false, cancelable: false, composed: false }),
      ),
    ]);
  const handleRelayHello = (): void => {
    // The relay started after us (both at document_start): answer once, then stop listening on the document.
    apply(removeListener, document, [RELAY_HELLO, handleRelayHello]);
    sayHello();
  };
  const handleCommand = (event: Event): void => {
    const detail: unknown = apply(readDetail, event, []);
    if (typeof detail !== 'string') return;
    if (!relayConnected && isRelayConnected(detail)) {
      relayConnected = true;
      apply(removeListener, document, [RELAY_HELLO, handleRelayHello]);
      link.connected();
    } else link.message(detail);
  };

  return {
    start(next) {
      link = next;
      apply(addListener, node, [TO_AGENT, handleCommand]);
      apply(addListener, document, [RELAY_HELLO, handleRelayHello]);
      sayHello();
    },
    /** Synchronous: the relay has forwarded the message when this returns (what makes pagehide flushes arrive). */
    post(json) {
      apply(dispatch, node, [
        new NativeCustomEvent(TO_RELAY, bare({ detail: json, bubbles: false, cancelable: false, composed: false })),
      ]);
    },
  };
}
