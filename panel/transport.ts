// How the panel talks to its inspected page. In DevTools: a runtime port to the background (panel/connection.ts).
// In tests and benchmarks: the in-memory transport below, so the whole UI runs in a plain page or in vitest.

import type { BackgroundToPanel, PanelCommand } from '../shared/protocol';

export interface TransportSink {
  /** A message that passed the protocol guard. */
  message(message: BackgroundToPanel): void;
  disconnected(): void;
  /** A message that failed the guard: counted, never shown. */
  rejected(): void;
  /**
   * The transport now speaks for another inspected target (the viewer's device picker, panel/socket-transport.ts):
   * forget the state built from the previous one; its messages follow.
   */
  reset?(): void;
}

export interface PanelTransport {
  start(sink: TransportSink): void;
  send(command: PanelCommand): void;
  /**
   * The browser's own record of the inspected page's requests, a HAR entry each (DevTools only: the viewer and the
   * test shell have none). The panel matches them to tasks for the diagnosis (panel/network-log.ts).
   */
  network?(listener: (entry: unknown) => void): void;
}

export interface MemoryTransport extends PanelTransport {
  /** Delivers a message as the background would (unchecked: the panel's guards run as in DevTools). */
  deliver(message: unknown): void;
  disconnect(): void;
  /** Commands the panel sent, oldest first. */
  readonly sent: PanelCommand[];
  onCommand?: (command: PanelCommand) => void;
}

export function createMemoryTransport(isValid: (message: unknown) => message is BackgroundToPanel): MemoryTransport {
  let sink: TransportSink | null = null;
  const transport: MemoryTransport = {
    sent: [],
    start(next) {
      sink = next;
    },
    send(command) {
      transport.sent.push(command);
      transport.onCommand?.(command);
    },
    deliver(message) {
      if (!sink) return;
      if (isValid(message)) sink.message(message);
      else sink.rejected();
    },
    disconnect() {
      sink?.disconnected();
    },
  };
  return transport;
}
