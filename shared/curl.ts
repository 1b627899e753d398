// A task as a curl command for bash or zsh (pure). The page chose every string in the task (URL, names, values,
// headers) and the developer runs the command in a project folder, so nothing in it may act there:
// - Quoting: '…' for plain text, and $'…' with \xHH escapes once a string holds a hidden character
//   (shared/hidden-chars.ts), as Chrome's "Copy as cURL (bash)" does (NetworkLogView escapeStringPosix): a raw ^C
//   pasted into a terminal ends the line there and the rest runs as a new command; bidi characters make the
//   command read differently from what runs. $'…' needs bash, zsh or ksh (POSIX.1-2024 sh); dash reads it as a
//   `$` and a quoted string: a wrong value, nothing run.
// - Files are placeholders that never come from page data: ./file-1, ./file-2 … in part order, each sent under its
//   original name through ;filename=. (Reading `@"<name>"` uploaded the developer's own `.env` to a page that
//   named its file `.env`.)
// - Field names: curl takes a -F / --form-string name up to the first `=` and parses the rest as the value
//   (`f=@/etc/passwd;x` read /etc/passwd), so a name with `=` (or NUL) cannot be written: that part is left out and a
//   comment line before the command says so. `;`, `"` and control characters are fine in names: curl takes the
//   name literally and encodes `"`, CR and LF as %22 %0D %0A, as browsers do.
// - Text fields go through --form-string, which takes the value literally (-F would read a file for `@x` / `<x`).
// - Headers: a name must be an HTTP token (`-H '@file'` reads headers from a file) and a value must hold no CR, LF
//   or NUL (an XHR refuses those, so only a forged record has them); others are left out, with a comment.
// - --globoff: curl would expand {a,b} and [1-100000] in the URL into many requests.
// - A download is saved as `download-<last URL segment>`, made a plain name (no path separators, no hidden
//   characters). The prefix means it can never be a dot file (`.bashrc`, `.npmrc`, `.envrc`) nor a file a tool
//   loads by its name (`vite.config.js`, `conftest.py`); `download.bin` when the URL gives no name.

import { HAS_HIDDEN, HIDDEN_CHARS } from './hidden-chars';
import type { BodyPart, TaskRecord } from './task-model';

// Inside $'…' a backslash and a quote are escaped; `!` too, as Chrome does: bash before 4.3 history-expanded it
// there in an interactive shell.
const ANSI_SPECIAL = new RegExp(`[\\\\'!]|${HIDDEN_CHARS.source}`, 'gu');
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const utf8 = new TextEncoder();

/** `\xE2\x80\xAE`: the UTF-8 bytes of a character (U+FFFD's for a lone surrogate, which UTF-8 cannot hold). */
function hexBytes(char: string): string {
  return [...utf8.encode(char)].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}

/**
 * A shell word that is exactly the value: '…' (a `'` as `'\''`) when the value has no hidden character, else
 * $'…' where every hidden character is a \xHH escape of its UTF-8 bytes, so the command holds only visible text.
 * A NUL cannot be passed in an argument at all: bash ends the word there.
 */
export function shellQuote(value: string): string {
  if (!HAS_HIDDEN.test(value)) return `'${value.replace(/'/g, "'\\''")}'`;
  const escaped = value.replace(ANSI_SPECIAL, (char) => {
    if (char === '\\' || char === "'") return `\\${char}`;
    return NAMED_ESCAPES[char] ?? hexBytes(char);
  });
  return `$'${escaped}'`;
}

/** A double-quoted word in curl's -F syntax (`"` and `\` escaped with a backslash). */
function curlQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The file the command reads for the n-th file part (1-based): never a name from the page. */
export function placeholderPath(index: number): string {
  return `./file-${index}`;
}

const MAX_NAME_LENGTH = 80;

/** What -o saves a download as: `download-<last URL path segment>` made a plain file name, else `download.bin`. */
export function downloadFileName(url: string): string {
  let segment = '';
  try {
    segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    segment = decodeURIComponent(segment);
  } catch {
    // keep what was found (or nothing)
  }
  const plain = [
    ...segment
      .replace(HIDDEN_CHARS, '')
      .replace(/[/\\:]/g, '_')
      .replace(/^[.\s_-]+/, ''),
  ]
    .slice(0, MAX_NAME_LENGTH)
    .join('');
  return plain === '' ? 'download.bin' : `download-${plain}`;
}

