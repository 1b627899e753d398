// HAR import of the browser's entries (Chromium "Save all as HAR", Firefox): XHR/fetch entries (all entries when the
// HAR has no `_resourceType`); a multipart/form-data POST is an upload, a GET a download, anything else is skipped.
// The record made here is read again by shared/task-read.ts (shared/har-import.ts), as every record from outside.

import { isFiniteNumber, isObject } from './checks';
import { headerMap, type Json, paramsToBody } from './har-read';
import type { BodyPart, TaskKind, TaskRecord } from './task-model';
import { MAX_PARTS } from './task-read';

const MAX_STACK_FRAMES = 50;

const timing = (timings: Json, name: string) => {
  const value = timings[name];
  return isFiniteNumber(value) && value > 0 ? value : 0;
};

function boundaryOf(mimeType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(mimeType);
  return match?.[1] ?? match?.[2];
}

/** The parts of a multipart body as text (Chromium and Firefox give the body, not params, for multipart). */
function multipartParams(text: string, mimeType: string): unknown[] {
  const boundary = boundaryOf(mimeType);
  if (!boundary) return [];
  const params: unknown[] = [];
  const chunks = text.split(`--${boundary}`).slice(1, MAX_PARTS + 1);
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(part);
    const head = split ? part.slice(0, split.index) : part;
    const body = split ? part.slice(split.index + split[0].length).replace(/\r?\n$/, '') : '';
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const fileName = /\bfilename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
    params.push(
      fileName === undefined
        ? { name, value: body }
        : { name, fileName, contentType: contentType ?? '', _fileSize: body.length },
    );
  }
  return params;
}

/** Chromium's `_initiator.stack` as a V8-style stack string. */
function initiatorStack(initiator: unknown): string | undefined {
  if (!isObject(initiator) || !isObject(initiator.stack) || !Array.isArray(initiator.stack.callFrames)) {
    return undefined;
  }
  const lines: string[] = [];
  for (const frame of initiator.stack.callFrames.slice(0, MAX_STACK_FRAMES)) {
    if (!isObject(frame) || typeof frame.url !== 'string') continue;
    const line = isFiniteNumber(frame.lineNumber) ? frame.lineNumber + 1 : 0;
    const column = isFiniteNumber(frame.columnNumber) ? frame.columnNumber + 1 : 0;
    const where = `${frame.url}:${line}:${column}`;
    const name = typeof frame.functionName === 'string' && frame.functionName ? frame.functionName : '';
    lines.push(name ? `    at ${name} (${where})` : `    at ${where}`);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

export function browserEntryToTask(entry: Json, request: Json, response: Json, index: number): TaskRecord | undefined {
  if (typeof entry._resourceType === 'string' && !['xhr', 'fetch'].includes(entry._resourceType.toLowerCase())) {
    return undefined;
  }
  const method = typeof request.method === 'string' ? request.method.toUpperCase() : '';
  const postData = isObject(request.postData) ? request.postData : undefined;
  const postMime = typeof postData?.mimeType === 'string' ? postData.mimeType : '';
  let kind: TaskKind;
  if (method === 'POST' && /^multipart\/form-data\b/i.test(postMime)) kind = 'upload';
  else if (method === 'GET') kind = 'download';
  else return undefined;
  const created = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : Number.NaN;
  if (!Number.isFinite(created)) return undefined;
  const timings = isObject(entry.timings) ? entry.timings : {};
  const open = created + timing(timings, 'blocked') + timing(timings, 'dns') + timing(timings, 'connect');
  const send = open + timing(timings, 'send');
  const status = isFiniteNumber(response.status) && response.status > 0 ? response.status : undefined;
  const headersAt = send + timing(timings, 'wait');
  const end = status === undefined ? headersAt : headersAt + timing(timings, 'receive');
  const content = isObject(response.content) ? response.content : {};
  const api = kind === 'upload' ? 'uploadFile' : 'downloadFile';
  let body: BodyPart[] | undefined;
  if (kind === 'upload') {
    const params =
      Array.isArray(postData?.params) && postData.params.length > 0
        ? postData.params
        : typeof postData?.text === 'string'
          ? multipartParams(postData.text, postMime)
          : [];
    body = paramsToBody(params);
  }
  const requestSize = isFiniteNumber(request.bodySize) && request.bodySize > 0 ? request.bodySize : 0;
  const contentSize = isFiniteNumber(content.size) && content.size > 0 ? content.size : undefined;
  const responseBody = isFiniteNumber(response.bodySize) && response.bodySize > 0 ? response.bodySize : undefined;
  const received = contentSize ?? responseBody ?? 0;
  const bytes = kind === 'upload' ? requestSize : received;
  const textual = typeof content.text === 'string' && content.encoding === undefined;
  const record: TaskRecord = {
    id: `har-${index + 1}`,
    kind,
    origin: 'app',
    probes: ['xhr'],
    url: request.url as string,
    method,
    stack: initiatorStack(entry._initiator),
    status: status === undefined ? 'fail' : 'success',
    statusCode: status,
    errMsg: status === undefined ? `${api}:fail` : `${api}:ok`,
    bytes,
    total: status === undefined ? null : bytes,
    progressEvents: 0,
    requestHeaders: headerMap(request.headers),
    responseHeaders: status === undefined ? undefined : headerMap(response.headers),
    body,
    responseSize: kind === 'upload' && status !== undefined ? received : undefined,
    responsePreview: kind === 'upload' && textual ? (content.text as string) : undefined,
    progress: [],
    callbacks: [],
    appActions: [],
    times: { created, open, send, ...(status === undefined ? {} : { headers: headersAt }), end },
  };
  // Undefined fields are left out when shared/har-import.ts reads the record.
  return record;
}
