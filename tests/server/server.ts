/**
 * HTTP transfer test server for the uni Transfer DevTools tests.
 *
 * Plain node:http + busboy. Listens on 127.0.0.1, port 0 (a free port).
 *
 * Endpoints (CORS on everything, OPTIONS preflight answered):
 *   POST /upload[?slow=<bytes/s>&status=<code>&body=<text>&type=<mime>]
 *        multipart; records an UploadRecord, answers JSON (or, with `body`, that text as `type`, default
 *        text/plain; charset=utf-8) with that status (e.g. 413/500/503). The whole body is read first.
 *   POST /upload?cut=<percent>[&slow=<bytes/s>]
 *        a dropped connection: reads the request body and, once it has received that share of its
 *        Content-Length, destroys the socket with a TCP reset (0 = at once, before reading; no Content-Length
 *        counts as 0). No answer, no UploadRecord; the request log says 'destroyed'. A browser sees a network
 *        error (XHR `error`, status 0; Chromium may resend once on a reused keep-alive socket, and the
 *        resent request is cut the same way).
 *   GET  /download?bytes=N&rate=<bytes/s>&length=0|1&status=<code>&type=<mime>&seed=<n>&store=1
 *        N pattern bytes (`rate`: a rate-limited download); `body=<text>` sends that text instead.
 *   GET  /download?bytes=N&cut=<percent>[&rate=...&length=0]
 *        a connection cut mid-body: headers (Content-Length N unless length=0) and that share of the body,
 *        flushed, then the connection is closed (FIN: the client gets exactly that share, then a premature
 *        end). A browser sees a network error (Chromium: ERR_CONTENT_LENGTH_MISMATCH or
 *        ERR_INCOMPLETE_CHUNKED_ENCODING, XHR `error`, status 0).
 *   GET  /file/<name>?bytes=N&seed=<n>            a deterministic file (for http filePath uploads)
 *   GET  /hang                                    never answers (destroyed on close())
 *   GET  /destroy                                 destroys the socket (network error)
 *   GET  /json?...                                small JSON `{ ok, method, query }` (for uni.request / fetch)
 *   GET  /__uploads                               the upload records (JSON)
 *   GET  /__requests                              every request seen (JSON)
 *   POST /__reset                                 clears uploads and requests
 *   <prefix>...                                   static hosting of opts.static prefixes
 *
 * Misbehaving as real servers do (issue 18's real faults), on any endpoint:
 *   ?cors=none          no CORS header at all (a cross-origin page's XHR fails: the browser hides why)
 *   ?preflight=refuse   an OPTIONS preflight is answered 403 without CORS headers (a custom header is refused)
 *   POST /upload?redirect=<path>[&redirectStatus=302]   the body is read, then answered with that redirect
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { patternBytes } from './pattern.js';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface UploadRecord {
  id: string;
  /** Date.now() when the upload finished. */
  time: number;
  /** Request URL (path + query), as received. */
  url: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  fields: Record<string, string>;
  files: UploadedFile[];
  /** HTTP status the server answered with. */
  status: number;
}

export interface RequestRecord {
  seq: number;
  time: number;
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  origin?: string;
  /** The server answered (or, for /hang, never will). */
  outcome: 'pending' | 'answered' | 'aborted' | 'destroyed' | 'static' | 'not-found';
  /** `?cut=` uploads: request body bytes the server read before it dropped the connection. */
  bodyBytesRead?: number;
  status?: number;
}

export interface TransferServerOptions {
  /** url prefix (e.g. '/app/vue3-prod/') -> directory served statically. */
  static?: Record<string, string>;
  /** Log each request to stderr. */
  verbose?: boolean;
}

