// Issue 16: what an attacker on the network did to the hub, against the real hub on a plain http server (the e2e
// twin, tests/e2e/hub-attacks.test.ts, floods the real Vite dev server). Each flood is bounded in bytes; each test
// checks that the hub ends the attacker (or refuses it), holds no more than its budget meanwhile, and still
// serves a real phone afterwards.

import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_SOCKET_PATH } from '../../shared/device-protocol';
import {
  beacon,
  bigFrameHeader,
  deviceSocket,
  emptyContinuations,
  MiB,
  messageStart,
  pings,
  pump,
  snapshotBeacon,
} from './hub-floods';
import { type HubHarness, hello, startHub, TOKEN } from './hub-harness';
import { connect, until } from './websocket-client';

let harness: HubHarness;

afterEach(async () => {
  await harness?.stop();
});

/** The most the hub held against its budget while `act` ran (sampled every turn of the event loop). */
async function peakMemory(act: () => Promise<unknown>): Promise<number> {
  let peak = 0;
  let running = true;
  const sample = () => {
    peak = Math.max(peak, harness.hub.stats().memory.used);
    if (running) setImmediate(sample);
  };
  sample();
  await act();
  running = false;
  return peak;
}

/** A real phone still gets a slot and its messages through to a viewer. */
async function phoneStillServed(from = '127.0.0.9'): Promise<void> {
  const viewer = await harness.viewer();
  const phone = await harness.device(undefined, 'RealPhone/1.0', from);
  phone.sendJson(hello('real'));
  await viewer.message((message) => message.type === 'device' && JSON.stringify(message).includes('"real"'));
}

describe('1. a message made only of empty continuation frames', () => {
  it('is ended by the hub once it weighs a message’s worth, and nothing of it is kept', async () => {
    harness = await startHub({ socket: { maxMessageBytes: 1 * MiB } });
    const socket = await deviceSocket(harness.port);
    if (typeof socket === 'number') throw new Error(`refused: ${socket}`);
    socket.write(messageStart());
    let sent = 0;
    const peak = await peakMemory(async () => {
      sent = await pump(socket, emptyContinuations(), 64 * MiB);
    });
    // Ended after about 2 MiB (the message cap and framing slack), not after the 64 MiB the attacker had.
    expect(sent).toBeLessThan(64 * MiB);
    expect(peak).toBeLessThanOrEqual(harness.hub.stats().memory.limit);
    await until(() => harness.hub.stats().memory.used === 0);
    await phoneStillServed();
  }, 120_000);
});

describe('2. pings whose pongs are never read', () => {
  it('cuts the peer instead of queueing pongs, and holds no received chunk for them', async () => {
    harness = await startHub();
    const socket = await deviceSocket(harness.port);
    if (typeof socket === 'number') throw new Error(`refused: ${socket}`);
    let sent = 0;
    const peak = await peakMemory(async () => {
      sent = await pump(socket, pings(), 256 * MiB);
    });
    expect(sent).toBeLessThan(256 * MiB);
    expect(peak).toBeLessThanOrEqual(harness.hub.stats().memory.limit);
    await until(() => harness.hub.stats().memory.used === 0);
    await phoneStillServed();
  }, 120_000);
});

