// A WebSocket stand-in for the viewer's tests (panel/socket-transport.ts takes its constructor): the test opens,
// feeds and closes each socket by hand, and reads what the viewer sent.

import type { SocketLike } from '../../panel/socket-transport';
import type { DeviceInfo, HubToViewer, ViewerToHub } from '../../shared/device-protocol';

export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  static get last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket yet');
    return socket;
  }

  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: ViewerToHub[] = [];
  closed = false;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ViewerToHub);
  }

  close(): void {
    this.hangUp();
  }

  open(): void {
    this.onopen?.(new Event('open'));
  }

  /** Delivers a hub message (an object is sent as JSON, a string as it is). */
  receive(value: HubToViewer | string | object): void {
    const data = typeof value === 'string' ? value : JSON.stringify(value);
    this.onmessage?.({ data } as MessageEvent);
  }

  /** The hub went away (or refused us). */
  hangUp(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.({} as CloseEvent);
  }
}

export function device(id: string, patch: Partial<DeviceInfo> = {}): DeviceInfo {
  return {
    id,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    firstSeen: Date.UTC(2026, 11, 1, 9, 30, 5),
    lastSeen: Date.UTC(2026, 11, 1, 9, 31, 0),
    connected: true,
    ...patch,
  };
}

/** Waits for a condition, checking after each turn of the event loop (no fixed sleeps). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
