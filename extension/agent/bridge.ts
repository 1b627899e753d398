// The agent's side of the agent ↔ relay link: the private, synchronous channel of shared/page-channel.ts.
//
// A page can replace any global the agent looks up after start (EventTarget.prototype.dispatchEvent, the
// CustomEvent getters, JSON, …), so every method the bridge uses is captured here, at document_start, before the
// first page script, and only the saved copies are called. The page never holds the channel node, so it can
// neither read the agent's messages nor post commands to it. It can always lie through the data the agent
// records (its own URLs, names and bodies); the panel checks every message deeply and shows it as data only.

import { AGENT_HELLO, overMessageCap, RELAY_HELLO, TO_AGENT, TO_RELAY } from '../../shared/page-channel';
import {
  type AgentMessage,
  isRelayEnvelope,
  PROTOCOL_VERSION,
  type RelayEnvelope,
  SOURCE_AGENT,
} from '../../shared/protocol';

const apply = Reflect.apply;
const addListener = EventTarget.prototype.addEventListener;
const removeListener = EventTarget.prototype.removeEventListener;
const dispatch = EventTarget.prototype.dispatchEvent;
const createElement = Document.prototype.createElement;
const NativeCustomEvent = CustomEvent;
const NativeMouseEvent = MouseEvent;
const readDetail = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail')?.get as (this: Event) => unknown;
const stringify = JSON.stringify;
const parse = JSON.parse;
/** Before the relay is there (a few ms at document_start) the agent keeps a short backlog. */
const MAX_BACKLOG = 200;

export type CommandHandler = (command: RelayEnvelope) => void;

export class AgentBridge {
  readonly session: string;
  private seq = 0;
  private relayConnected = false;
  private pending: string[] = [];
  /** The channel: a node that is never inserted, so its events reach no page listener. */
  private readonly node: Element = apply(createElement, document, ['uni-transfer-channel']);

  constructor(
    private onCommand: CommandHandler,
    private onError: (where: string, error: unknown) => void,
  ) {
    this.session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    apply(addListener, this.node, [TO_AGENT, this.handleCommand]);
    apply(addListener, document, [RELAY_HELLO, this.handleRelayHello]);
    this.sayHello();
  }

  /**
   * Queues or posts one message; returns its sequence number. A message over the relay's size cap is cut to fit
   * rather than lost there: a batch of events goes as two halves (each with its own seq), a snapshot keeps its
   * newest tasks and counts the rest as dropped. Only a single event over the cap still reaches the relay, which
   * replaces it with a diagnostic.
   */
  send(message: AgentMessage): number {
    const json = this.encode(message, this.seq);
    if (overMessageCap(json)) {
      if (message.type === 'events' && message.payload.events.length > 1) {
        const { events } = message.payload;
        const half = events.length >> 1;
        this.send({ type: 'events', payload: { events: events.slice(0, half) } });
        return this.send({ type: 'events', payload: { events: events.slice(half) } });
      }
      if (message.type === 'snapshot' && message.payload.tasks.length > 1) {
        const { tasks, dropped } = message.payload;
        const half = tasks.length >> 1;
        return this.send({
          type: 'snapshot',
          payload: { ...message.payload, tasks: tasks.slice(half), dropped: dropped + half },
        });
      }
    }
    this.seq += 1;
    if (this.relayConnected) this.post(json);
    else {
      // The panel asks for a snapshot on connect anyway, so nothing depends on the backlog beyond ordering.
      this.pending.push(json);
      if (this.pending.length > MAX_BACKLOG) this.pending.shift();
    }
    return this.seq - 1;
  }

  private encode(message: AgentMessage, seq: number): string {
    const envelope = { ...message, source: SOURCE_AGENT, v: PROTOCOL_VERSION, session: this.session, seq };
    try {
      return stringify(envelope);
    } catch (error) {
      // Page data with a throwing toJSON (Object.prototype.toJSON can be replaced by the page): say so instead.
      return stringify({
        type: 'diagnostic',
        payload: { at: Date.now(), where: 'bridge.encode', message: String(error).slice(0, 300) },
        source: SOURCE_AGENT,
        v: PROTOCOL_VERSION,
        session: this.session,
        seq,
      });
    }
  }

  get connected(): boolean {
    return this.relayConnected;
  }

  /** Synchronous: the relay has forwarded the message when this returns (what makes pagehide flushes arrive). */
  private post(json: string): void {
    try {
      apply(dispatch, this.node, [new NativeCustomEvent(TO_RELAY, { detail: json })]);
    } catch (error) {
      this.onError('bridge.post', error);
    }
  }

  /** Hands the relay the channel node; only code that listens on `document` before page scripts can take it. */
  private sayHello(): void {
    apply(dispatch, document, [new NativeMouseEvent(AGENT_HELLO, { relatedTarget: this.node })]);
  }

  private handleRelayHello = (): void => {
    // The relay started after us (both at document_start): answer once, then stop listening on the document.
    apply(removeListener, document, [RELAY_HELLO, this.handleRelayHello]);
    this.sayHello();
  };

  private handleCommand = (event: Event): void => {
    try {
      const detail: unknown = apply(readDetail, event, []);
      if (typeof detail !== 'string') return;
      const message: unknown = parse(detail);
      if (!this.relayConnected && (message as { type?: unknown } | null)?.type === 'relay-connected') {
        this.connectRelay();
        return;
      }
      if (isRelayEnvelope(message)) this.onCommand(message);
    } catch (error) {
      this.onError('bridge.command', error);
    }
  };

  private connectRelay(): void {
    this.relayConnected = true;
    apply(removeListener, document, [RELAY_HELLO, this.handleRelayHello]);
    const backlog = this.pending;
    this.pending = [];
    for (const json of backlog) this.post(json);
  }
}