describe('3. a page of another site, and made-up cookies', () => {
  const path = `${DEVICE_SOCKET_PATH}?role=device`;

  it('refuses sockets and beacons from another site or by a rebound name; the real phone keeps its slot', async () => {
    harness = await startHub();
    const foreign = { Origin: 'http://evil.example' };
    for (let i = 0; i < 100; i++) expect((await connect(harness.port, path, foreign)).status).toBe(403);
    const viewerPath = `${DEVICE_SOCKET_PATH}?role=viewer&token=${TOKEN}`;
    expect((await connect(harness.port, viewerPath, foreign)).status).toBe(403);
    // DNS rebinding: evil.example resolved to this machine, so the page is "same-origin" but names the wrong host.
    const rebound = { Origin: 'http://evil.example:80', Host: 'evil.example:80' };
    expect((await connect(harness.port, path, rebound)).status).toBe(403);
    expect((await harness.get(`/__uni-transfers/stats?token=${TOKEN}`)).status).toBe(200);
    expect(await beacon(harness.port, snapshotBeacon('x'), foreign)).toBe(403);
    expect(harness.hub.stats().devices).toHaveLength(0);
    expect(harness.hub.stats().forbidden).toBe(103);
    // The hub's own pages (any name the server is reached by), another port of the same machine, and clients
    // without Origin (not a web page) get in.
    const own = { Origin: `http://127.0.0.1:${harness.port}` };
    expect((await connect(harness.port, path, own)).status).toBe(101);
    expect((await connect(harness.port, path, { Origin: 'http://localhost:1234' })).status).toBe(101);
    expect((await connect(harness.port, viewerPath, { Origin: 'http://localhost:1234' })).status).toBe(403);
    expect((await connect(harness.port, viewerPath, own)).status).toBe(101);
  });

  it('takes no beacon with a made-up cookie: no fake device, and a real phone’s last words stay', async () => {
    harness = await startHub();
    const phone = await harness.device();
    const cookie = String(phone.headers['set-cookie']).split(';')[0] as string;
    expect(await beacon(harness.port, snapshotBeacon('real-last-words'), { Cookie: cookie })).toBe(204);
    for (let i = 0; i < 100; i++) {
      const made = `uni_transfers_device=${i.toString(16).padStart(32, 'a')}`;
      expect(await beacon(harness.port, snapshotBeacon(`fake-${i}`), { Cookie: made })).toBe(400);
    }
    expect(harness.hub.stats().devices).toHaveLength(1);
    const viewer = await harness.viewer();
    await viewer.message((message) => JSON.stringify(message).includes('real-last-words'));
  });
});

describe('4. memory with no byte budget', () => {
  it('weighs unfinished frames: an address holds at most its share, the hub at most its budget', async () => {
    const budget = 64 * MiB;
    harness = await startHub({ memoryBudget: budget, socket: { maxMessageBytes: 8 * MiB } });
    const sockets = [];
    let peak = 0;
    // 24 connections from 3 machines, each sending 7 MiB of an 8 MiB frame that never ends.
    for (let i = 0; i < 24; i++) {
      const socket = await deviceSocket(harness.port, {}, `127.0.3.${i % 3}`);
      if (typeof socket === 'number') throw new Error(`refused: ${socket}`);
      socket.write(bigFrameHeader(8 * MiB));
      peak = Math.max(peak, await peakMemory(() => pump(socket, Buffer.alloc(MiB), 7 * MiB)));
      sockets.push(socket);
    }
    expect(peak).toBeLessThanOrEqual(budget);
    // Each address's share is a quarter of the budget: two 7 MiB frames fit in 16 MiB, the third is cut.
    const open = () => harness.hub.stats().devices.reduce((sum, device) => sum + device.connections, 0);
    await until(() => open() <= 6);
    expect(harness.hub.stats().memory.used).toBeLessThanOrEqual((3 * budget) / 4);
    // Another machine still has its share.
    await phoneStillServed();
    for (const socket of sockets) socket.destroy();
    // What stays is the real phone's last chunk (the bound of what ws may hold of its next message).
    await until(() => harness.hub.stats().memory.used < 64 * 1024);
  }, 120_000);

  it('keeps last words within the budget: a beacon that does not fit is refused', async () => {
    harness = await startHub({ memoryBudget: 150 * 1024 });
    const phones = [await harness.device(), await harness.device(), await harness.device()];
    const cookies = phones.map((client) => String(client.headers['set-cookie']).split(';')[0] as string);
    const last = (i: number, words: string, size: number) =>
      beacon(harness.port, snapshotBeacon(words, size), { Cookie: cookies[i] as string });
    expect(await last(0, 'a', 60 * 1024)).toBe(204);
    expect(await last(1, 'b', 60 * 1024)).toBe(204);
    // The third does not fit (it is cut while its body is read): the first two stay.
    expect(await last(2, 'c', 60 * 1024)).not.toBe(204);
    expect(harness.hub.stats().memory.used).toBeLessThanOrEqual(150 * 1024);
    // Replacing a device's own last words gives the old ones back first.
    expect(await last(0, 'a2', 20 * 1024)).toBe(204);
  });
});
