// Issue 16, against the real thing: the uni dev server with the npm package's plugin (installed from the packed
// tarball, tests/fixtures/plugin-app.ts), flooded on 127.0.0.1 as an attacker on the LAN would. Each flood is
// bounded in bytes; each checks that the dev server still answers, that a real phone still gets in, and that the
// server's resident memory stayed within the hub's budget (plus the slack a garbage-collected heap needs). The same
// attacks against a hub on a plain http server, with small budgets, are tests/unit/hub-attacks.test.ts.

import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_BUDGET } from '../../plugin/hub-budget';
import { DEVICE_SOCKET_PATH } from '../../shared/device-protocol';
import { prepareFixtures } from '../fixtures/index';
import { type PluginServer, preparePluginApp, startPluginServer } from '../fixtures/plugin-app';
import {
  answers,
  beacon,
  bigFrameHeader,
  deviceSocket,
  emptyContinuations,
  MiB,
  messageStart,
  pings,
  pump,
  rssMiB,
  snapshotBeacon,
} from '../unit/hub-floods';
import { connect } from '../unit/websocket-client';

/** The hub's budget, and what a V8 heap holds on to beyond what is live (freed buffers not yet collected). */
const ALLOWED_GROWTH_MIB = DEFAULT_MEMORY_BUDGET / MiB + 64;

let dev: PluginServer;
let port: number;
let baseline: number;

beforeAll(async () => {
  await prepareFixtures({ runtimes: ['vue3-dev'], log: () => {} });
  const app = await preparePluginApp();
  dev = await startPluginServer(app, 'dev', { token: 'hub-attacks-token' });
  port = Number(new URL(dev.origin).port);
  // The dev server compiles the app on its first request: memory is measured after that.
  const page = await fetch(`${dev.origin}/`);
  expect(page.status).toBe(200);
  await page.text();
  baseline = rssMiB(dev.pid);
});

afterAll(async () => {
  await dev?.stop();
});

/** Samples the dev server's RSS while `act` runs (a timer, not a wait); the highest figure. */
async function peakRss<T>(act: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = rssMiB(dev.pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(dev.pid));
  }, 50);
  try {
    const result = await act();
    peak = Math.max(peak, rssMiB(dev.pid));
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

const own = () => ({ Origin: dev.origin });

/** The server answers, and a phone of the app (its own Origin) gets a device socket. */
async function stillServing(): Promise<void> {
  expect(await answers(port)).toBe(true);
  const phone = await connect(port, `${DEVICE_SOCKET_PATH}?role=device`, own(), '127.0.0.200');
  expect(phone.status).toBe(101);
  if ('client' in phone) phone.client.socket.destroy();
}

describe('the dev server under attack (issue 16)', () => {
  it('1: ends a message of empty continuation frames; memory stays within the budget', async () => {
    const socket = await deviceSocket(port, own(), '127.0.1.1');
    if (typeof socket === 'number') throw new Error(`refused: ${socket}`);
    socket.write(messageStart());
    const { result: sent, peak } = await peakRss(() => pump(socket, emptyContinuations(), 256 * MiB));
    expect(sent).toBeLessThan(256 * MiB);
    expect(peak - baseline).toBeLessThan(ALLOWED_GROWTH_MIB);
    await stillServing();
  });

  it('2: cuts a peer that pings without reading the pongs; memory stays within the budget', async () => {
    const socket = await deviceSocket(port, own(), '127.0.1.2');
    if (typeof socket === 'number') throw new Error(`refused: ${socket}`);
    const { result: sent, peak } = await peakRss(() => pump(socket, pings(), 1024 * MiB));
    expect(sent).toBeLessThan(1024 * MiB);
    expect(peak - baseline).toBeLessThan(ALLOWED_GROWTH_MIB);
    await stillServing();
  });

  it('3: gives a page of another site no socket and no beacon; made-up cookies make no device', async () => {
    const path = `${DEVICE_SOCKET_PATH}?role=device`;
    const foreign = { Origin: 'http://evil.example' };
    for (let i = 0; i < 100; i++) expect((await connect(port, path, foreign, '127.0.1.3')).status).toBe(403);
    const rebound = { Origin: `http://evil.example:${port}`, Host: `evil.example:${port}` };
    expect((await connect(port, path, rebound)).status).toBe(403);
    expect(await beacon(port, snapshotBeacon('x'), foreign)).toBe(403);
    const made = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(32, 'b'));
    for (const id of made) {
      const headers = { ...own(), Cookie: `uni_transfers_device=${id}` };
      expect(await beacon(port, snapshotBeacon(`fake-${id}`), headers)).toBe(400);
    }
    const stats = await fetch(`${dev.origin}/__uni-transfers/stats?token=${dev.token}`).then((r) => r.json());
    expect(stats.devices.filter((device: { id: string }) => made.includes(device.id))).toEqual([]);
    expect(stats.forbidden).toBeGreaterThanOrEqual(102);
    await stillServing();
  });

  it('4: weighs unfinished 32 MiB frames against the budget; memory stays within it', async () => {
    const sockets: Socket[] = [];
    const { peak } = await peakRss(async () => {
      // 24 connections from 3 addresses, each sending 31 MiB of a 32 MiB frame that never ends.
      for (let i = 0; i < 24; i++) {
        const socket = await deviceSocket(port, own(), `127.0.4.${i % 3}`);
        if (typeof socket === 'number') continue;
        socket.write(bigFrameHeader(32 * MiB));
        await pump(socket, Buffer.alloc(MiB), 31 * MiB);
        sockets.push(socket);
      }
    });
    expect(peak - baseline).toBeLessThan(ALLOWED_GROWTH_MIB);
    await stillServing();
    for (const socket of sockets) socket.destroy();
  });
});
