// The hub's plain HTTP side, under BASE_PATH: the viewer page (only with the token), its assets and the agent
// script (no token: they hold no secret), and the stats the tests read. Everything else under the base is a 404;
// other paths go on to the next middleware (Vite's). A request by a name that is not ours (DNS rebinding) gets 403
// on all of it, and a beacon from a page of another site too (hub-origin.ts).

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { BASE_PATH } from '../shared/device-protocol';
import type { MemoryBudget } from './hub-budget';
import { hostAllowed, type OriginPolicy, requestAllowed } from './hub-origin';
import type { HubStats } from './hub-types';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const FORBIDDEN_TEXT = [
  'Open the viewer with the URL the dev server printed: it ends with ?token=…',
  '请用开发服务器输出的地址打开查看器（地址末尾带有 ?token=…）。',
  '',
].join('\n');

/** The page shows only what devices sent, as text; it runs only its own scripts and is never framed. */
const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export interface HttpHandlerOptions {
  allowed: (token: string | null) => boolean;
  /** A page's last words, posted with navigator.sendBeacon at pagehide (see BEACON_PATH); false if refused. */
  beacon: (req: IncomingMessage, body: string) => boolean;
  viewerDir: string;
  agentFile: string;
  stats: () => HubStats;
  policy: OriginPolicy;
  /** Beacon bodies being read are held against it. */
  budget: MemoryBudget;
  /** Counts a request refused for its Host or Origin. */
  forbidden: () => void;
}

type Next = (error?: unknown) => void;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

const text = (res: ServerResponse, status: number, body: string) =>
  send(res, status, 'text/plain; charset=utf-8', body, { 'Cache-Control': 'no-store' });

/** Streams a file if it is one; false if it does not exist (or is not a file). */
async function sendFile(res: ServerResponse, file: string, cacheControl: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
  });
  if (res.req.method === 'HEAD') res.end();
  else
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  return true;
}

/** The request's path and query; null for a target no URL parser takes. */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://hub');
  } catch {
    return null;
  }
}

/** The file an assets URL names, or null if it would leave the assets folder (or is malformed). */
export function assetFile(assetsDir: string, urlPath: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (name === '' || name.includes('\0') || name.includes('\\')) return null;
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) return null;
  const root = path.resolve(assetsDir);
  const file = path.resolve(root, name);
  return file.startsWith(root + path.sep) ? file : null;
}

/** sendBeacon sends at most 64 KiB (the keepalive quota) in every browser. */
const MAX_BEACON_BYTES = 64 * 1024;

/**
 * The request body as text; null when it is larger than `limit` bytes or does not fit in the budget (the rest
 * is not read). The bytes read are held in the budget until the body is handed on.
 */
function readBody(req: IncomingMessage, limit: number, budget: MemoryBudget): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: string | null) => {
      if (settled) return;
      settled = true;
      budget.give(size);
      resolve(body);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > limit || !budget.take(chunk.length)) {
        settle(null);
        req.destroy();
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => settle(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => settle(null));
    req.on('close', () => settle(null));
  });
}

export function createHttpHandler(options: HttpHandlerOptions) {
  const assetsDir = path.join(options.viewerDir, 'assets');

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = url.pathname.slice(BASE_PATH.length);
    if (route === 'beacon' && req.method === 'POST') {
      // The app's page may be served from another port of this machine (hub-origin.ts).
      if (!requestAllowed(req, options.policy, true)) {
        options.forbidden();
        return text(res, 403, 'Forbidden\n');
      }
      const body = await readBody(req, MAX_BEACON_BYTES, options.budget);
      res.writeHead(body !== null && options.beacon(req, body) ? 204 : 400, { 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const allowed = () => options.allowed(url.searchParams.get('token'));
    if (route === '' || route === 'index.html') {
      const token = url.searchParams.get('token');
      // A wrong token goes to the address without one: the page then says, in the reader's language, where the
      // printed URL is (viewer-no-token), rather than trying a socket the hub refuses.
      if (token !== null && !allowed()) {
        res.writeHead(303, { Location: BASE_PATH, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      const page = await readFile(path.join(options.viewerDir, 'index.html')).catch(() => null);
      if (!page) return text(res, 500, 'The viewer is missing from this package build.\n');
      // Without a token the same page, which holds no data, shows only viewer-no-token (still a 403).
      return send(res, token === null ? 403 : 200, 'text/html; charset=utf-8', page, PAGE_HEADERS);
    }
    if (route === 'stats') {
      if (!allowed()) return text(res, 403, FORBIDDEN_TEXT);
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(options.stats()), {
        'Cache-Control': 'no-store',
      });
    }
    if (route === 'agent.js') {
      if (await sendFile(res, options.agentFile, 'no-cache')) return;
    } else if (route.startsWith('assets/')) {
      const file = assetFile(assetsDir, route.slice('assets/'.length));
      // Asset names carry a content hash: a browser may keep them.
      if (file && (await sendFile(res, file, 'public, max-age=31536000, immutable'))) return;
    }
    text(res, 404, 'Not found\n');
  }

  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    const url = requestUrl(req);
    if (!url?.pathname.startsWith(BASE_PATH.slice(0, -1))) {
      next();
      return;
    }
    if (url.pathname === BASE_PATH.slice(0, -1)) {
      // `/__uni-transfers` without the slash: the page's relative asset URLs need it.
      res.writeHead(308, { Location: `${BASE_PATH}${url.search}`, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!url.pathname.startsWith(BASE_PATH)) {
      next();
      return;
    }
    if (!hostAllowed(req.headers.host, options.policy)) {
      options.forbidden();
      text(res, 403, 'Forbidden: this host name is not allowed (server.allowedHosts)\n');
      return;
    }
    // A failure here (a file vanishing mid-read) is answered, never thrown into the dev server.
    handle(req, res, url).catch(() => {
      if (!res.headersSent) text(res, 500, 'Internal error\n');
      else res.destroy();
    });
  };
}
