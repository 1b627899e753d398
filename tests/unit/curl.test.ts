import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { downloadFileName, placeholderPath, shellQuote, toCurl } from '../../shared/curl';
import { HAS_HIDDEN } from '../../shared/hidden-chars';
import type { TaskRecord } from '../../shared/task-model';
import { fold, sampleDownload, sampleFileError, sampleUpload, T0 } from './har-samples';

/** The words bash passes to curl for a command (curl replaced by a function that prints its arguments). */
function shellWords(command: string): string[] {
  const script = `curl() { for word in "$@"; do printf '%s\\0' "$word"; done; }\n${command}`;
  const out = execFileSync('/bin/bash', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** The command's own line breaks (after a comment line, or ` \` + newline): any other hidden character is the page's. */
const hiddenInCommand = (command: string) =>
  HAS_HIDDEN.test(command.replace(/^#.*\n/gm, '').replace(/ \\\n {2}/g, ' '));

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

  it("single-quotes plain text, and writes hidden characters as $'\\xHH' so the command is visible text only", () => {
    expect(shellQuote("it's 中文 ✓ !")).toBe("'it'\\''s 中文 ✓ !'");
    expect(shellQuote('x\u0003  touch /tmp/PWNED\n')).toBe("$'x\\x03  touch /tmp/PWNED\\n'");
    expect(shellQuote("FORGED-\u202Egnp.exe 'q' \\ !")).toBe("$'FORGED-\\xe2\\x80\\xaegnp.exe \\'q\\' \\\\ \\x21'");
    const hidden = [
      ...Array.from({ length: 31 }, (_, code) => String.fromCharCode(code + 1)),
      '\u007f',
      '\u0085',
      '\u009b',
      '\u00ad',
      '\u061c',
      '\u180e',
      '\u200b\u200c\u200d\u200e\u200f',
      '\u2028\u2029',
      '\u202a\u202b\u202c\u202d\u202e',
      '\u2060\u2066\u2067\u2068\u2069',
      '\ufeff',
      '\u3164',
      '\u{e0041}',
    ].join('');
    const quoted = shellQuote(`a${hidden}b'\\`);
    expect(HAS_HIDDEN.test(quoted)).toBe(false);
    expect(quoted.startsWith("$'")).toBe(true);
    expect(shellWords(`curl ${quoted}`)).toEqual([`a${hidden}b'\\`]);
    // A lone surrogate cannot be UTF-8: it is sent as U+FFFD, as a clipboard would turn it.
    expect(shellWords(`curl ${shellQuote('a\ud800b')}`)).toEqual(['a\ufffdb']);
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
        "curl --globoff 'http://127.0.0.1:8080/upload?album=7&tag=a%20b'",
        "-H 'Authorization: Bearer t'",
        "-H 'X-Empty;'",
        "--form-string 'user=ann'",
        `-F 'photo=@"./file-1";filename="cat photo.png";type=image/png'`,
        "--form-string 'note=after the file'",
      ].join(' \\\n  '),
    );
    expect(shellWords(command)).toEqual([
      '--globoff',
      'http://127.0.0.1:8080/upload?album=7&tag=a%20b',
      '-H',
      'Authorization: Bearer t',
      '-H',
      'X-Empty;',
      '--form-string',
      'user=ann',
      '-F',
      'photo=@"./file-1";filename="cat photo.png";type=image/png',
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

  it("reads numbered placeholders, never a name from the page, and quotes the sent name in curl's -F syntax", () => {
    const task = uploadWith([
      { name: 'a', file: { name: 'say "hi"\\.txt', size: 1, type: 'text/plain' } },
      { name: 'b', file: { name: 'dir/x.bin', size: 1, type: 'weird type' } },
      { name: 'c', file: { name: '', size: 1, type: '' } },
    ]);
    const words = shellWords(toCurl(task)).filter((_, index, all) => all[index - 1] === '-F');
    expect(words).toEqual([
      'a=@"./file-1";filename="say \\"hi\\"\\\\.txt";type=text/plain',
      'b=@"./file-2";filename="dir/x.bin"',
      'c=@"./file-3";filename=""',
    ]);
    expect(placeholderPath(7)).toBe('./file-7');
  });

  it('rebuilds the parts from the uni call when only the uni probe saw the upload', () => {
    const task = sampleFileError();
    expect(task.body).toBeUndefined();
    expect(shellWords(toCurl(task))).toEqual([
      '--globoff',
      'http://127.0.0.1:8080/upload',
      '-F',
      'file=@"./file-1";filename="missing.png"',
    ]);
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
      '--globoff',
      'http://h/u',
      '-H',
      'X-A: 1',
      '--form-string',
      'k=v',
      '-F',
      'one=@"./file-1";filename="1"',
      '-F',
      'two=@"./file-2";filename="b.png"',
    ]);
  });

  it('writes a download with -o and its headers (Content-Type kept)', () => {
    const task = sampleDownload();
    task.requestHeaders = { 'X-Token': "a'b", 'Content-Type': 'text/plain' };
    expect(shellWords(toCurl(task))).toEqual([
      '--globoff',
      'http://127.0.0.1:8080/download?bytes=4096&type=text%2Fplain',
      '-H',
      "X-Token: a'b",
      '-H',
      'Content-Type: text/plain',
      '-o',
      'download-download',
    ]);
    task.url = 'http://127.0.0.1/files/%E6%8A%A5%E5%91%8A%20v2.pdf?x=1';
    expect(shellWords(toCurl(task)).slice(-2)).toEqual(['-o', 'download-报告 v2.pdf']);
    expect(downloadFileName('http://h/a%2Fb%2F..')).toBe('download-a_b_..');
    expect(downloadFileName('http://h/%2E%2E')).toBe('download.bin');
    expect(downloadFileName('http://h/')).toBe('download.bin');
    expect(downloadFileName('not a url')).toBe('download.bin');
  });

  it('adds -X only for an unusual method, and never lets a URL pass as an option', () => {
    const task = sampleDownload();
    task.method = 'PUT';
    expect(shellWords(toCurl(task)).slice(0, 4)).toEqual(['--globoff', task.url, '-X', 'PUT']);
    task.method = 'GET; rm';
    expect(shellWords(toCurl(task))).not.toContain('-X');
    task.url = '-o/tmp/x';
    expect(shellWords(toCurl(task)).slice(0, 3)).toEqual(['--globoff', '--url', '-o/tmp/x']);
  });
});

// Each case is the attack as a hostile page writes it: the page chooses every string of its task records.
describe('toCurl against a hostile page', () => {
  it("never reads a file the page names: `.env` is read from ./file-1, a field name with '=' is left out", () => {
    // new File([x], '.env') in a FormData field named `f=@/etc/passwd;x`, then one named `doc`.
    const task = uploadWith([
      { name: 'f=@/etc/passwd;x', file: { name: 'a.png', size: 1, type: 'image/png' } },
      { name: 'doc', file: { name: '.env', size: 1, type: '' } },
      { name: 'k=@/etc/passwd', value: 'v' },
      { name: 'ok;"name"\u0001', value: 'v' },
    ]);
    const command = toCurl(task);
    const words = shellWords(command);
    expect(command.split('\n')[0]).toMatch(/^# A form part was left out: its field name holds an equals sign/);
    // zsh without interactive_comments runs a pasted `#` line: no quote or `=` that could swallow the command.
    expect(command.split('\n')[0]).not.toMatch(/['"=`$]/);
    expect(words.filter((_, index, all) => all[index - 1] === '-F')).toEqual(['doc=@"./file-1";filename=".env"']);
    // curl takes a name up to the first '=': `;`, `"` and control characters stay in the name, harmlessly.
    expect(words.filter((_, index, all) => all[index - 1] === '--form-string')).toEqual(['ok;"name"\u0001=v']);
    expect(command).not.toContain('/etc/passwd');
  });

  it('pastes as visible text only: a ^C or newline in a value cannot end the line and run what follows', () => {
    const value = 'x\u0003  touch /tmp/PWNED\n$(touch /tmp/PWNED2)`touch /tmp/PWNED3`\u202e';
    const task = uploadWith([{ name: 'note\r\n', value }], { 'X-Note': 'a\u0003b\u202ec' });
    task.url = 'http://127.0.0.1:8080/upload?q=\u0003\u001b[31m';
    const command = toCurl(task);
    expect(hiddenInCommand(command)).toBe(false);
    const words = shellWords(command);
    expect(words).toContain(`note\r\n=${value}`);
    expect(words).toContain('X-Note: a\u0003b\u202ec');
    expect(words).toContain('http://127.0.0.1:8080/upload?q=\u0003\u001b[31m');
  });

  it('turns off URL globbing: {a,b} and [1-100000] are sent as written, in one request', () => {
    const task = sampleDownload();
    task.url = 'http://127.0.0.1:8080/download?x={a,b}&n=[1-100000]';
    const words = shellWords(toCurl(task));
    expect(words.slice(0, 2)).toEqual(['--globoff', task.url]);
  });

  it('never saves a download as a dot file, a path, a file a tool loads, or a name that reads backwards', () => {
    const cases: [string, string][] = [
      ['https://evil.test/.bashrc', 'download-bashrc'],
      ['https://evil.test/x/..%2F..%2F.ssh%2Fauthorized_keys', 'download-ssh_authorized_keys'],
      ['https://evil.test/vite.config.js', 'download-vite.config.js'],
      ['https://evil.test/FORGED-%E2%80%AEgnp.exe', 'download-FORGED-gnp.exe'],
      ['https://evil.test/a%0A%1B%5B2Jb', 'download-a[2Jb'],
      ['https://evil.test/-', 'download.bin'],
      [`https://evil.test/${'x'.repeat(300)}`, `download-${'x'.repeat(80)}`],
    ];
    for (const [url, name] of cases) {
      const task = sampleDownload();
      task.url = url;
      expect([url, shellWords(toCurl(task)).slice(-2)]).toEqual([url, ['-o', name]]);
    }
  });

  it('leaves out headers curl would misread: a name that reads a file (@…), CR/LF/NUL in a value', () => {
    const task = sampleDownload();
    task.requestHeaders = { '@/home/me/.env': 'x', 'X-A': 'a\r\nX-Injected: 1', 'X-Ok': 'fine' };
    const command = toCurl(task);
    expect(command.split('\n')[0]).toMatch(/^# A header was left out/);
    expect(shellWords(command).filter((_, index, all) => all[index - 1] === '-H')).toEqual(['X-Ok: fine']);
  });

  it('says when a NUL (which no shell argument can hold) cuts a value', () => {
    const command = toCurl(uploadWith([{ name: 'n', value: 'a\u0000b' }]));
    expect(command.split('\n')[0]).toMatch(/^# A value holds a NUL character/);
    expect(hiddenInCommand(command)).toBe(false);
  });
});
