// The agent's side of its link to a panel. One bridge, two ends (shared/docs/architecture.md "Growing the house"):
// - the relay end (relay-end.ts): the extension's private, synchronous channel to its content script;
// - the socket end (socket-end.ts): a WebSocket to the dev server's hub (the npm package's Vite plugin), for
//   pages where no extension runs (phones).
// The bridge numbers and encodes every message, keeps a short backlog while its end cannot carry messages, and
// cuts a message over the size cap to fit; the end only moves JSON strings.
//
// A page can replace any global the agent looks up after start (JSON, EventTarget.prototype.dispatchEvent,
// WebSocket.prototype.send, Object.prototype.toJSON, Array.isArray, …), so every method the bridge and its ends use
// is captured at start, before the first page script, and only the saved copies are called (own.ts): envelopes are
// written by ownStringify (own data properties only: a page's toJSON or getter never sees nor rewrites one) and
// commands read by ownParse (no prototype a page holds). What a page can always do is lie through the data the
// agent records (its own URLs, names and bodies): the panel checks every message deeply and shows it as data only.

import { overMessageCap } from '../shared/page-channel';
import {
  type AgentMessage,
  isRelayEnvelope,
  PROTOCOL_VERSION,
  type RelayEnvelope,
  SOURCE_AGENT,
} from '../shared/protocol';
import { ownParse, ownStringify } from './own';

/** While the end cannot carry messages (a few ms at document_start; a phone offline) the agent keeps a backlog;
 * beyond it the panel sees a gap in seq and asks for a snapshot, which the record always answers in full. */
const MAX_BACKLOG = 200;

export type CommandHandler = (command: RelayEnvelope) => void;

/** What the bridge needs of the link's far end. */
export interface BridgeEnd {
  /** Starts the end; it reports when it can carry messages, when it cannot any more, and each message in. */
  start(link: BridgeLink): void;
  /** Posts one message (called only between `connected` and `disconnected`). */
  post(json: string): void;
  /** The page is going (or into the back/forward cache), after the last flush. */
  pagehide?(): void;
  /** Posts one message that must outlive the page (navigator.sendBeacon), when the link is down at pagehide. */
  beacon?(json: string): void;
}

/** What navigator.sendBeacon carries in every browser (the keepalive quota is 64 KiB), with room to spare. */
const MAX_BEACON_CHARS = 60_000;

export interface BridgeLink {
  connected(): void;
  disconnected(): void;
  message(json: string): void;
}

export class AgentBridge {
  readonly session: string;
  private seq = 0;
  private open = false;
  private pending: string[] = [];

  constructor(
    private end: BridgeEnd,
    private onCommand: CommandHandler,
    private onError: (where: string, error: unknown) => void,
  ) {
    this.session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    end.start({
      connected: () => this.connect(),
      disconnected: () => {
        this.open = false;
      },
      message: (json) => this.handleCommand(json),
    });
  }

  /**
   * Queues or posts one message; returns its sequence number. A message over the size cap is cut to fit rather
   * than lost: a batch of events goes as two halves (each with its own seq), a snapshot keeps its newest tasks and
   * counts the rest as dropped. Only a single event over the cap still reaches the relay, which replaces it with a
   * diagnostic.
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
    if (this.open) this.post(json);
    else {
      this.pending.push(json);
      if (this.pending.length > MAX_BACKLOG) this.pending.shift();
    }
    return this.seq - 1;
  }

  /**
   * After the recorder's last flush at pagehide. If the link is down then (a phone's socket lost, and Vite's client
   * reloading the page as soon as its server answers again), or up while no viewer watched (the phone's socket came
   * back before the viewer's, and Vite reloaded the page in between: the hub had nobody to give the snapshot it
   * asked for), the page's record would die with it: the end beacons the snapshot instead, its newest tasks that
   * fit a beacon, and the hub keeps it as the device's last words for the viewer that comes.
   */
  pagehide(snapshot: () => Extract<AgentMessage, { type: 'snapshot' }>, watched: boolean): void {
    if ((!this.open || !watched) && this.end.beacon) {
      const message = snapshot();
      let { tasks, dropped } = message.payload;
      let json = this.encode(message, this.seq);
      while (json.length > MAX_BEACON_CHARS && tasks.length > 1) {
        const half = tasks.length >> 1;
        tasks = tasks.slice(half);
        dropped += half;
        json = this.encode({ ...message, payload: { ...message.payload, tasks, dropped } }, this.seq);
      }
      this.seq += 1;
      // A page that recorded nothing has nothing to lose (and an unwatched page beacons only what it recorded).
      if (json.length <= MAX_BEACON_CHARS && (tasks.length > 0 || !this.open)) this.end.beacon(json);
    }
    this.end.pagehide?.();
  }

  get connected(): boolean {
    return this.open;
  }

  private encode(message: AgentMessage, seq: number): string {
    const envelope = { ...message, source: SOURCE_AGENT, v: PROTOCOL_VERSION, session: this.session, seq };
    try {
      return ownStringify(envelope);
    } catch (error) {
      // Nested past ownStringify's depth (page data): say so instead.
      return ownStringify({
        type: 'diagnostic',
        payload: { at: Date.now(), where: 'bridge.encode', message: String(error).slice(0, 300) },
        source: SOURCE_AGENT,
        v: PROTOCOL_VERSION,
        session: this.session,
        seq,
      });
    }
  }

  private post(json: string): void {
    try {
      this.end.post(json);
    } catch (error) {
      this.onError('bridge.post', error);
    }
  }

  private handleCommand(json: string): void {
    try {
      const message: unknown = ownParse(json);
      if (isRelayEnvelope(message)) this.onCommand(message);
    } catch (error) {
      this.onError('bridge.command', error);
    }
  }

  private connect(): void {
    this.open = true;
    const backlog = this.pending;
    this.pending = [];
    for (const json of backlog) this.post(json);
  }
}