export interface TransferServer {
  origin: string;
  port: number;
  uploads(): UploadRecord[];
  resetUploads(): void;
  /** Every request the server saw (API and static), oldest first. */
  requests(): RequestRecord[];
  /** Resolves when at least `count` uploads are recorded (rejects after `timeoutMs`). */
  waitForUploads(count: number, timeoutMs?: number): Promise<UploadRecord[]>;
  /**
   * Lets every request with `hold=<key>` go on (and any later one: a released key holds nothing). A held
   * download has sent its headers and half its body; a held upload has received its whole body and not answered.
   */
  release(key: string): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function intParam(q: URLSearchParams, name: string, dflt: number): number {
  const v = q.get(name);
  if (v === null || v === '') return dflt;
  const n = Number(v);
  return Number.isFinite(n) ? Math.floor(n) : dflt;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Re-emits `src` at about `rate` bytes per second, in slices of rate/20 bytes (one per 50 ms). */
async function* throttled(src: AsyncIterable<Buffer>, rate: number): AsyncGenerator<Buffer> {
  const slice = Math.max(1, Math.floor(rate / 20));
  for await (const chunk of src) {
    for (let off = 0; off < chunk.length; off += slice) {
      const piece = chunk.subarray(off, off + slice);
      await sleep((piece.length / rate) * 1000);
      yield piece;
    }
  }
}

export async function startTransferServer(opts: TransferServerOptions = {}): Promise<TransferServer> {
  let uploads: UploadRecord[] = [];
  let requests: RequestRecord[] = [];
  let uploadSeq = 0;
  let requestSeq = 0;
  let closed = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  // A test's "mid-transfer" moment: a held request stays in flight until the test releases its key.
  const held = new Map<string, (() => void)[]>();
  const releasedKeys = new Set<string>();
  const heldUntilReleased = (key: string | null): Promise<void> => {
    if (!key || releasedKeys.has(key) || closed) return Promise.resolve();
    return new Promise<void>((resolve) => held.set(key, [...(held.get(key) ?? []), resolve]));
  };
  const release = (key: string) => {
    releasedKeys.add(key);
    for (const resolve of held.get(key) ?? []) resolve();
    held.delete(key);
  };

  const statics = Object.entries(opts.static ?? {})
    .map(([prefix, dir]) => ({
      prefix: prefix.endsWith('/') ? prefix : `${prefix}/`,
      dir: path.resolve(dir),
    }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  function cors(req: http.IncomingMessage, res: http.ServerResponse) {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    } else {
      res.setHeader('Access-Control-Allow-Origin', '*');
    }
    // '*' exposes every header of a non-credentialed response. (uni's downloadFile still asks for an
    // absent Content-Disposition; Chromium then logs "Refused to get unsafe header": harmless.)
    res.setHeader('Access-Control-Expose-Headers', '*');
    // As CDNs and API gateways commonly send it: the page's Resource Timing then has the DNS/connect/TLS detail.
    res.setHeader('Timing-Allow-Origin', '*');
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
    });
    res.end(text);
  }

  /** Ends the connection abruptly: a TCP reset where Node can send one (a dropped connection), else a plain destroy. */
  function dropConnection(socket: import('node:net').Socket, rec: RequestRecord) {
    rec.outcome = 'destroyed';
    notify();
    if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
    else socket.destroy();
  }

  /** `POST /upload?cut=<percent>`: reads the body until that share of its Content-Length arrived, then drops. */
  function cutUpload(req: http.IncomingMessage, rec: RequestRecord, percent: number, slow: number): Promise<void> {
    const socket = req.socket;
    const length = Number(req.headers['content-length']);
    const share = Math.min(100, Math.max(0, percent));
    const limit =
      Number.isFinite(length) && length > 0 && share > 0 ? Math.max(1, Math.ceil((length * share) / 100)) : 0;
    rec.bodyBytesRead = 0;
    if (limit === 0) {
      dropConnection(socket, rec);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let received = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve();
      };
      const body: Readable = slow > 0 ? Readable.from(throttled(req, slow)) : req;
      body.on('data', (chunk: Buffer) => {
        if (done) return;
        received += chunk.length;
        rec.bodyBytesRead = received;
        if (received >= limit) {
          body.pause();
          dropConnection(socket, rec);
          finish();
        }
      });
      body.on('error', finish);
      body.on('end', () => {
        // The whole body arrived below the limit (a Content-Length larger than the body: not a real client).
        if (!done) dropConnection(socket, rec);
        finish();
      });
      socket.on('close', finish);
    });
  }

  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rec: RequestRecord) {
    const slow = intParam(url.searchParams, 'slow', 0);
    const status = intParam(url.searchParams, 'status', 200);
    const cut = url.searchParams.get('cut');
    if (cut !== null && cut !== '') {
      await cutUpload(req, rec, Number(cut) || 0, slow);
      return;
    }
    const answerBody = url.searchParams.get('body');
    const answerType = url.searchParams.get('type') || 'text/plain; charset=utf-8';
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    const pending: Promise<void>[] = [];
    let bb: busboy.Busboy;
    try {
      // Browsers and curl send non-ASCII file names as raw UTF-8; busboy reads parameters as latin1 unless told.
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fieldSize: 10 * 1024 * 1024 } });
    } catch (e) {
      rec.outcome = 'answered';
      rec.status = 400;
      sendJson(res, 400, { ok: false, error: String((e as Error).message) });
      req.resume();
      return;
    }
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      // Pushed now, so files keep the order of their parts.
      const entry: UploadedFile = {
        field,
        filename: info.filename ?? '',
        contentType: info.mimeType,
        size: 0,
        sha256: '',
      };
      files.push(entry);
      const hash = createHash('sha256');
      pending.push(
        new Promise<void>((resolve) => {
          stream.on('data', (d: Buffer) => {
            entry.size += d.length;
            hash.update(d);
          });
          stream.on('end', () => {
            entry.sha256 = hash.digest('hex');
            resolve();
          });
          stream.on('error', () => resolve());
        }),
      );
    });
    const finished = new Promise<void>((resolve, reject) => {
      bb.on('close', resolve);
      bb.on('error', reject);
    });
    const body: Readable = slow > 0 ? Readable.from(throttled(req, slow)) : req;
    body.on('error', (e) => bb.destroy(e));
    req.on('aborted', () => bb.destroy(new Error('client aborted')));
    body.pipe(bb);
    try {
      await finished;
      await Promise.all(pending);
    } catch {
      rec.outcome = 'aborted';
      notify();
      return;
    }
    if (res.destroyed || (req.destroyed && !req.complete)) {
      rec.outcome = 'aborted';
      notify();
      return;
    }
    const id = `u${++uploadSeq}`;
    const record: UploadRecord = {
      id,
      time: Date.now(),
      url: req.url ?? '',
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      fields,
      files,
      status,
    };
    uploads.push(record);
    notify();
    await heldUntilReleased(url.searchParams.get('hold'));
    if (res.destroyed) {
      rec.outcome = 'aborted';
      notify();
      return;
    }
    const redirect = url.searchParams.get('redirect');
    if (redirect) {
      const redirectStatus = intParam(url.searchParams, 'redirectStatus', 302);
      rec.outcome = 'answered';
      rec.status = redirectStatus;
      notify();
      res.writeHead(redirectStatus, { Location: redirect, 'Content-Length': 0, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    rec.outcome = 'answered';
    rec.status = status;
    notify();
    if (answerBody !== null) {
      const text = Buffer.from(answerBody, 'utf8');
      res.writeHead(status, { 'Content-Type': answerType, 'Content-Length': text.length, 'Cache-Control': 'no-store' });
      res.end(text);
      return;
    }
    sendJson(res, status, {
      ok: status < 400,
      id,
      fields,
      files: files.map(({ field, filename, contentType, size, sha256 }) => ({
        field,
        filename,
        contentType,
        size,
        sha256,
      })),
    });
  }

  async function streamPattern(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    opts2: {
      bytes: number;
      seed: number;
      rate: number;
      withLength: boolean;
      status: number;
      type: string;
      storable?: boolean;
      /** Sent instead of the pattern (`bytes` is then its length). */
      payload?: Buffer;
      /** Percent of the body after which the connection is closed (undefined: no cut). */
      cut?: number;
      /** Key that holds the body at its half until released (see TransferServer.release). */
      hold?: string | null;
      rec?: RequestRecord;
    },
  ) {
    if (opts2.payload) opts2.bytes = opts2.payload.length;
    const payload = opts2.payload;
    const piece = (n: number, offset: number) =>
      payload ? payload.subarray(offset, offset + n) : patternBytes(n, opts2.seed, offset);
    const cutAt =
      opts2.cut === undefined
        ? Number.POSITIVE_INFINITY
        : Math.floor((opts2.bytes * Math.min(100, Math.max(0, opts2.cut))) / 100);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': opts2.type,
      // no-store keeps tests apart from the HTTP cache; `store=1` sends `no-cache` instead, for a page that must
      // stay eligible for Chromium's back/forward cache (a no-store answer to a page's XHR makes it ineligible).
      'Cache-Control': opts2.storable ? 'no-cache' : 'no-store',
    };
    if (opts2.withLength) headers['Content-Length'] = opts2.bytes;
    res.writeHead(opts2.status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const slice = opts2.rate > 0 ? Math.max(1, Math.floor(opts2.rate / 20)) : 64 * 1024;
    let sent = 0;
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    const end = Math.min(opts2.bytes, cutAt);
    let holdAt = opts2.hold ? Math.floor(opts2.bytes / 2) : Number.POSITIVE_INFINITY;
    while (sent < end && !gone) {
      if (sent >= holdAt) {
        await heldUntilReleased(opts2.hold ?? null);
        holdAt = Number.POSITIVE_INFINITY;
        continue;
      }
      const n = Math.min(slice, end - sent, holdAt - sent);
      const ok = res.write(piece(n, sent));
      sent += n;
      if (opts2.rate > 0) await sleep((n / opts2.rate) * 1000);
      else if (!ok) await drainedOrClosed(res);
    }
    if (gone) return;
    if (sent < opts2.bytes || (opts2.cut !== undefined && cutAt < opts2.bytes)) {
      // The cut: flush what was written (headers included), then close without the rest. A FIN, not a reset,
      // so that the client receives exactly that share before the premature end.
      if (opts2.rec) opts2.rec.outcome = 'destroyed';
      notify();
      if (sent === 0) res.flushHeaders();
      const socket = res.socket;
      if (!socket) return;
      socket.once('finish', () => socket.destroy());
      socket.end();
      return;
    }
    res.end();
  }

  /** Waits for 'drain' or 'close', removing both listeners (one per write would pile up on a long download). */
  function drainedOrClosed(res: http.ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> {
    const entry = statics.find((s) => pathname.startsWith(s.prefix) || `${pathname}/` === s.prefix);
    if (!entry) return false;
    if (`${pathname}/` === entry.prefix) {
      res.writeHead(301, { Location: entry.prefix });
      res.end();
      return true;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname.slice(entry.prefix.length));
    } catch {
      rel = '';
    }
    let file = path.resolve(entry.dir, `.${path.posix.sep}${rel}`);
    if (file !== entry.dir && !file.startsWith(entry.dir + path.sep)) {
      res.writeHead(403);
      res.end();
      return true;
    }
    let st = await fsp.stat(file).catch(() => null);
    if (st?.isDirectory()) {
      file = path.join(file, 'index.html');
      st = await fsp.stat(file).catch(() => null);
    }
    if (!st && !path.extname(rel)) {
      // SPA fallback (history-mode routers).
      file = path.join(entry.dir, 'index.html');
      st = await fsp.stat(file).catch(() => null);
    }
    if (!st?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return true;
    }
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': st.size,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }

  // Accept huge request headers (the argument suite sends a 100 kB header value): with Node's 16 kB default the
  // server answers 431 and closes, and whether the browser sees that answer or a reset depends on timing.
  const server = http.createServer({ maxHeaderSize: 1024 * 1024 }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = url.pathname;
    const rec: RequestRecord = {
      seq: ++requestSeq,
      time: Date.now(),
      method: req.method ?? 'GET',
      url: req.url ?? '',
      path: pathname,
      query: Object.fromEntries(url.searchParams),
      origin: req.headers.origin,
      outcome: 'pending',
    };
    requests.push(rec);
    if (opts.verbose) process.stderr.write(`[transfer-server] ${rec.method} ${rec.url}\n`);
    res.on('close', () => {
      if (rec.outcome === 'pending' && !res.writableFinished) rec.outcome = 'aborted';
    });
    res.on('finish', () => {
      if (rec.outcome === 'pending') {
        rec.outcome = 'answered';
        rec.status = res.statusCode;
      }
    });
    const misbehave = url.searchParams;
    if (misbehave.get('cors') !== 'none') cors(req, res);
    try {
      if (req.method === 'OPTIONS' && misbehave.get('preflight') === 'refuse') {
        res.removeHeader('Access-Control-Allow-Origin');
        res.writeHead(403, { 'Content-Length': 0 });
        res.end();
        return;
      }
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, HEAD, OPTIONS');
        const reqHeaders = req.headers['access-control-request-headers'];
        res.setHeader('Access-Control-Allow-Headers', reqHeaders || '*');
        if (req.headers['access-control-request-private-network']) {
          res.setHeader('Access-Control-Allow-Private-Network', 'true');
        }
        res.writeHead(204, { 'Content-Length': 0 });
        res.end();
        return;
      }
      if (pathname === '/upload' && req.method === 'POST') {
        await handleUpload(req, res, url, rec);
        return;
      }
      if (pathname === '/download' && (req.method === 'GET' || req.method === 'HEAD')) {
        const q = url.searchParams;
        await streamPattern(req, res, {
          bytes: Math.max(0, intParam(q, 'bytes', 1024)),
          seed: intParam(q, 'seed', 0),
          rate: Math.max(0, intParam(q, 'rate', 0)),
          withLength: q.get('length') !== '0',
          status: intParam(q, 'status', 200),
          type: q.get('type') || (q.has('body') ? 'text/plain; charset=utf-8' : 'application/octet-stream'),
          storable: q.get('store') === '1',
          payload: q.has('body') ? Buffer.from(q.get('body') ?? '', 'utf8') : undefined,
          cut: q.has('cut') && q.get('cut') !== '' ? Number(q.get('cut')) || 0 : undefined,
          hold: q.get('hold'),
          rec,
        });
        return;
      }
      if (pathname.startsWith('/file/') && (req.method === 'GET' || req.method === 'HEAD')) {
        const q = url.searchParams;
        await streamPattern(req, res, {
          bytes: Math.max(0, intParam(q, 'bytes', 1024)),
          seed: intParam(q, 'seed', 0),
          rate: 0,
          withLength: true,
          status: 200,
          type: q.get('type') || 'application/octet-stream',
        });
        return;
      }
      if (pathname === '/hang') {
        // Never answer; close() destroys the socket.
        req.resume();
        return;
      }
      if (pathname === '/destroy') {
        rec.outcome = 'destroyed';
        req.socket.destroy();
        return;
      }
      if (pathname === '/json') {
        sendJson(res, intParam(url.searchParams, 'status', 200), {
          ok: true,
          method: req.method,
          query: Object.fromEntries(url.searchParams),
        });
        req.resume();
        return;
      }
      if (pathname === '/echo') {
        // Answers with the body, type and one extra header given in the query (the untrusted-data test sends
        // markup and script through every field the panel shows).
        const q = url.searchParams;
        const body = Buffer.from(q.get('body') ?? '', 'utf8');
        res.writeHead(intParam(q, 'status', 200), {
          'Content-Type': q.get('type') || 'text/plain',
          'Content-Length': body.length,
          'X-Echo': (q.get('header') ?? '').replace(/[^\x20-\x7e]/g, '?'),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        req.resume();
        return;
      }
      if (pathname === '/favicon.ico') {
        // Browsers ask for it on every page: answer quietly instead of a 404 console error.
        res.writeHead(204, { 'Cache-Control': 'max-age=3600' });
        res.end();
        return;
      }
      if (pathname === '/__uploads') {
        sendJson(res, 200, uploads);
        return;
      }
      if (pathname === '/__requests') {
        sendJson(res, 200, requests);
        return;
      }
      if (pathname === '/__reset' && req.method === 'POST') {
        uploads = [];
        requests = [];
        sendJson(res, 200, { ok: true });
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && (await serveStatic(req, res, pathname))) {
        rec.outcome = 'static';
        rec.status = res.statusCode;
        return;
      }
      rec.outcome = 'not-found';
      rec.status = 404;
      sendJson(res, 404, { ok: false, error: 'not found', path: pathname });
      req.resume();
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: String((e as Error)?.message ?? e) });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    uploads: () => uploads.slice(),
    resetUploads: () => {
      uploads = [];
    },
    requests: () => requests.slice(),
    waitForUploads(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (uploads.length >= count) {
            cleanup();
            resolve(uploads.slice());
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${count} uploads (have ${uploads.length})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    release,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const key of [...held.keys()]) release(key);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
