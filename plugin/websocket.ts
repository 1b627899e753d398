// The hub's WebSockets, on the `ws` package (the server Vite's own HMR socket uses): framing, masking, UTF-8,
// fragments (counted against maxPayload as they come; an empty fragment holds nothing) and the close handshake are
// its well-tested work. What is ours is what the hub must bound, since every peer is untrusted (any client that
// can reach the port can open a socket): the bytes a peer makes us hold, in the hub's one budget (hub-budget.ts),
// a heartbeat for phones that drop off Wi-Fi without a close, and pongs written only as fast as the peer reads.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type ServerOptions, type WebSocket, WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../shared/page-channel';
import type { MemoryBudget } from './hub-budget';

/** The agent cuts every message to MAX_MESSAGE_BYTES of JSON; the slack covers a viewer's command envelope. */
export const MAX_INCOMING_BYTES = MAX_MESSAGE_BYTES + 1024 * 1024;
/** Phones drop Wi-Fi without a close: a ping every 20 s, and a peer silent for 45 s is gone. */
const PING_INTERVAL_MS = 20_000;
const IDLE_TIMEOUT_MS = 45_000;
/** Queued output beyond this means a reader that is dead or far too slow: holding more only grows memory. */
const MAX_WRITE_BACKLOG = 64 * 1024 * 1024;
/** How long a close frame we sent waits for the peer's before the socket is destroyed. */
const CLOSE_WAIT_MS = 5_000;
/** Pongs not yet handed to the OS: a peer that pings without reading the answers is cut at this many. */
const MAX_PENDING_PONGS = 16;
/** A pong's frame at most (2-byte header, 125-byte payload), copied out of the chunk it came in. */
const PONG_BYTES = 127;
/** Frame headers and control frames around a message's payload, read before the message completes. */
const FRAMING_SLACK = 1024 * 1024;

export interface SocketOptions {
  maxMessageBytes?: number;
  /** Tests shorten the heartbeat. */
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
  maxWriteBacklog?: number;
}

export interface Connection {
  /** Sends a text message (a Buffer is its UTF-8); `sent` runs once it left for the OS, or the connection ended. */
  send(text: string | Buffer, sent?: () => void): void;
  /** Starts the close handshake (1000 by default); the socket ends when the peer answers or after 5 s. */
  close(code?: number, reason?: string): void;
  /** Ends the connection at once, without a handshake (a peer over its limits). */
  cut(): void;
  on(event: 'message', listener: (text: string) => void): void;
  /** Once, however the connection ended: 1006 when it ended without a close frame. */
  on(event: 'close', listener: (code: number, reason: string) => void): void;
  readonly open: boolean;
  /** Bytes given to send() and not yet handed to the OS. */
  readonly backlog: number;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

function headerLine(name: string, value: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
    throw new Error(`invalid header ${JSON.stringify(name)}`);
  }
  return `${name}: ${value}`;
}

/** Answers an upgrade request with a plain HTTP error and ends the socket. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  const head = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
  ].join('\r\n');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.on('error', () => {});
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]));
  // A peer that never reads must not keep the socket: end() flushes, then we let go.
  setTimeout(() => socket.destroy(), CLOSE_WAIT_MS).unref();
}

/** The hub's socket server: upgrades requests the hub has already checked (path, role, Origin, token). */
export function createSocketServer(options: SocketOptions, budget: MemoryBudget) {
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: options.maxMessageBytes ?? MAX_INCOMING_BYTES,
    // Pongs are ours (HubConnection.pong): ws's own would keep a view into each whole received chunk.
    autoPong: false,
    closeTimeout: CLOSE_WAIT_MS,
  } as ServerOptions);
  const extraHeaders = new WeakMap<IncomingMessage, string[]>();
  wss.on('headers', (headers, req) => headers.push(...(extraHeaders.get(req) ?? [])));
  return {
    /**
     * The connection, or null when the handshake was bad (ws answered it with 400). What the peer makes us hold
     * is taken from `share` (its address's share of the hub's budget), else from the budget itself.
     */
    accept(
      req: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      headers: Record<string, string> = {},
      share: MemoryBudget = budget,
    ) {
      extraHeaders.set(
        req,
        Object.entries(headers).map(([name, value]) => headerLine(name, value)),
      );
      let connection: Connection | null = null;
      // Without verifyClient, ws completes the upgrade (or refuses it) synchronously.
      wss.handleUpgrade(req, socket, head, (ws) => {
        connection = new HubConnection(ws, socket, options, share);
      });
      return connection as Connection | null;
    },
  };
}

const asBuffer = (data: RawData) =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

