import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternBytes, patternSha256, sha256 } from './pattern.js';
import { startTransferServer, type TransferServer } from './server.js';

let server: TransferServer;
let staticDir: string;

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'transfer-static-'));
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><p>app</p>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'a.js'), 'export const a = 1;');
  fs.writeFileSync(path.join(staticDir, 'assets', 'a.css'), 'p{}');
  fs.writeFileSync(path.join(staticDir, 'assets', 'i.svg'), '<svg/>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'f.woff2'), 'x');
  server = await startTransferServer({ static: { '/app/x/': staticDir } });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

function multipart(fields: Record<string, string>, files: Array<{ field: string; name: string; data: Uint8Array }>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files)
    fd.append(f.field, new Blob([new Uint8Array(f.data)], { type: 'application/octet-stream' }), f.name);
  return fd;
}

/** Raw GET that reports how the connection ended (fetch hides the difference). */
function rawGet(url: string): Promise<{
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: Buffer;
  error?: string;
  /** Body bytes received, also when the connection ended early. */
  received?: number;
}> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        received += c.length;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), received }),
      );
      res.on('error', (e) =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          error: (e as NodeJS.ErrnoException).code ?? e.message,
          received,
        }),
      );
    });
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
  });
}

/** Raw POST of `data` (with a Content-Length) that reports how the connection ended and how much was written. */
function rawPost(url: string, data: Buffer): Promise<{ status?: number; error?: string; sent: number }> {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length },
    });
    let sent = 0;
    const finish = (r: { status?: number; error?: string }) => resolve({ ...r, sent });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode }));
    });
    req.on('error', (e) => finish({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    // Written in slices, counting what the socket accepted, so the test sees the server stop reading.
    const slice = 64 * 1024;
    const writeMore = () => {
      while (sent < data.length) {
        const piece = data.subarray(sent, sent + slice);
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
  });
}

describe('transfer server', () => {
  it('listens on 127.0.0.1 with a free port', () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('records multipart uploads (fields, files, sha256) and answers JSON', async () => {
    server.resetUploads();
    const data = patternBytes(70_000, 3);
    const r = await fetch(`${server.origin}/upload?tag=t1`, {
      method: 'POST',
      headers: { 'X-Custom': 'yes' },
      body: multipart({ a: '1', b: 'two' }, [
        { field: 'file', name: 'one.bin', data },
        { field: 'other', name: 'two.bin', data: new Uint8Array([1, 2, 3]) },
      ]),
    });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ ok: true, fields: { a: '1', b: 'two' } });
    expect(body.id).toMatch(/^u\d+$/);
    const recs = server.uploads();
    expect(recs).toHaveLength(1);
    const rec = recs[0];
    if (!rec) throw new Error('no upload recorded');
    expect(rec.id).toBe(body.id);
    expect(rec.query).toEqual({ tag: 't1' });
    expect(rec.headers['x-custom']).toBe('yes');
    expect(rec.fields).toEqual({ a: '1', b: 'two' });
    expect(rec.files).toEqual([
      {
        field: 'file',
        filename: 'one.bin',
        contentType: 'application/octet-stream',
        size: 70_000,
        sha256: patternSha256(70_000, 3),
      },
      {
        field: 'other',
        filename: 'two.bin',
        contentType: 'application/octet-stream',
        size: 3,
        sha256: sha256(new Uint8Array([1, 2, 3])),
      },
    ]);
    expect(body.files).toEqual(rec.files);
    const listed = await (await fetch(`${server.origin}/__uploads`)).json();
    expect(listed.map((u: { id: string }) => u.id)).toEqual([rec.id]);
  });

  it('answers ?status= with that status and still a JSON body', async () => {
    const r = await fetch(`${server.origin}/upload?status=500`, {
      method: 'POST',
      body: multipart({ x: 'y' }, [{ field: 'file', name: 'f', data: new Uint8Array(10) }]),
    });
    expect(r.status).toBe(500);
    expect(await r.json()).toMatchObject({ ok: false, fields: { x: 'y' } });
  });

  it('reads the body slowly with ?slow=', async () => {
    const size = 200_000;
    const t0 = Date.now();
    const r = await fetch(`${server.origin}/upload?slow=400000`, {
      method: 'POST',
      body: multipart({}, [{ field: 'file', name: 'f', data: patternBytes(size) }]),
    });
    const elapsed = Date.now() - t0;
    expect(r.status).toBe(200);
    expect((await r.json()).files[0].sha256).toBe(patternSha256(size));
    expect(elapsed).toBeGreaterThanOrEqual(350); // ~500 ms at 400 kB/s
  });

  it('answers ?status= with ?body= and ?type= as given (a 413 with a text body)', async () => {
    server.resetUploads();
    const r = await fetch(`${server.origin}/upload?status=413&body=${encodeURIComponent('too large ✗')}`, {
      method: 'POST',
      body: multipart({}, [{ field: 'file', name: 'f', data: new Uint8Array(100) }]),
    });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await r.text()).toBe('too large ✗');
    expect(server.uploads().map((u) => u.status)).toEqual([413]);
    const json = await fetch(`${server.origin}/upload?status=503&body=%7B%22e%22%3A1%7D&type=application/json`, {
      method: 'POST',
      body: multipart({}, [{ field: 'file', name: 'f', data: new Uint8Array(1) }]),
    });
    expect(json.status).toBe(503);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ e: 1 });
  });

  it('?cut=<percent> drops an upload with a reset once that share of the body arrived', async () => {
    const size = 4_000_000;
    for (const cut of [0, 50]) {
      const before = server.requests().length;
      const r = await rawPost(`${server.origin}/upload?cut=${cut}&tag=cut${cut}`, patternBytes(size));
      expect(r.status, `cut=${cut}`).toBeUndefined();
      expect(['ECONNRESET', 'EPIPE'], `cut=${cut}: ${r.error}`).toContain(r.error);
      const rec = server
        .requests()
        .slice(before)
        .find((q) => q.query.tag === `cut${cut}`);
      expect(rec?.outcome).toBe('destroyed');
      // The server stopped reading at the cut: it never read the whole body. (What the client wrote may still be the
      // whole body: loopback socket buffers hold megabytes.)
      expect(rec?.bodyBytesRead).toBeLessThan(size);
      expect(rec?.bodyBytesRead).toBeGreaterThanOrEqual((size * cut) / 100);
    }
    expect(server.uploads().some((u) => u.query.tag?.startsWith('cut'))).toBe(false);
  });

  it('?cut= combines with ?slow= (a rate-limited upload that is dropped)', async () => {
    const t0 = Date.now();
    const r = await rawPost(`${server.origin}/upload?cut=50&slow=400000`, patternBytes(400_000));
    expect(r.error).toBe('ECONNRESET');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350); // half of 400 kB at 400 kB/s: ~500 ms
  });

  it('?hold=<key> keeps a download at half its body and an upload unanswered until release(key)', async () => {
    server.resetUploads();
    const size = 100_000;
    let atRelease = -1;
    const download = new Promise<{ status?: number; received: number }>((resolve) => {
      http.get(`${server.origin}/download?bytes=${size}&hold=h1`, (res) => {
        let received = 0;
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (atRelease < 0 && received >= size / 2) {
            atRelease = received;
            server.release('h1');
          }
        });
        res.on('end', () => resolve({ status: res.statusCode, received }));
      });
    });
    expect(await download).toEqual({ status: 200, received: size });
    expect(atRelease).toBe(size / 2);

    let answered = false;
    const upload = fetch(`${server.origin}/upload?hold=h2`, {
      method: 'POST',
      body: multipart({}, [{ field: 'file', name: 'f', data: new Uint8Array(10) }]),
    }).then((r) => {
      answered = true;
      return r.status;
    });
    await server.waitForUploads(1);
    expect(answered).toBe(false);
    server.release('h2');
    expect(await upload).toBe(200);
  });

  it('waitForUploads resolves once the count is reached', async () => {
    server.resetUploads();
    const wait = server.waitForUploads(2, 5000);
    for (let i = 0; i < 2; i++) {
      await fetch(`${server.origin}/upload`, {
        method: 'POST',
        body: multipart({ i: String(i) }, [{ field: 'file', name: 'f', data: new Uint8Array(1) }]),
      });
    }
    expect((await wait).map((u) => u.fields.i)).toEqual(['0', '1']);
    await expect(server.waitForUploads(3, 50)).rejects.toThrow(/timed out/);
  });

  it('serves deterministic downloads with and without Content-Length', async () => {
    const withLen = await rawGet(`${server.origin}/download?bytes=100000&type=image/png`);
    expect(withLen.status).toBe(200);
    expect(withLen.headers?.['content-length']).toBe('100000');
    expect(withLen.headers?.['content-type']).toBe('image/png');
    expect(sha256(withLen.body as Buffer)).toBe(patternSha256(100_000));

    const chunked = await rawGet(`${server.origin}/download?bytes=100000&length=0`);
    expect(chunked.headers?.['content-length']).toBeUndefined();
    expect(chunked.headers?.['transfer-encoding']).toBe('chunked');
    expect(sha256(chunked.body as Buffer)).toBe(patternSha256(100_000));

    const s500 = await rawGet(`${server.origin}/download?bytes=10&status=500`);
    expect(s500.status).toBe(500);
    expect(s500.body?.length).toBe(10);
  });

  it('throttles downloads with ?rate=', async () => {
    const t0 = Date.now();
    const r = await rawGet(`${server.origin}/download?bytes=100000&rate=250000`);
    expect(r.body?.length).toBe(100_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // ~400 ms
  });

  it('?cut=<percent> sends headers and that share of a download, then ends the connection', async () => {
    const r = await rawGet(`${server.origin}/download?bytes=200000&cut=50&tag=dcut`);
    expect(r.status).toBe(200);
    expect(r.headers?.['content-length']).toBe('200000');
    expect(r.error).toMatch(/aborted|ECONNRESET/);
    expect(r.received).toBe(100_000);
    expect(server.requests().find((q) => q.query.tag === 'dcut')?.outcome).toBe('destroyed');

    const zero = await rawGet(`${server.origin}/download?bytes=1000&cut=0`);
    expect(zero.status).toBe(200);
    expect(zero.error).toMatch(/aborted|ECONNRESET/);
    expect(zero.received).toBe(0);

    const chunked = await rawGet(`${server.origin}/download?bytes=100000&cut=30&length=0`);
    expect(chunked.headers?.['transfer-encoding']).toBe('chunked');
    expect(chunked.error).toMatch(/aborted|ECONNRESET/);
    expect(chunked.received).toBe(30_000);

    const slow = await rawGet(`${server.origin}/download?bytes=100000&cut=40&rate=200000`);
    expect(slow.error).toMatch(/aborted|ECONNRESET/);
    expect(slow.received).toBe(40_000);

    const whole = await rawGet(`${server.origin}/download?bytes=1000&cut=100`);
    expect(whole.error).toBeUndefined();
    expect(whole.body?.length).toBe(1000);
  });

  it('answers a download ?status= with ?body= and ?type=', async () => {
    const r = await rawGet(`${server.origin}/download?status=413&body=${encodeURIComponent('too large ✗')}`);
    expect(r.status).toBe(413);
    expect(r.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers?.['content-length']).toBe(String(Buffer.byteLength('too large ✗')));
    expect(r.body?.toString('utf8')).toBe('too large ✗');
    const typed = await rawGet(`${server.origin}/download?status=503&body=x&type=text/html`);
    expect(typed.status).toBe(503);
    expect(typed.headers?.['content-type']).toBe('text/html');
  });

  it('serves /file/<name>', async () => {
    const r = await rawGet(`${server.origin}/file/photo.jpg?bytes=1234`);
    expect(r.status).toBe(200);
    expect(r.headers?.['content-length']).toBe('1234');
    expect(sha256(r.body as Buffer)).toBe(patternSha256(1234));
  });

  it('/destroy ends the connection without a response', async () => {
    const r = await rawGet(`${server.origin}/destroy`);
    expect(r.status).toBeUndefined();
    expect(r.error).toBe('ECONNRESET');
  });

  it('/hang never answers, and close() ends it', async () => {
    const other = await startTransferServer();
    const pending = rawGet(`${other.origin}/hang`);
    let settled = false;
    pending.then(() => {
      settled = true;
    });
    // Wait until the server has seen the request, then check it is still unanswered.
    await expect
      .poll(() => other.requests().find((r) => r.path === '/hang')?.outcome, { timeout: 5000 })
      .toBe('pending');
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await other.close();
    const r = await pending;
    expect(r.status).toBeUndefined();
    expect(r.error).toBeTruthy();
  });

  it('answers CORS, including preflight with custom headers', async () => {
    const pre = await fetch(`${server.origin}/upload`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:1',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-fixture,x-trace-id',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:1');
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-fixture,x-trace-id');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');

    const get = await fetch(`${server.origin}/download?bytes=1`, { headers: { Origin: 'http://127.0.0.1:1' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:1');
    expect(get.headers.get('access-control-expose-headers')).toContain('*');
    const noOrigin = await fetch(`${server.origin}/json`);
    expect(noOrigin.headers.get('access-control-allow-origin')).toBe('*');
    expect(await noOrigin.json()).toEqual({ ok: true, method: 'GET', query: {} });
  });

  it('serves static prefixes with content types and an SPA fallback', async () => {
    const cases: Array<[string, string]> = [
      ['/app/x/', 'text/html; charset=utf-8'],
      ['/app/x/index.html', 'text/html; charset=utf-8'],
      ['/app/x/assets/a.js', 'text/javascript; charset=utf-8'],
      ['/app/x/assets/a.css', 'text/css; charset=utf-8'],
      ['/app/x/assets/i.svg', 'image/svg+xml'],
      ['/app/x/assets/f.woff2', 'font/woff2'],
      ['/app/x/pages/index/index', 'text/html; charset=utf-8'],
    ];
    for (const [p, type] of cases) {
      const r = await fetch(server.origin + p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toBe(type);
      await r.arrayBuffer();
    }
    expect((await fetch(`${server.origin}/app/x/assets/missing.js`)).status).toBe(404);
    const redirect = await fetch(`${server.origin}/app/x`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/app/x/');
    expect((await fetch(`${server.origin}/app/x/..%2F..%2Fetc%2Fpasswd`)).status).not.toBe(200);
  });

  it('keeps a request log', async () => {
    await fetch(`${server.origin}/json?q=1`);
    const log = server.requests();
    expect(log.at(-1)).toMatchObject({
      method: 'GET',
      path: '/json',
      query: { q: '1' },
      outcome: 'answered',
      status: 200,
    });
    expect((await (await fetch(`${server.origin}/__requests`)).json()).length).toBeGreaterThan(0);
  });
});
