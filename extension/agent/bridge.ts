// The agent's side of the agent ↔ relay link.
// The relay (isolated world) opens a MessageChannel and hands one port to the agent with a single window message.
// After that every message travels over the port, so the page's own 'message' listeners never see our traffic
// and cannot forge commands. The handshake message itself is stopped in a capture listener that the agent adds
// at document_start, before any page script can add one.

import {
  type AgentEnvelope,
  type AgentMessage,
  isRelayEnvelope,
  PROTOCOL_VERSION,
  type RelayEnvelope,
  SOURCE_AGENT,
  SOURCE_RELAY,
} from '../../shared/protocol';

export type CommandHandler = (command: RelayEnvelope) => void;

export class AgentBridge {
  readonly session: string;
  private seq = 0;
  private port: MessagePort | null = null;
  private pending: AgentEnvelope[] = [];

  constructor(
    private onCommand: CommandHandler,
    private onError: (where: string, error: unknown) => void,
  ) {
    this.session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    window.addEventListener('message', this.handleWindowMessage, true);
  }

  /** Queues or posts one message; returns its sequence number. */
  send(message: AgentMessage): number {
    const envelope = {
      ...message,
      source: SOURCE_AGENT,
      v: PROTOCOL_VERSION,
      session: this.session,
      seq: this.seq++,
    } as AgentEnvelope;
    if (this.port) this.post(envelope);
    else {
      // Before the relay connects (a few ms at document_start) keep a short backlog; the panel
      // asks for a snapshot on connect anyway, so nothing depends on it beyond ordering.
      this.pending.push(envelope);
      if (this.pending.length > 200) this.pending.shift();
    }
    return envelope.seq;
  }

  get connected(): boolean {
    return this.port !== null;
  }

  private post(envelope: AgentEnvelope): void {
    try {
      this.port?.postMessage(envelope);
    } catch (error) {
      this.onError('bridge.post', error);
    }
  }

  private handleWindowMessage = (event: MessageEvent): void => {
    const data = event.data as { source?: unknown; type?: unknown } | null;
    if (event.source !== window || !data || data.source !== SOURCE_RELAY || data.type !== 'connect') return;
    event.stopImmediatePropagation();
    const port = event.ports[0];
    // Only the first relay may connect: a page posting a forged 'connect' later gets nothing.
    if (!port || this.port) return;
    this.port = port;
    port.onmessage = (message) => {
      try {
        if (isRelayEnvelope(message.data)) this.onCommand(message.data);
      } catch (error) {
        this.onError('bridge.command', error);
      }
    };
    for (const envelope of this.pending) this.post(envelope);
    this.pending = [];
  };
}
