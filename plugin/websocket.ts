// A minimal RFC 6455 WebSocket server on a Node http 'upgrade': the package has no runtime dependency, and the hub
// needs only text messages between phones' agents, desktop viewers and itself.
//
// Every peer is untrusted (any page on the LAN can open a socket to the dev server): a protocol error closes the
// connection, a message over the cap is refused before its payload is buffered, and a peer that stops reading
// or stops answering is dropped, so no peer can make the dev server hold unbounded memory.

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_MESSAGE_BYTES } from '../shared/page-channel';
import { FrameReader } from './websocket-frames';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The agent cuts every message to MAX_MESSAGE_BYTES of JSON; the slack covers a viewer's command envelope. */
export const MAX_INCOMING_BYTES = MAX_MESSAGE_BYTES + 1024 * 1024;
/** Phones drop Wi-Fi without a close: a ping every 20 s, and a peer silent for 45 s is gone. */
const PING_INTERVAL_MS = 20_000;
const IDLE_TIMEOUT_MS = 45_000;
/** Queued output beyond this means a reader that is dead or far too slow: holding more only grows memory. */
const MAX_WRITE_BACKLOG = 64 * 1024 * 1024;
/** How long a close frame we sent waits for the peer's before the socket is destroyed. */
const CLOSE_WAIT_MS = 5_000;

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

export interface AcceptOptions {
  /** Extra response headers of the 101 (the hub's Set-Cookie). Values must not contain CR or LF. */
  headers?: Record<string, string>;
  maxMessageBytes?: number;
  /** Tests shorten the heartbeat. */
  pingIntervalMs?: number;
  idleTimeoutMs?: number;
  maxWriteBacklog?: number;
}

export interface Connection {
  /** Sends a text message; a Buffer is its UTF-8 (encoded once when it goes to many peers). */
  send(text: string | Buffer): void;
  /** Starts the close handshake (1000 by default); the socket ends when the peer answers or after 5 s. */
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (text: string) => void): void;
  /** Once, however the connection ended: 1006 when it ended without a close frame. */
  on(event: 'close', listener: (code: number, reason: string) => void): void;
  readonly open: boolean;
}

