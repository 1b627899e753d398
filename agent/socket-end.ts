// The bridge's end on a phone (the npm package's agent, standalone.ts): a WebSocket to the dev server's hub
// (plugin/hub.ts, shared/device-protocol.ts). A phone loses its connection often (screen locked, Wi-Fi change,
// the dev server restarted): the agent keeps recording, the end reconnects, and the hub asks for a snapshot, so
// the viewer catches up on everything the page recorded meanwhile.
//
// Never in the way: a socket left open keeps a page out of the back/forward cache in Chromium, so the end closes
// at pagehide (after the recorder's last flush) and opens again at pageshow. Failures are silent (a closed dev
// server costs one console line per attempt, at most one attempt per MAX_DELAY_MS while the page is visible).

import { BASE_PATH, DEVICE_SOCKET_PATH } from '../shared/device-protocol';
import type { BridgeEnd, BridgeLink } from './bridge';
import { isTrusted } from './own';

// Captured before the first page script (bridge.ts says why).
const apply = Reflect.apply;
const NativeWebSocket = WebSocket;
const socketSend = WebSocket.prototype.send;
const socketClose = WebSocket.prototype.close;
const addListener = EventTarget.prototype.addEventListener;
const readData = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')?.get as (this: Event) => unknown;
const readHidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')?.get as (this: Document) => boolean;
const sendBeacon = Navigator.prototype.sendBeacon;
const schedule = setTimeout;
const cancel = clearTimeout;

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/** The hub's device endpoint for a server origin (`http://192.168.1.5:5173`), or the page's own origin. */
export function deviceSocketUrl(server: string | null | undefined, page: Location): string {
  const base = new URL(server || page.origin, page.href);
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  base.pathname = DEVICE_SOCKET_PATH;
  base.search = '?role=device';
  base.hash = '';
  return base.href;
}

export function socketEnd(url: string): BridgeEnd {
  let link: BridgeLink;
  let socket: WebSocket | null = null;
  let open = false;
  let delay = FIRST_DELAY_MS;
  let retry: ReturnType<typeof setTimeout> | null = null;
  /** Between pagehide and pageshow the page is not running: no socket. */
  let hidden = false;

  const connect = () => {
    if (retry !== null) cancel(retry);
    retry = null;
    if (socket || hidden) return;
    let next: WebSocket;
    try {
      next = new NativeWebSocket(url);
    } catch {
      retryLater();
      return;
    }
    socket = next;
    apply(addListener, next, [
      'open',
      () => {
        if (socket !== next) return;
        open = true;
        delay = FIRST_DELAY_MS;
        link.connected();
      },
    ]);
    apply(addListener, next, [
      'message',
      (event: Event) => {
        const data = apply(readData, event, []);
        if (socket === next && typeof data === 'string') link.message(data);
      },
    ]);
    apply(addListener, next, ['close', () => dropped(next)]);
  };

  const dropped = (gone: WebSocket) => {
    if (socket !== gone) return;
    socket = null;
    if (open) link.disconnected();
    open = false;
    retryLater();
  };

  const retryLater = () => {
    if (hidden || retry !== null) return;
    retry = schedule(connect, delay);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };

  /** Back on the network or on screen: try now rather than at the end of a long backoff (the browser's events only). */
  const tryNow = (event: Event) => {
    if (isTrusted(event) && !socket && !hidden && !apply(readHidden, document, [])) {
      delay = FIRST_DELAY_MS;
      connect();
    }
  };

  return {
    start(next) {
      link = next;
      apply(addListener, window, ['online', tryNow]);
      apply(addListener, document, ['visibilitychange', tryNow]);
      apply(addListener, window, [
        'pageshow',
        (event: Event) => {
          if (!isTrusted(event) || !(event as PageTransitionEvent).persisted) return;
          hidden = false;
          tryNow(event);
        },
      ]);
      connect();
    },
    post(json) {
      if (socket && open) apply(socketSend, socket, [json]);
    },
    beacon(json) {
      // Same origin as the socket, so the hub's device cookie goes with it (it names the device).
      const target = new URL(url);
      target.protocol = target.protocol === 'wss:' ? 'https:' : 'http:';
      target.pathname = `${BASE_PATH}beacon`;
      target.search = '';
      apply(sendBeacon, navigator, [target.href, json]);
    },
    pagehide() {
      // Called after the recorder's last flush: what was sent is delivered before the close frame.
      hidden = true;
      const gone = socket;
      if (gone) {
        dropped(gone);
        apply(socketClose, gone, [1000]);
      }
    },
  };
}
