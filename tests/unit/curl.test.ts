import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { downloadFileName, placeholderPath, shellQuote, toCurl } from '../../shared/curl';
import type { TaskRecord } from '../../shared/task-model';
import { fold, sampleDownload, sampleFileError, sampleUpload, T0 } from './har-samples';

/** The words /bin/sh passes to curl for a command (curl replaced by a function that prints its arguments). */
function shellWords(command: string): string[] {
  const script = `curl() { for word in "$@"; do printf '%s\\0' "$word"; done; }\n${command}`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

function uploadWith(body: TaskRecord['body'], requestHeaders: Record<string, string> = {}): TaskRecord {
  const task = sampleUpload();
  task.body = body;
  task.requestHeaders = requestHeaders;
  return task;
}

describe('shellQuote', () => {
  it('survives every character the shell cares about', () => {
    const nasty = `a'b"c$(touch /tmp/pwned)\`id\`\\n;|&<>*?~ #!{}[]\n\t\u4e2d文 '' end'`;
    expect(shellWords(`curl ${shellQuote(nasty)} ${shellQuote('')}`)).toEqual([nasty, '']);
  });
});

describe('toCurl', () => {
  it('writes an upload: URL, headers (no Content-Type/Length), --form-string fields, file placeholders in order', () => {
    const task = uploadWith(
      [
        { name: 'user', value: 'ann' },
        { name: 'photo', file: { name: 'cat photo.png', size: 10, type: 'image/png' } },
        { name: 'note', value: 'after the file' },
      ],
      {
        Authorization: 'Bearer t',
        'Content-Type': 'multipart/form-data; boundary=x',
        'content-length': '99',
        'X-Empty': '',
      },
    );
    const command = toCurl(task);
    expect(command).toBe(
      [
        "curl 'http://127.0.0.1:8080/upload?album=7&tag=a%20b'",
        "-H 'Authorization: Bearer t'",
        "-H 'X-Empty;'",
        "--form-string 'user=ann'",
        `-F 'photo=@"cat photo.png";type=image/png'`,
        "--form-string 'note=after the file'",
      ].join(' \\\n  '),
    );
    expect(shellWords(command)).toEqual([
      'http://127.0.0.1:8080/upload?album=7&tag=a%20b',
      '-H',
      'Authorization: Bearer t',
      '-H',
      'X-Empty;',
      '--form-string',
      'user=ann',
      '-F',
      'photo=@"cat photo.png";type=image/png',
      '--form-string',
      'note=after the file',
    ]);
  });

  it('keeps tricky values literal: quotes, @file, <file, ;type=, newlines, unicode', () => {
    const values = [
      `it's "x"`,
      '@/etc/passwd',
      '<secret.txt',
      'a;type=text/html',
      'line1\nline2',
      '中文 ✓',
      "'; rm -rf ~; '",
    ];
    const task = uploadWith(values.map((value, index) => ({ name: `f${index}`, value })));
    const words = shellWords(toCurl(task));
    expect(words.filter((_, index) => words[index - 1] === '--form-string')).toEqual(
      values.map((value, index) => `f${index}=${value}`),
    );
    expect(words).not.toContain('-F');
  });

  it("quotes file names in curl's -F syntax and keeps a name a path would change", () => {
    const task = uploadWith([
      { name: 'a', file: { name: 'say "hi"\\.txt', size: 1, type: 'text/plain' } },
      { name: 'b', file: { name: 'dir/x.bin', size: 1, type: 'weird type' } },
      { name: 'c', file: { name: '', size: 1, type: '' } },
    ]);
    const words = shellWords(toCurl(task)).filter((_, index, all) => all[index - 1] === '-F');
    expect(words).toEqual([
      // A backslash is a directory separator to curl on Windows: the placeholder avoids it, the sent name keeps it.
      'a=@"say \\"hi\\"_.txt";filename="say \\"hi\\"\\\\.txt";type=text/plain',
      'b=@"dir_x.bin";filename="dir/x.bin"',
      'c=@"file";filename=""',
    ]);
    expect(placeholderPath('..')).toBe('file');
    expect(placeholderPath('a\nb/c')).toBe('a_b_c');
  });

  it('rebuilds the parts from the uni call when only the uni probe saw the upload', () => {
    const task = sampleFileError();
    expect(task.body).toBeUndefined();
    expect(shellWords(toCurl(task))).toEqual(['http://127.0.0.1:8080/upload', '-F', 'file=@"missing.png"']);
    const multi = fold('m', [
      {
        type: 'created',
        at: T0,
        kind: 'upload',
        origin: 'app',
        probe: 'uni',
        url: 'http://h/u',
        call: {
          url: 'http://h/u',
          mode: 'promise',
          formData: { k: 'v' },
          header: { 'X-A': '1' },
          files: [
            { name: 'one', uri: 'blob:http://h/1' },
            { name: 'two', uri: '/static/b.png' },
          ],
        },
      },
    ]);
    expect(shellWords(toCurl(multi))).toEqual([
      'http://h/u',
      '-H',
      'X-A: 1',
      '--form-string',
      'k=v',
      '-F',
      'one=@"1"',
      '-F',
      'two=@"b.png"',
    ]);
  });

  it('writes a download with -o and its headers (Content-Type kept)', () => {
    const task = sampleDownload();
    task.requestHeaders = { 'X-Token': "a'b", 'Content-Type': 'text/plain' };
    expect(shellWords(toCurl(task))).toEqual([
      'http://127.0.0.1:8080/download?bytes=4096&type=text%2Fplain',
      '-H',
      "X-Token: a'b",
      '-H',
      'Content-Type: text/plain',
      '-o',
      'download',
    ]);
    task.url = 'http://127.0.0.1/files/%E6%8A%A5%E5%91%8A%20v2.pdf?x=1';
    expect(shellWords(toCurl(task)).slice(-2)).toEqual(['-o', '报告 v2.pdf']);
    expect(downloadFileName('http://h/a%2Fb%2F..')).toBe('a_b_..');
    expect(downloadFileName('http://h/%2E%2E')).toBe('download');
    expect(downloadFileName('not a url')).toBe('download');
  });

  it('adds -X only for an unusual method, and never lets a URL pass as an option', () => {
    const task = sampleDownload();
    task.method = 'PUT';
    expect(shellWords(toCurl(task)).slice(0, 3)).toEqual([task.url, '-X', 'PUT']);
    task.method = 'GET; rm';
    expect(shellWords(toCurl(task))).not.toContain('-X');
    task.url = '-o/tmp/x';
    expect(shellWords(toCurl(task)).slice(0, 2)).toEqual(['--url', '-o/tmp/x']);
  });
});
