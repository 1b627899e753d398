// "Copy as cURL" against the real test server: the generated command, run by bash with the real curl, must send
// what the task sent: the same fields (values taken literally, however tricky), headers, file names, types and bytes.
// And it must do nothing else, whatever the page put in its task: the attacks below are written as a hostile page
// writes them, and the command runs as a developer runs it (in a project folder; pasted into an interactive bash).
// No browser: the task records are built the way the page agent builds them.

import { execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderPath, toCurl } from '../../shared/curl';
import type { BodyPart, TaskRecord } from '../../shared/task-model';
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

const env = () => ({ ...process.env, PATH: `${path.dirname(CURL)}:${process.env.PATH ?? ''}` });

/** Runs a copied command with bash (the command uses $'…' quoting), with the real curl first on PATH. */
async function runCommand(command: string, cwd = dir): Promise<string> {
  const { stdout } = await run('/bin/bash', ['-c', command], { cwd, env: env(), maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/**
 * Pastes text into an interactive bash on a terminal (a pty from util-linux `script`), as a developer pastes a
 * copied command, then `exit`. On a terminal a ^C byte in the paste is an interrupt: the line so far is dropped and
 * the rest runs as a new command. Resolves when bash exits, or after 15 s (a paste that left bash inside an
 * unterminated quote: `exit` is then part of the string).
 */
function pasteIntoTerminal(text: string, cwd: string): Promise<string> {
  const rc = path.join(cwd, '..', `rc-${randomUUID()}`);
  writeFileSync(rc, "PS1='READY> '\nunset HISTFILE\n");
  const child = spawn('script', ['-qec', `bash --rcfile ${rc} -i`, '/dev/null'], { cwd, env: env() });
  let out = '';
  let pasted = false;
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!pasted && out.includes('READY> ')) {
        pasted = true;
        child.stdin.write(`${text}\nexit\n`);
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** A fresh folder for one attack: the developer's project folder, where the command is run. */
function projectFolder(name: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  return folder;
}

function upload(taskId: string, url: string, body: BodyPart[]): TaskRecord {
  return fold(taskId, [
    { type: 'created', at: T0, kind: 'upload', origin: 'app', probe: 'xhr', url },
    { type: 'open', at: T0 + 1, method: 'POST', url },
    { type: 'send', at: T0 + 2, requestHeaders: {}, body },
  ]);
}

function download(taskId: string, url: string): TaskRecord {
  return fold(taskId, [
    { type: 'created', at: T0, kind: 'download', origin: 'app', probe: 'xhr', url },
    { type: 'open', at: T0 + 1, method: 'GET', url },
    { type: 'send', at: T0 + 2, requestHeaders: {} },
  ]);
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('copy as cURL, run for real', () => {
  it('re-sends an upload: tricky fields literally, headers, files from placeholders under their names', async () => {
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
    files.forEach((file, index) => {
      writeFileSync(path.join(dir, placeholderPath(index + 1)), file.bytes);
    });
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
    const saved = readFileSync(path.join(dir, 'download-download'));
    expect(saved.length).toBe(50_000);
    expect(sha256(saved)).toBe(patternSha256(50_000, 3));
  });
});

describe('copy as cURL, attacked by the page', () => {
  it("(a) never uploads the developer's files: a file named `.env`, a field named `f=@/etc/passwd;x`", async () => {
    const folder = projectFolder('attack-files');
    const marker = `SECRET-${randomUUID()}`;
    writeFileSync(path.join(folder, '.env'), `API_KEY=${marker}\n`);
    writeFileSync(path.join(folder, 'a.png'), "the developer's picture");
    const placeholders = ['placeholder one', 'placeholder two'].map((text) => Buffer.from(text));
    placeholders.forEach((bytes, index) => {
      writeFileSync(path.join(folder, `file-${index + 1}`), bytes);
    });
    // The page: form.append('f=@/etc/passwd;x', new File([x], 'a.png')); form.append('doc', new File([x], '.env'))
    const task = upload('attack-files', `${server.origin}/upload?tag=attack-files`, [
      { name: 'f=@/etc/passwd;x', file: { name: 'a.png', size: 1, type: 'image/png' } },
      { name: 'doc', file: { name: '.env', size: 1, type: 'text/plain' } },
      { name: 'note', value: 'hello' },
    ]);
    const before = server.uploads().length;
    await runCommand(toCurl(task), folder);

    const uploads = server.uploads().slice(before);
    expect(uploads).toHaveLength(1);
    const record = uploads[0] as UploadRecord;
    const secrets = [readFileSync('/etc/passwd'), readFileSync(path.join(folder, '.env'))].map(sha256);
    const developerFiles = [...secrets, sha256(readFileSync(path.join(folder, 'a.png')))];
    for (const file of record.files) expect(developerFiles).not.toContain(file.sha256);
    expect(JSON.stringify(record)).not.toContain(marker);
    expect(JSON.stringify(record)).not.toContain('root:');
    // What was sent instead: the placeholder, under the page's file name; the unsayable part left out.
    expect(record.files.map((file) => [file.field, file.filename, file.sha256])).toEqual([
      ['doc', '.env', sha256(placeholders[0] as Buffer)],
    ]);
    expect(record.fields).toEqual({ note: 'hello' });
  });

  it('(b) runs nothing from a form value (^C, newline, $(…), backticks): not with bash -c, not pasted', async () => {
    const folder = projectFolder('attack-value');
    const value = `x\u0003  touch ${folder}/PWNED\n$(touch ${folder}/PWNED2) \`touch ${folder}/PWNED3\` \u202e\u0007 end`;
    // The page: uni.uploadFile({ url, filePath, name: 'file', formData: { note: value } })
    const task = upload('attack-value', `${server.origin}/upload?tag=attack-value`, [{ name: 'note', value }]);
    const before = server.uploads().length;
    await runCommand(toCurl(task), folder);
    expect(readdirSync(folder)).toEqual([]);
    // As a developer pastes it into a terminal, where a raw ^C is an interrupt that drops the line so far.
    const screen = await pasteIntoTerminal(toCurl(task), folder);
    expect(readdirSync(folder)).toEqual([]);
    expect(
      server
        .uploads()
        .slice(before)
        .map((record) => record.fields),
      screen,
    ).toEqual([{ note: value }, { note: value }]);
  });

  it('(c) sends a URL with {a,b} and [1-3] verbatim, in one request', async () => {
    const folder = projectFolder('attack-glob');
    const pathAndQuery = '/download?bytes=16&tag={a,b}&n=[1-3]';
    const before = server.requests().length;
    await runCommand(toCurl(download('attack-glob', `${server.origin}${pathAndQuery}`)), folder);
    expect(
      server
        .requests()
        .slice(before)
        .map((request) => request.url),
    ).toEqual([pathAndQuery]);
  });

  it('(d) never saves a download as the dot file its URL names (/.bashrc)', async () => {
    const folder = projectFolder('attack-output');
    await runCommand(toCurl(download('attack-output', `${server.origin}/file/.bashrc?bytes=64&seed=2`)), folder);
    expect(readdirSync(folder)).toEqual(['download-bashrc']);
    expect(readFileSync(path.join(folder, 'download-bashrc')).length).toBe(64);
  });
});