/** Answers an upgrade request with a plain HTTP error and ends the socket. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    ...Object.entries(headers).map(([name, value]) => headerLine(name, value)),
  ];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
  // A peer that never reads must not keep the socket: end() flushes, then we let go.
  setTimeout(() => socket.destroy(), CLOSE_WAIT_MS).unref();
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};

function headerLine(name: string, value: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
    throw new Error(`invalid header ${JSON.stringify(name)}`);
  }
  return `${name}: ${value}`;
}

const hasToken = (header: string | undefined, token: string) =>
  (header ?? '')
    .toLowerCase()
    .split(',')
    .some((part) => part.trim() === token);

/**
 * Completes the handshake of a WebSocket upgrade request, or refuses it (400/426) and returns null. The caller
 * decides first whether the request is its own (path, role, token).
 */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: AcceptOptions = {},
): Connection | null {
  const key = req.headers['sec-websocket-key'];
  if (
    req.method !== 'GET' ||
    !hasToken(req.headers.upgrade, 'websocket') ||
    !hasToken(req.headers.connection, 'upgrade') ||
    typeof key !== 'string' ||
    Buffer.from(key, 'base64').length !== 16
  ) {
    refuseUpgrade(socket, 400, 'Bad WebSocket handshake');
    return null;
  }
  if (req.headers['sec-websocket-version'] !== '13') {
    refuseUpgrade(socket, 426, 'WebSocket version 13 only', { 'Sec-WebSocket-Version': '13' });
    return null;
  }
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${accept}`,
    ...Object.entries(options.headers ?? {}).map(([name, value]) => headerLine(name, value)),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new WebSocketConnection(socket, head, options);
}

class WebSocketConnection implements Connection {
  private messageListeners: ((text: string) => void)[] = [];
  private closeListeners: ((code: number, reason: string) => void)[] = [];
  private readonly reader: FrameReader;
  /** A close frame was sent: nothing else may follow it. */
  private closeSent = false;
  private ended = false;
  private lastHeard = Date.now();
  /** The close we sent or answered, reported to listeners. */
  private closeCode: { code: number; reason: string } | null = null;
  private pinger: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private readonly maxWriteBacklog: number;

  constructor(
    private readonly socket: Duplex,
    head: Buffer,
    options: AcceptOptions,
  ) {
    this.maxWriteBacklog = options.maxWriteBacklog ?? MAX_WRITE_BACKLOG;
    this.reader = new FrameReader(options.maxMessageBytes ?? MAX_INCOMING_BYTES, {
      message: (text) => {
        // After our close frame the peer may still send; nothing reads it any more.
        if (this.open) for (const listener of this.messageListeners) listener(text);
      },
      control: (opcode, payload) => this.control(opcode, payload),
      fail: (code, reason) => this.fail(code, reason),
    });
    if ('setNoDelay' in socket && typeof socket.setNoDelay === 'function') socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.end(1006, ''));
    socket.on('close', () => this.end(1006, ''));
    socket.on('end', () => socket.end());
    this.startHeartbeat(options.pingIntervalMs ?? PING_INTERVAL_MS, options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
    // Frames that arrived with the upgrade request itself; after listeners are attached, so none is lost.
    if (head.length > 0) queueMicrotask(() => this.receive(head));
  }

  private receive(chunk: Buffer): void {
    this.lastHeard = Date.now();
    try {
      this.reader.push(chunk);
    } catch {
      // A bug of ours (or of a listener) must not become an uncaught exception in the dev server.
      this.fail(1011, 'internal error');
    }
  }

  get open(): boolean {
    return !this.closeSent && !this.ended;
  }

  on(event: 'message', listener: (text: string) => void): void;
  on(event: 'close', listener: (code: number, reason: string) => void): void;
  on(event: 'message' | 'close', listener: (...args: never[]) => void): void {
    if (event === 'message') this.messageListeners.push(listener as (text: string) => void);
    else this.closeListeners.push(listener as (code: number, reason: string) => void);
  }

  send(text: string | Buffer): void {
    if (!this.open) return;
    this.write(OP_TEXT, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  }

  close(code = 1000, reason = ''): void {
    if (!this.open) return;
    const reasonBytes = Buffer.from(reason, 'utf8').subarray(0, 123);
    const payload = Buffer.alloc(2 + reasonBytes.length);
    payload.writeUInt16BE(code, 0);
    reasonBytes.copy(payload, 2);
    this.write(OP_CLOSE, payload);
    this.closeSent = true;
    this.closeCode = { code, reason };
    // Outlives end(), which a failure calls at once: the socket goes even if the peer never answers.
    setTimeout(() => this.socket.destroy(), CLOSE_WAIT_MS).unref();
  }

  private startHeartbeat(intervalMs: number, idleMs: number): void {
    this.pinger = setInterval(() => {
      if (this.open) this.write(OP_PING, Buffer.alloc(0));
    }, intervalMs).unref();
    // One deadline timer, moved forward lazily when it fires: no timer work per message.
    const check = () => {
      const silent = Date.now() - this.lastHeard;
      if (silent >= idleMs) this.socket.destroy();
      else this.deadline = setTimeout(check, idleMs - silent).unref();
    };
    this.deadline = setTimeout(check, idleMs).unref();
  }

  private control(opcode: number, payload: Buffer): void {
    if (opcode === OP_PING) {
      if (this.open) this.write(OP_PONG, payload);
    } else if (opcode === OP_CLOSE) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      const reason = payload.subarray(2).toString('utf8');
      if (!this.closeSent) {
        // Echo the peer's close (its code, if any), then end: the peer closes the TCP connection after it.
        this.write(OP_CLOSE, payload.subarray(0, 2));
        this.closeSent = true;
        this.closeCode = { code, reason };
      }
      this.socket.end();
      this.end(this.closeCode?.code ?? code, this.closeCode?.reason ?? reason);
    }
    // A pong needs nothing more: any bytes from the peer moved lastHeard.
  }

  /** A protocol violation: the framing can no longer be trusted, so close with its code and end at once. */
  private fail(code: number, reason: string): void {
    this.reader.stop();
    this.close(code, reason);
    this.socket.end();
    this.end(code, reason);
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    if (this.socket.writableLength > this.maxWriteBacklog) {
      this.socket.destroy();
      return;
    }
    const length = payload.length;
    const header = Buffer.alloc(length < 126 ? 2 : length < 65536 ? 4 : 10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = length;
    else if (length < 65536) {
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    this.socket.cork();
    this.socket.write(header);
    if (length > 0) this.socket.write(payload);
    this.socket.uncork();
  }

  private end(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.pinger);
    clearTimeout(this.deadline);
    this.reader.stop();
    if (!this.socket.destroyed && code === 1006) this.socket.destroy();
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
