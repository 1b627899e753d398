// What an attacker on the network sends to the hub (issue 16), for the attacker tests (tests/unit/hub-attacks.test.ts
// against a hub on a plain http server, tests/e2e/hub-attacks.test.ts against the real Vite dev server): raw
// frames a browser never sends, written as fast as the socket takes them, bounded in bytes.

import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { DEVICE_SOCKET_PATH } from '../../shared/device-protocol';
import { PROTOCOL_VERSION, SOURCE_AGENT } from '../../shared/protocol';
import { connect, encodeFrame } from './websocket-client';

export const MiB = 1024 * 1024;

/** The resident memory of a process (Linux), in MiB. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) / 1024;
}

/** A device socket's raw TCP socket once the hub said 101, or the status it refused with. */
export async function deviceSocket(
  port: number,
  headers: Record<string, string> = {},
  from?: string,
): Promise<Socket | number> {
  const result = await connect(port, `${DEVICE_SOCKET_PATH}?role=device`, headers, from);
  if (!('client' in result)) return result.status;
  // The attacker reads nothing: the test client's parser stays out of the way.
  result.client.socket.removeAllListeners('data');
  result.client.socket.pause();
  return result.client.socket;
}

/**
 * Writes `chunk` again and again until `total` bytes are written or the server ends the connection; waits for
 * 'drain' as a fast sender does. Resolves with the bytes written.
 */
export function pump(socket: Socket, chunk: Buffer, total: number): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(written);
    };
    socket.once('close', finish);
    socket.on('error', finish);
    const write = () => {
      while (!done && written < total && !socket.destroyed) {
        written += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', write);
          return;
        }
      }
      if (written >= total) finish();
    };
    write();
  });
}

/** Many frames in one buffer, so that the flood is not one write() per 6-byte frame. */
export const repeated = (frame: Buffer, times: number) => Buffer.concat(Array.from({ length: times }, () => frame));

/** Attack 1: a text message that never ends, made of empty continuation frames (6 bytes each, masked). */
export const emptyContinuations = () => repeated(encodeFrame(Buffer.alloc(0), { opcode: 0, fin: false }), 10_000);
export const messageStart = () => encodeFrame(Buffer.from('{'), { opcode: 1, fin: false });

/** Attack 2: pings with the largest payload a control frame may carry. */
export const pings = () => repeated(encodeFrame(Buffer.alloc(125, 0x70), { opcode: 0x9 }), 500);

/** Attack 4: the header of a text frame of `length` bytes (its payload follows in pieces, never all of it). */
export const bigFrameHeader = (length: number) => encodeFrame(Buffer.alloc(0), { length });

/** A page's last snapshot as a beacon carries it (about `bytes` long). */
export function snapshotBeacon(session: string, bytes = 0): string {
  const runtime = { uniApp: true, globalUni: 'full', url: `http://app/${'x'.repeat(bytes)}` };
  const payload = { runtime, startedAt: 1, tasks: [], dropped: 0 };
  return JSON.stringify({ source: SOURCE_AGENT, v: PROTOCOL_VERSION, session, seq: 1, type: 'snapshot', payload });
}

/** A beacon POST; resolves with the status (0 if the server cut it). */
export function beacon(port: number, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/__uni-transfers/beacon',
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Whether the server still answers HTTP (any status). */
export function answers(port: number, path = '/__uni-transfers/agent.js'): Promise<boolean> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      resolve(true);
    })
      .on('error', () => resolve(false))
      .end();
  });
}
