// A small WebSocket client for the hub's and the WebSocket server's unit tests (Node 20 has no global WebSocket):
// it masks its frames as a browser does, and can also send what a browser never would (unmasked, binary, bad
// UTF-8, headers without payloads) to check that the server refuses it. Waits are on conditions, never on time.

import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

export interface FrameOptions {
  fin?: boolean;
  opcode?: number;
  masked?: boolean;
  rsv?: number;
  /** Declared payload length, when it must differ from the payload sent (a header for a huge message). */
  length?: number;
}

export interface Frame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

export function encodeFrame(payload: Buffer, options: FrameOptions = {}): Buffer {
  const { fin = true, opcode = 1, masked = true, rsv = 0 } = options;
  const length = options.length ?? payload.length;
  const size = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + size + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  header[1] = (masked ? 0x80 : 0) | (size === 0 ? length : size === 2 ? 126 : 127);
  if (size === 2) header.writeUInt16BE(length, 2);
  if (size === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  mask.copy(header, 2 + size);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i & 3] as number);
  return Buffer.concat([header, body]);
}

type Waiter = { test: () => boolean; resolve: () => void };

export class TestClient {
  readonly frames: Frame[] = [];
  readonly messages: string[] = [];
  closeFrame: { code: number; reason: string } | null = null;
  ended = false;
  /** Answer pings as a browser does (tests of the heartbeat turn it off). */
  answerPings = true;
  private buffer = Buffer.alloc(0);
  private waiters: Waiter[] = [];

  constructor(
    readonly socket: Socket,
    readonly headers: Record<string, string | string[] | undefined>,
    head: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => {});
    if (head.length > 0) this.read(head);
  }

  send(text: string): void {
    this.socket.write(encodeFrame(Buffer.from(text, 'utf8')));
  }

  sendJson(value: unknown): void {
    this.send(JSON.stringify(value));
  }

  sendFrame(payload: Buffer | string, options: FrameOptions = {}): void {
    this.socket.write(encodeFrame(Buffer.from(payload), options));
  }

  close(code = 1000): void {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.sendFrame(payload, { opcode: 0x8 });
  }

  /** Parsed JSON messages, in order of arrival. */
  json(): unknown[] {
    return this.messages.map((text) => JSON.parse(text));
  }

  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** The first message (parsed) from index `from` on that passes `test`. */
  async message<T = Record<string, unknown>>(test: (value: T) => boolean, from = 0): Promise<T> {
    let found: T | undefined;
    await this.until(() => {
      found = (this.json().slice(from) as T[]).find(test);
      return found !== undefined || this.ended;
    });
    if (found === undefined) throw new Error(`connection ended; messages: ${this.messages.join('\n')}`);
    return found;
  }

  /** Resolves once the connection has ended (TCP closed); the close frame received, if any. */
  async closed(): Promise<{ code: number; reason: string } | null> {
    await this.until(() => this.ended);
    return this.closeFrame;
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.test()) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) break;
      const second = this.buffer[1] as number;
      const code = second & 0x7f;
      const size = code === 126 ? 2 : code === 127 ? 8 : 0;
      const masked = (second & 0x80) !== 0;
      const start = 2 + size + (masked ? 4 : 0);
      if (this.buffer.length < start) break;
      const length =
        code === 126 ? this.buffer.readUInt16BE(2) : code === 127 ? Number(this.buffer.readBigUInt64BE(2)) : code;
      if (this.buffer.length < start + length) break;
      const first = this.buffer[0] as number;
      const frame = {
        fin: (first & 0x80) !== 0,
        opcode: first & 0x0f,
        masked,
        payload: Buffer.from(this.buffer.subarray(start, start + length)),
      };
      this.buffer = this.buffer.subarray(start + length);
      this.frames.push(frame);
      if (frame.opcode === 0x1) this.messages.push(frame.payload.toString('utf8'));
      if (frame.opcode === 0x9 && this.answerPings) this.sendFrame(frame.payload, { opcode: 0xa });
      if (frame.opcode === 0x8) {
        this.closeFrame = {
          code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005,
          reason: frame.payload.subarray(2).toString('utf8'),
        };
        // Answer the close as a browser does, then let the server end the TCP connection.
        if (!this.socket.destroyed) this.socket.write(encodeFrame(frame.payload.subarray(0, 2), { opcode: 0x8 }));
      }
    }
    this.wake();
  }
}

export type UpgradeResult =
  | { status: 101; client: TestClient; headers: Record<string, string | string[] | undefined> }
  | { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/**
 * Opens a WebSocket on 127.0.0.1:port, or returns the HTTP answer that refused it. `from` is the local address
 * (127.0.0.2…: another machine, as the hub sees it).
 */
export function connect(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  from?: string,
): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      localAddress: from,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket, head) => {
      resolve({ status: 101, client: new TestClient(socket, res.headers, head), headers: res.headers });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Like connect, for a connection that must open. */
export async function open(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  from?: string,
): Promise<TestClient> {
  const result = await connect(port, path, headers, from);
  if (!('client' in result)) throw new Error(`expected 101, got ${result.status}: ${result.body}`);
  return result.client;
}

/** Waits for a condition on the server's side (no message tells the test when it holds): checked every turn. */
export async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setImmediate(resolve));
}
