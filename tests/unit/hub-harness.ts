// A hub on a real http server on 127.0.0.1, as the Vite plugin and the CLI mount it, for the hub's unit tests.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHub, type Hub, type HubOptions } from '../../plugin/hub';
import { DEVICE_SOCKET_PATH } from '../../shared/device-protocol';
import { type AgentEnvelope, type AgentMessage, PROTOCOL_VERSION, SOURCE_AGENT } from '../../shared/protocol';
import { open, type TestClient } from './websocket-client';

export const TOKEN = 'test-token-123';

export interface HubHarness {
  hub: Hub;
  port: number;
  viewerDir: string;
  /** A device's socket; `from` is the local address it comes from (127.0.0.2…: another machine). */
  device(cookie?: string, userAgent?: string, from?: string): Promise<TestClient>;
  viewer(): Promise<TestClient>;
  get(urlPath: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }>;
  stop(): Promise<void>;
}

export function agentEnvelope(session: string, seq: number, message: AgentMessage): AgentEnvelope {
  return { ...message, source: SOURCE_AGENT, v: PROTOCOL_VERSION, session, seq } as AgentEnvelope;
}

export const hello = (session: string, seq = 0) =>
  agentEnvelope(session, seq, {
    type: 'hello',
    payload: { runtime: { uniApp: true, globalUni: 'full', url: 'http://app/' }, startedAt: 1 },
  });

/** The device id the hub gave in its Set-Cookie, as the cookie header a browser sends back. */
export function cookieOf(client: TestClient): string {
  const header = client.headers['set-cookie'];
  const line = Array.isArray(header) ? header[0] : header;
  const match = /^uni_transfers_device=([0-9a-f]{32}\.[0-9a-f]{32});/.exec(line ?? '');
  if (!match) throw new Error(`no device cookie in ${String(line)}`);
  return `uni_transfers_device=${match[1]}`;
}

export async function startHub(options: Partial<HubOptions> = {}): Promise<HubHarness> {
  const viewerDir = mkdtempSync(path.join(tmpdir(), 'uni-transfers-viewer-'));
  mkdirSync(path.join(viewerDir, 'assets'));
  writeFileSync(path.join(viewerDir, 'index.html'), '<!doctype html><title>viewer</title>');
  writeFileSync(path.join(viewerDir, 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(path.join(viewerDir, 'assets', 'app-1.css'), 'body{}');
  writeFileSync(path.join(viewerDir, 'secret.txt'), 'not an asset');
  const agentFile = path.join(viewerDir, 'agent.js');
  writeFileSync(agentFile, '(function(){})()');
  const hub = createHub({ token: TOKEN, viewerDir, agentFile, ...options });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) =>
    hub.middleware(req, res, () => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('next');
    }),
  );
  server.on('connection', (socket) => sockets.add(socket));
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    hub,
    port,
    viewerDir,
    device: (cookie, userAgent = 'TestPhone/1.0', from = undefined) =>
      open(
        port,
        `${DEVICE_SOCKET_PATH}?role=device`,
        { 'User-Agent': userAgent, ...(cookie ? { Cookie: cookie } : {}) },
        from,
      ),
    viewer: () => open(port, `${DEVICE_SOCKET_PATH}?role=viewer&token=${TOKEN}`),
    get: (urlPath) =>
      new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: urlPath }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        })
          .on('error', reject)
          .end();
      }),
    async stop() {
      hub.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(viewerDir, { recursive: true, force: true });
    },
  };
}
