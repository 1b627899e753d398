// The pure arithmetic of a network condition's timeline (gate.ts runs it): paced progress, the cut of fail/stall,
// the size of an upload's multipart body, a synthetic answer's headers and the words the panel shows.

import type { ConditionRule } from '../../shared/conditions';

/** Browsers fire XHR progress at most about every 50 ms; a paced timeline does the same. */
export const PROGRESS_INTERVAL_MS = 50;

/** kB/s (1 kB = 1,000 bytes) as bytes per millisecond; null when not limited. */
export function bytesPerMs(kbps: number | undefined): number | null {
  return kbps === undefined || !(kbps > 0) ? null : kbps;
}

/**
 * How many bytes a paced transfer has moved `elapsed` ms after it started: the rate allows `rate × elapsed`, the
 * real transfer allows `available`, and it never passes `target`. Monotone in elapsed and in available.
 */
export function pacedLoaded(rate: number | null, elapsed: number, available: number, target: number): number {
  const allowed = rate === null ? Number.POSITIVE_INFINITY : Math.floor(rate * Math.max(0, elapsed));
  return Math.max(0, Math.min(allowed, available, target));
}

/** When a paced transfer of `bytes` ends (ms from its start), or 0 when not limited. */
export function pacedDurationMs(rate: number | null, bytes: number): number {
  return rate === null ? 0 : Math.ceil(Math.max(0, bytes) / rate);
}

/** The byte count at which fail/stall at `percent` cuts a body of `total` bytes (uni shows Math.round of it). */
export function cutAt(total: number, percent: number): number {
  return Math.floor((Math.max(0, total) * Math.min(100, Math.max(0, percent))) / 100);
}

export type FormPart =
  | { name: string; value: string }
  | { name: string; file: { name: string; size: number; type: string } };

const encoder = new TextEncoder();
const utf8Length = (text: string) => encoder.encode(text).length;
/** multipart/form-data escapes '"', CR and LF in names (the HTML standard): each becomes three bytes. */
const quotedLength = (text: string) => utf8Length(text.replace(/["\r\n]/g, '%22'));

/**
 * The size of a FormData body as the browser encodes it (multipart/form-data, HTML standard), for a boundary of
 * `boundaryLength` characters (Chromium: 38, '----WebKitFormBoundary' + 16). Field values have their line breaks
 * normalized to CRLF.
 */
export function multipartSize(parts: readonly FormPart[], boundaryLength = 38): number {
  let size = 0;
  for (const part of parts) {
    size += 2 + boundaryLength + 2; // --boundary CRLF
    size += utf8Length('Content-Disposition: form-data; name=""') + quotedLength(part.name);
    if ('file' in part) {
      size += utf8Length('; filename=""') + quotedLength(part.file.name) + 2;
      size += utf8Length('Content-Type: ') + utf8Length(part.file.type || 'application/octet-stream') + 2;
      size += 2 + part.file.size + 2;
    } else {
      size += 2 + 2 + utf8Length(part.value.replace(/\r\n|\r|\n/g, '\r\n')) + 2;
    }
  }
  return size + 2 + boundaryLength + 2 + 2; // --boundary-- CRLF
}

/** A synthetic answer's response headers, as getAllResponseHeaders() gives them (lower case, sorted, CRLF). */
export function rawHeaders(headers: Record<string, string>): string {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort()
    .map((name) => `${name}: ${headers[name] ?? findHeader(headers, name)}\r\n`)
    .join('');
}

function findHeader(headers: Record<string, string>, lower: string): string {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === lower) return value;
  return '';
}

/** The headers of a status rule's answer. */
export function statusHeaders(rule: ConditionRule): Record<string, string> {
  const headers: Record<string, string> = { 'content-length': String(utf8Length(rule.body ?? '')) };
  if (rule.contentType) headers['content-type'] = rule.contentType;
  return headers;
}

/** One header of a raw header block, as getResponseHeader() gives it (null when absent). */
export function headerValue(raw: string, name: string): string | null {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(': ');
    if (colon > 0 && line.slice(0, colon).toLowerCase() === wanted) values.push(line.slice(colon + 2));
  }
  return values.length ? values.join(', ') : null;
}

/** Whether an effect sends the request at all (offline never; status only with reachServer; an upload's fail or
 * stall is a simulated timeline that never reaches the server). */
export function sendsRequest(rule: ConditionRule, kind: 'upload' | 'download'): boolean {
  switch (rule.effect) {
    case 'offline':
      return false;
    case 'status':
      return rule.reachServer === true;
    case 'fail':
    case 'stall':
      return kind === 'download';
    case 'throttle':
      return true;
  }
}

const kbps = (value: number | undefined) => (value === undefined ? 'unlimited' : `${value} kB/s`);

/** In words: what the app was shown and what the server saw (the panel's line for the task). */
export function conditionDetail(rule: ConditionRule, kind: 'upload' | 'download'): string {
  const at = `${rule.atPercent ?? 0} %`;
  switch (rule.effect) {
    case 'offline':
      return 'offline: a network error at once; no request was made';
    case 'status':
      return rule.reachServer
        ? `status ${rule.status}: the request reached the server; its answer was replaced`
        : `status ${rule.status} (not sent to the server)`;
    case 'fail':
      return kind === 'upload'
        ? `fail at ${at}: progress simulated up to ${at}, then a network error; not sent to the server`
        : `fail at ${at}: the download was cut at ${at} (the connection to the server closed then), then a network error`;
    case 'stall':
      return kind === 'upload'
        ? `stall at ${at}: progress simulated up to ${at}, then nothing; not sent to the server`
        : `stall at ${at}: progress stopped at ${at}; the rest of the server's answer was held back (cancelled at the abort or uni's timeout)`;
    case 'throttle': {
      const pace = `${kbps(rule.upKbps)} up, ${kbps(rule.downKbps)} down, ${rule.latencyMs ?? 0} ms latency`;
      return kind === 'upload'
        ? `throttle (simulated): progress and answer paced at ${pace}; the server received the whole body at full speed`
        : `throttle: progress and answer paced at ${pace}; the server sent the whole body at full speed, held in the page`;
    }
  }
}