const MIME = /^[\w.+-]+\/[\w.+-]+$/;
// RFC 9110 token: what an XHR accepts as a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;
const BAD_HEADER_VALUE = /[\r\n\0]/;

function filePart(name: string, file: NonNullable<BodyPart['file']>, index: number): string {
  let spec = `${name}=@${curlQuote(placeholderPath(index))};filename=${curlQuote(file.name)}`;
  if (MIME.test(file.type)) spec += `;type=${file.type}`;
  return `-F ${shellQuote(spec)}`;
}

/** uni's multipart body rebuilt from the call, for a task only the uni probe saw (formData first, then files). */
function partsFromCall(task: TaskRecord): BodyPart[] {
  const call = task.call;
  if (!call) return [];
  const parts: BodyPart[] = Object.entries(call.formData ?? {}).map(([name, value]) => ({ name, value }));
  const baseName = (path: string) => path.split(/[/\\]/).filter(Boolean).pop() ?? 'file';
  if (call.files && call.files.length > 0) {
    for (const file of call.files) {
      const path = file.uri ?? '';
      parts.push({ name: file.name ?? 'file', file: { name: baseName(path), size: 0, type: '' } });
    }
  } else if (call.filePath !== undefined) {
    parts.push({ name: call.name ?? 'file', file: { name: baseName(call.filePath), size: 0, type: '' } });
  }
  return parts;
}

const SKIPPED_UPLOAD_HEADERS = new Set(['content-type', 'content-length']);

/**
 * Why parts of the task are not in the command, or not exactly: comment lines, never page data, and no quote or
 * `=` (zsh runs a pasted `#` line as a command unless interactive_comments is set: an odd quote there would swallow
 * the command into a string).
 */
type Notes = Set<string>;

const NUL_NOTE = '# A value holds a NUL character, which no shell argument can hold: curl gets it cut there.';

function headerArgs(task: TaskRecord, notes: Notes): string[] {
  const headers = task.requestHeaders ?? task.call?.header ?? {};
  const args: string[] = [];
  for (const [name, rawValue] of Object.entries(headers)) {
    const value = String(rawValue);
    const lower = name.toLowerCase();
    if (lower === 'content-length' || (task.kind === 'upload' && SKIPPED_UPLOAD_HEADERS.has(lower))) continue;
    if (!HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(value)) {
      notes.add('# A header was left out: its name is not an HTTP token, or its value holds CR, LF or NUL.');
      continue;
    }
    // `-H 'Name:'` would remove the header; `-H 'Name;'` sends it empty.
    args.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  return args;
}

function bodyArgs(task: TaskRecord, notes: Notes): string[] {
  const args: string[] = [];
  let files = 0;
  for (const part of task.body ?? partsFromCall(task)) {
    if (/[=\0]/.test(part.name)) {
      notes.add(
        '# A form part was left out: its field name holds an equals sign or NUL, which curl -F cannot express.',
      );
      continue;
    }
    if (part.file) {
      files += 1;
      if (part.file.name.includes('\0')) notes.add(NUL_NOTE);
      args.push(filePart(part.name, part.file, files));
    } else {
      const value = part.value ?? '';
      if (value.includes('\0')) notes.add(NUL_NOTE);
      args.push(`--form-string ${shellQuote(`${part.name}=${value}`)}`);
    }
  }
  return args;
}

export function toCurl(task: TaskRecord): string {
  const notes: Notes = new Set();
  if (task.url.includes('\0')) notes.add(NUL_NOTE);
  // A URL that looks like an option (a forged task) is passed with --url.
  const url = /^[a-z][a-z\d+.-]*:/i.test(task.url) ? shellQuote(task.url) : `--url ${shellQuote(task.url)}`;
  const args = [`curl --globoff ${url}`];
  const method = task.method?.toUpperCase();
  const defaultMethod = task.kind === 'upload' ? 'POST' : 'GET';
  if (method && method !== defaultMethod && /^[A-Z]+$/.test(method)) args.push(`-X ${method}`);
  args.push(...headerArgs(task, notes));
  if (task.kind === 'upload') args.push(...bodyArgs(task, notes));
  else args.push(`-o ${shellQuote(downloadFileName(task.url))}`);
  const command = args.join(' \\\n  ');
  return notes.size === 0 ? command : `${[...notes].join('\n')}\n${command}`;
}
