// "Copy as cURL" against the real test server: the generated command, run by /bin/sh with the real curl, must send
// what the task sent: the same fields (values taken literally, however tricky), headers, file names, types and bytes.
// No browser: the task records are built the way the page agent builds them.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderPath, toCurl } from '../../shared/curl';
import type { BodyPart } from '../../shared/task-model';
import { patternBytes, patternSha256 } from '../server/pattern';
import { startTransferServer, type TransferServer, type UploadRecord } from '../server/server';
import { fold, T0 } from '../unit/har-samples';

const run = promisify(execFile);
const CURL = '/usr/bin/curl';

let server: TransferServer;
let dir: string;

beforeAll(async () => {
  server = await startTransferServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'curl-copy-'));
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a copied command as a user would paste it, with the real curl first on PATH. */
async function runCommand(command: string): Promise<string> {
  const { stdout } = await run('/bin/sh', ['-c', command], {
    cwd: dir,
    env: { ...process.env, PATH: `${path.dirname(CURL)}:${process.env.PATH ?? ''}` },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('copy as cURL, run for real', () => {
  it('re-sends an upload: tricky fields literally, headers, files by name with their bytes', async () => {
    const fields: BodyPart[] = [
      { name: 'plain', value: 'ann' },
      { name: 'quotes', value: `it's "double" and 'single'` },
      { name: 'at', value: '@/etc/passwd' },
      { name: 'lt', value: '<secret.txt' },
      { name: 'semi', value: 'v;type=text/html;filename=x' },
      { name: 'unicode', value: '中文 ✓ émoji 🎉' },
      { name: 'newline', value: 'line1\nline2' },
      { name: 'shell', value: '$(touch pwned) `touch pwned2`; rm -rf ./*' },
      { name: 'empty', value: '' },
    ];
    const files = [
      { part: 'photo', name: 'cat photo.png', type: 'image/png', bytes: patternBytes(70_000, 5) },
      { part: 'doc', name: 'notes; v2.txt', type: 'text/plain', bytes: Buffer.from('hello\nworld\n') },
      { part: 'raw', name: 'no-type.bin', type: '', bytes: patternBytes(1000, 9) },
      { part: 'quoted', name: 'say "hi".txt', type: 'text/plain', bytes: Buffer.from('hi') },
      { part: 'cjk', name: '报告 ✓.txt', type: 'text/plain', bytes: Buffer.from('报告') },
    ];
    // What a browser's FormData sends too: `"` in a file name as %22 (HTML's multipart encoding, curl ≥ 7.81), other
    // characters as raw UTF-8 (the test server reads them as such).
    const sentName = (name: string) => name.replace(/"/g, '%22');
    const body: BodyPart[] = [
      ...fields.slice(0, 4),
      { name: files[0]?.part ?? '', file: { name: files[0]?.name ?? '', size: 70_000, type: 'image/png' } },
      ...fields.slice(4),
      ...files.slice(1).map((file) => ({
        name: file.part,
        file: { name: file.name, size: file.bytes.length, type: file.type },
      })),
    ];
    for (const file of files) writeFileSync(path.join(dir, placeholderPath(file.name)), file.bytes);
    const url = `${server.origin}/upload?album=7&q=a%20b`;
    const task = fold('curl-up', [
      { type: 'created', at: T0, kind: 'upload', origin: 'app', probe: 'xhr', url },
      { type: 'open', at: T0 + 1, method: 'POST', url },
      {
        type: 'send',
        at: T0 + 2,
        requestHeaders: { Authorization: 'Bearer t0k3n', 'X-Trace': "it's-1", 'Content-Type': 'multipart/form-data' },
        body,
      },
    ]);
    const command = toCurl(task);
    const answer = JSON.parse(await runCommand(command));
    expect(answer.ok).toBe(true);

    const uploads = (await (await fetch(`${server.origin}/__uploads`)).json()) as UploadRecord[];
    const record = uploads.at(-1) as UploadRecord;
    expect(record.url).toBe('/upload?album=7&q=a%20b');
    expect(record.fields).toEqual(Object.fromEntries(fields.map((part) => [part.name, part.value])));
    expect(record.headers.authorization).toBe('Bearer t0k3n');
    expect(record.headers['x-trace']).toBe("it's-1");
    expect(record.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(record.files.map((file) => [file.field, file.filename, file.size, file.sha256])).toEqual(
      files.map((file) => [file.part, sentName(file.name), file.bytes.length, sha256(file.bytes)]),
    );
    expect(record.files.map((file) => file.contentType)).toEqual([
      'image/png',
      'text/plain',
      'application/octet-stream',
      'text/plain',
      'text/plain',
    ]);
    // The part order of the original: the file between fields stays there (busboy reports in arrival order).
    expect(Object.keys(record.fields)).toEqual(fields.map((part) => part.name));
    // Nothing in a value ran in the shell.
    expect(() => readFileSync(path.join(dir, 'pwned'))).toThrow();
    expect(() => readFileSync(path.join(dir, 'pwned2'))).toThrow();
  });

  it('re-sends a download and saves the same bytes under its name', async () => {
    const url = `${server.origin}/download?bytes=50000&seed=3&type=application%2Foctet-stream`;
    const task = fold('curl-down', [
      { type: 'created', at: T0, kind: 'download', origin: 'app', probe: 'xhr', url },
      { type: 'open', at: T0 + 1, method: 'GET', url },
      { type: 'send', at: T0 + 2, requestHeaders: { 'X-Token': 'a"b\'c' } },
    ]);
    await runCommand(`${toCurl(task)} --silent --show-error`);
    const saved = readFileSync(path.join(dir, 'download'));
    expect(saved.length).toBe(50_000);
    expect(sha256(saved)).toBe(patternSha256(50_000, 3));
  });
});
