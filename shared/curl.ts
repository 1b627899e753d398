// A task as a curl command for a POSIX shell (pure). Every argument is single-quoted, so nothing in a URL, header
// or form value is ever interpreted by the shell. Text fields go through --form-string, which takes the value
// literally (-F would read a file for `@x` / `<x` and parse `;type=` in the value). Files are placeholders: the
// command reads each one from the current directory under its original name (`-F 'name=@"file.png"'`).

import type { BodyPart, TaskRecord } from './task-model';

/** A single-quoted shell word: `'` becomes `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** A double-quoted word in curl's -F syntax (`"` and `\` escaped with a backslash). */
function curlQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The file to read for a part: its own name, made a plain file name in the current directory. */
export function placeholderPath(fileName: string): string {
  const plain = fileName.replace(/[/\\]/g, '_').replace(/[\r\n]/g, '_');
  return plain === '' || plain === '.' || plain === '..' ? 'file' : plain;
}

/** What -o saves a download as: the URL's last path segment, else `download`. */
export function downloadFileName(url: string): string {
  let segment = '';
  try {
    segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    segment = decodeURIComponent(segment);
  } catch {
    // keep what was found (or nothing)
  }
  return placeholderPath(segment) === 'file' ? 'download' : placeholderPath(segment);
}

const MIME = /^[\w.+-]+\/[\w.+-]+$/;

function filePart(part: BodyPart & { file: NonNullable<BodyPart['file']> }): string {
  const path = placeholderPath(part.file.name);
  let spec = `${part.name}=@${curlQuote(path)}`;
  // curl sends the path's base name: state the original name when the placeholder had to change it.
  if (path !== part.file.name) spec += `;filename=${curlQuote(part.file.name)}`;
  if (MIME.test(part.file.type)) spec += `;type=${part.file.type}`;
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

function headerArgs(task: TaskRecord): string[] {
  const headers = task.requestHeaders ?? task.call?.header ?? {};
  const args: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || (task.kind === 'upload' && SKIPPED_UPLOAD_HEADERS.has(lower))) continue;
    // `-H 'Name:'` would remove the header; `-H 'Name;'` sends it empty.
    args.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  return args;
}

export function toCurl(task: TaskRecord): string {
  // A URL that looks like an option (a forged task) is passed with --url.
  const url = /^[a-z][a-z\d+.-]*:/i.test(task.url) ? shellQuote(task.url) : `--url ${shellQuote(task.url)}`;
  const args = [`curl ${url}`];
  const method = task.method?.toUpperCase();
  const defaultMethod = task.kind === 'upload' ? 'POST' : 'GET';
  if (method && method !== defaultMethod && /^[A-Z]+$/.test(method)) args.push(`-X ${method}`);
  args.push(...headerArgs(task));
  if (task.kind === 'upload') {
    const parts = task.body ?? partsFromCall(task);
    for (const part of parts) {
      if (part.file) args.push(filePart({ ...part, file: part.file }));
      else args.push(`--form-string ${shellQuote(`${part.name}=${part.value ?? ''}`)}`);
    }
  } else {
    args.push(`-o ${shellQuote(downloadFileName(task.url))}`);
  }
  return args.join(' \\\n  ');
}
