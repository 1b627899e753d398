// What a HAR export keeps of a task's uni call and of its callbacks' arguments (shared/har.ts): JSON-safe copies,
// with credentials redacted as in the rest of the entry (shared/redact.ts) unless the developer keeps them. Split
// from har.ts: the call and its callbacks are the uni-specific part of an entry.

import { redactHeaders, redactUrl } from './redact';
import type { CallInfo } from './task-model';

/** A JSON-safe deep copy (callback arguments are JSON-safe by the model; this makes sure). */
export function jsonCopy(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return null;
  }
}

export function exportCall(call: CallInfo | undefined, keep: boolean): CallInfo | undefined {
  if (call === undefined) return undefined;
  const copy = jsonCopy(call) as CallInfo;
  if (keep) return copy;
  if (call.header !== undefined) copy.header = redactHeaders(call.header, keep);
  if (typeof copy.url === 'string') copy.url = redactUrl(copy.url);
  // A file path can be a signed URL (uni uploads an http(s) filePath by fetching it first).
  if (typeof copy.filePath === 'string') copy.filePath = redactUrl(copy.filePath);
  if (Array.isArray(copy.files)) {
    copy.files = copy.files.map((file) =>
      file && typeof file.uri === 'string' ? { ...file, uri: redactUrl(file.uri) } : file,
    );
  }
  return copy;
}

/** A callback's argument as exported: an upload success's `header` and any URL in it redacted like the rest. */
export function exportArg(arg: unknown, keep: boolean): unknown {
  const copy = jsonCopy(arg);
  if (keep || typeof copy !== 'object' || copy === null || Array.isArray(copy)) return copy;
  const record = copy as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    if (name === 'header' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const strings = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
      record.header = redactHeaders(strings, false);
    } else if (typeof value === 'string' && /^[a-z][a-z\d+.-]*:\/\//i.test(value)) record[name] = redactUrl(value);
  }
  return record;
}
