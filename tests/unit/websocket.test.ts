// The hub's WebSocket server (plugin/websocket.ts, on `ws`) against real sockets on 127.0.0.1: handshake, framing
// edge cases, refusals with the right close codes, heartbeat, the write backlog limit, and the memory budget.

import { createServer, type Server } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBudget } from '../../plugin/hub-budget';
import { type Connection, createSocketServer, type SocketOptions } from '../../plugin/websocket';
import { connect, encodeFrame, open, type TestClient, until } from './websocket-client';

interface Harness {
  port: number;
  connections: Connection[];
  closes: { code: number; reason: string }[];
  budget: MemoryBudget;
}

let server: Server | undefined;
const sockets = new Set<Socket>();

afterEach(async () => {
  // Upgraded sockets are no longer the http server's, but they keep close() waiting.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server that echoes every text message back. */
async function echoServer(
  options: SocketOptions & { headers?: Record<string, string>; budget?: number } = {},
): Promise<Harness> {
  const budget = new MemoryBudget(options.budget ?? 256 * 1024 * 1024);
  const harness: Harness = { port: 0, connections: [], closes: [], budget };
  const upgrades = createSocketServer(options, budget);
  server = createServer((_req, res) => res.end('plain'));
  server.on('connection', (socket) => sockets.add(socket));
  server.on('upgrade', (req, socket, head) => {
    const connection = upgrades.accept(req, socket, head, options.headers);
    if (!connection) return;
    harness.connections.push(connection);
    connection.on('message', (text) => connection.send(text));
    connection.on('close', (code, reason) => harness.closes.push({ code, reason }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  harness.port = typeof address === 'object' && address ? address.port : 0;
  return harness;
}

describe('handshake', () => {
  it('answers the key of RFC 6455 section 1.3 and adds the extra headers', async () => {
    const harness = await echoServer({ headers: { 'Set-Cookie': 'a=b; HttpOnly' } });
    const result = await connect(harness.port, '/', { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' });
    expect(result.status).toBe(101);
    expect(result.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(result.headers['set-cookie']).toEqual(['a=b; HttpOnly']);
  });

  it('refuses another version, a request without Upgrade: websocket and a bad key with 400', async () => {
    const harness = await echoServer();
    const version = await connect(harness.port, '/', { 'Sec-WebSocket-Version': '7' });
    expect(version.status).toBe(400);
    expect(version.headers['sec-websocket-version']).toMatch(/13/);
    const upgrade = await connect(harness.port, '/', { Upgrade: 'h2c' });
    expect(upgrade.status).toBe(400);
    const key = await connect(harness.port, '/', { 'Sec-WebSocket-Key': 'short' });
    expect(key.status).toBe(400);
    expect(harness.connections).toHaveLength(0);
  });

  it('reads frames that arrive with the upgrade request itself', async () => {
    const harness = await echoServer();
    const socket = netConnect(harness.port, '127.0.0.1');
    const request =
      'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    socket.write(Buffer.concat([Buffer.from(request), encodeFrame(Buffer.from('early'))]));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
    });
    await until(() => received.includes('early'));
    const headEnd = received.indexOf('\r\n\r\n') + 4;
    expect(received.subarray(headEnd)).toEqual(encodeFrame(Buffer.from('early'), { masked: false }));
    socket.destroy();
  });
});

describe('framing', () => {
  it('echoes messages with 7-bit, 16-bit and 64-bit lengths, unmasked, as one frame each', async () => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    const texts = ['hi ✓ 你好', 'x'.repeat(125), 'y'.repeat(126), 'z'.repeat(65535), 'w'.repeat(70_000)];
    for (const text of texts) client.send(text);
    await client.until(() => client.messages.length === texts.length);
    expect(client.messages).toEqual(texts);
    expect(client.frames.every((frame) => !frame.masked && frame.fin)).toBe(true);
  });

  it('joins a fragmented message and answers a ping sent between its fragments', async () => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    client.sendFrame('one ', { fin: false, opcode: 0x1 });
    client.sendFrame('ping!', { opcode: 0x9 });
    client.sendFrame('two ', { fin: false, opcode: 0x0 });
    client.sendFrame('three', { fin: true, opcode: 0x0 });
    await client.until(() => client.messages.length === 1);
    expect(client.messages).toEqual(['one two three']);
    const pong = client.frames.find((frame) => frame.opcode === 0xa);
    expect(pong?.payload.toString()).toBe('ping!');
  });

  it('parses frames that arrive one byte at a time, and a multi-byte character split across fragments', async () => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    const bytes = Buffer.concat([
      encodeFrame(Buffer.from([0xe4, 0xbd]), { fin: false }),
      encodeFrame(Buffer.from([0xa0]), { opcode: 0 }),
      encodeFrame(Buffer.from('b'.repeat(300))),
    ]);
    for (const byte of bytes) {
      client.socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await client.until(() => client.messages.length === 2);
    expect(client.messages).toEqual(['你', 'b'.repeat(300)]);
  });

  it.each([
    ['a binary message', (client: TestClient) => client.sendFrame('bin', { opcode: 0x2 }), 1003],
    ['an unmasked frame', (client: TestClient) => client.sendFrame('text', { masked: false }), 1002],
    ['reserved bits', (client: TestClient) => client.sendFrame('text', { rsv: 4 }), 1002],
    ['an unknown opcode', (client: TestClient) => client.sendFrame('x', { opcode: 0x3 }), 1002],
    ['a fragmented ping', (client: TestClient) => client.sendFrame('x', { opcode: 0x9, fin: false }), 1002],
    ['a continuation without a message', (client: TestClient) => client.sendFrame('x', { opcode: 0 }), 1002],
    ['invalid UTF-8', (client: TestClient) => client.sendFrame(Buffer.from([0xc3, 0x28])), 1007],
    ['a bad close code', (client: TestClient) => client.sendFrame(Buffer.from([0x03, 0xec]), { opcode: 8 }), 1002],
  ])('closes on %s with code %s', async (_name, act, code) => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    act(client);
    expect((await client.closed())?.code).toBe(code);
    // ws stops reading after a protocol error, so it reports the end as 1006 (the peer's echo is not read).
    await until(() => harness.closes.length === 1);
  });

  it('refuses a message over the cap from its header alone (1009), also when spread over fragments', async () => {
    const harness = await echoServer({ maxMessageBytes: 1000 });
    const whole = await open(harness.port, '/');
    // A 64-bit length of 2^40 with no payload: the server must not wait to buffer it.
    whole.socket.write(encodeFrame(Buffer.alloc(0), { length: 2 ** 40 }));
    expect((await whole.closed())?.code).toBe(1009);
    const fragmented = await open(harness.port, '/');
    fragmented.sendFrame('a'.repeat(600), { fin: false });
    fragmented.sendFrame('a'.repeat(600), { opcode: 0 });
    expect((await fragmented.closed())?.code).toBe(1009);
    const exact = await open(harness.port, '/');
    exact.send('a'.repeat(1000));
    await exact.until(() => exact.messages.length === 1);
  });
});

describe('closing', () => {
  it('echoes a close from the client and reports its code', async () => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    client.close(4000);
    expect((await client.closed())?.code).toBe(4000);
    await until(() => harness.closes.length === 1);
    expect(harness.closes[0]?.code).toBe(4000);
  });

  it('closes from the server with a code and reason; nothing is sent after it', async () => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    await until(() => harness.connections.length === 1);
    const connection = harness.connections[0] as Connection;
    connection.close(1001, 'going away');
    connection.send('late');
    expect(connection.open).toBe(false);
    expect(await client.closed()).toEqual({ code: 1001, reason: 'going away' });
    expect(client.messages).toEqual([]);
    await until(() => harness.closes.length === 1);
  });

  it('reports 1006 when the TCP connection just drops', async () => {
    const harness = await echoServer();
    const client = await open(harness.port, '/');
    client.socket.destroy();
    await until(() => harness.closes.length === 1);
    expect(harness.closes[0]?.code).toBe(1006);
  });
});

describe('heartbeat and backlog', () => {
  it('pings, keeps a peer that answers, and drops one that has gone silent', async () => {
    const harness = await echoServer({ pingIntervalMs: 20, idleTimeoutMs: 150 });
    const live = await open(harness.port, '/');
    const silent = await open(harness.port, '/');
    silent.answerPings = false;
    await silent.closed();
    expect(silent.frames.some((frame) => frame.opcode === 0x9)).toBe(true);
    // The live peer answered every ping in the same time: it is still open.
    expect(live.ended).toBe(false);
    live.send('still here');
    await live.until(() => live.messages.length === 1);
  });

  it('drops a peer that stops reading once the write backlog is over its limit', async () => {
    const harness = await echoServer({ maxWriteBacklog: 1024 * 1024 });
    const client = await open(harness.port, '/');
    client.socket.pause();
    await until(() => harness.connections.length === 1);
    const connection = harness.connections[0] as Connection;
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; i < 1000 && harness.closes.length === 0; i++) {
      connection.send(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(harness.closes).toHaveLength(1);
  });
});