class HubConnection implements Connection {
  private messageListeners: ((text: string) => void)[] = [];
  private closeListeners: ((code: number, reason: string) => void)[] = [];
  /** An upper bound of what ws holds of this peer's unfinished message: bytes read since a message ended. */
  private inProgress = 0;
  private messageEnded = false;
  private pendingPongs = 0;
  private queued = 0;
  private lastHeard = Date.now();
  private ended = false;
  private pinger: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private readonly maxInProgress: number;
  private readonly maxWriteBacklog: number;

  constructor(
    private readonly ws: WebSocket,
    socket: Duplex,
    options: SocketOptions,
    private readonly budget: MemoryBudget,
  ) {
    this.maxInProgress = (options.maxMessageBytes ?? MAX_INCOMING_BYTES) + FRAMING_SLACK;
    this.maxWriteBacklog = options.maxWriteBacklog ?? MAX_WRITE_BACKLOG;
    ws.on('message', (data, isBinary) => {
      this.messageEnded = true;
      if (isBinary) ws.close(1003, 'text messages only');
      else if (this.open) for (const listener of this.messageListeners) listener(asBuffer(data).toString('utf8'));
    });
    ws.on('ping', (data) => this.pong(data));
    // ws reports a protocol error (1002, 1007, 1009…) here, then closes with its code: 'close' follows.
    ws.on('error', () => {});
    ws.on('close', (code, reason) => this.end(code, reason.toString('utf8')));
    // After ws's own 'data' listener: the chunk has been parsed (messages emitted) when this runs.
    socket.on('data', (chunk: Buffer) => this.received(chunk.length));
    this.startHeartbeat(options.pingIntervalMs ?? PING_INTERVAL_MS, options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
  }

  get open(): boolean {
    return !this.ended && this.ws.readyState === this.ws.OPEN;
  }

  get backlog(): number {
    return this.queued;
  }

  on(event: 'message', listener: (text: string) => void): void;
  on(event: 'close', listener: (code: number, reason: string) => void): void;
  on(event: 'message' | 'close', listener: (...args: never[]) => void): void {
    if (event === 'message') this.messageListeners.push(listener as (text: string) => void);
    else this.closeListeners.push(listener as (code: number, reason: string) => void);
  }

  send(text: string | Buffer, sent?: () => void): void {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (!this.open || this.queued + bytes.length > this.maxWriteBacklog) {
      if (this.open) this.cut();
      sent?.();
      return;
    }
    this.queued += bytes.length;
    this.ws.send(bytes, { binary: false }, () => {
      this.queued -= bytes.length;
      sent?.();
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.open) this.ws.close(code, reason);
  }

  cut(): void {
    this.ws.terminate();
  }

  /** Weighs what the peer sent and its budget: a chunk that would take the hub over budget ends the peer. */
  private received(bytes: number): void {
    this.lastHeard = Date.now();
    const next = this.messageEnded ? bytes : this.inProgress + bytes;
    this.messageEnded = false;
    const grown = next - this.inProgress;
    if (next > this.maxInProgress || !this.budget.take(grown)) {
      this.cut();
      return;
    }
    if (grown < 0) this.budget.give(-grown);
    this.inProgress = next;
  }

  /** Answers a ping with a copy of its payload; a peer that does not read the answers is cut, not buffered. */
  private pong(data: Buffer): void {
    if (!this.open) return;
    if (this.pendingPongs >= MAX_PENDING_PONGS || !this.budget.take(PONG_BYTES)) {
      this.cut();
      return;
    }
    this.pendingPongs += 1;
    this.ws.pong(Buffer.from(data), false, () => {
      this.pendingPongs -= 1;
      this.budget.give(PONG_BYTES);
    });
  }

  private startHeartbeat(intervalMs: number, idleMs: number): void {
    this.pinger = setInterval(() => {
      if (this.open) this.ws.ping();
    }, intervalMs).unref();
    // One deadline timer, moved forward lazily when it fires: no timer work per chunk.
    const check = () => {
      const silent = Date.now() - this.lastHeard;
      if (silent >= idleMs) this.cut();
      else this.deadline = setTimeout(check, idleMs - silent).unref();
    };
    this.deadline = setTimeout(check, idleMs).unref();
  }

  private end(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.pinger);
    clearTimeout(this.deadline);
    this.budget.give(this.inProgress);
    this.inProgress = 0;
    for (const listener of this.closeListeners) {
      try {
        listener(code, reason);
      } catch {
        // A listener's failure must not stop the others (the hub's bookkeeping runs here).
      }
    }
    this.messageListeners = [];
    this.closeListeners = [];
  }
}
