// The effects of a network-condition rule on one task (the gate in gate.ts carries them out): offline, status,
// fail and stall here; throttle in throttle.ts. Each produces the events a browser would fire for that
// situation, in the order it fires them, so that uni reports what it reports for the real thing.

import type { ConditionRule } from '../../shared/conditions';
import type { Answer, Gate } from './gate';
import { runThrottle } from './throttle';
import { cutAt, PROGRESS_INTERVAL_MS, rawHeaders, statusHeaders } from './timeline';

const NativeBlob = Blob;
const encoder = new TextEncoder();
const encode = encoder.encode.bind(encoder);

/** Reason phrases of the statuses people test with (HTTP/2 sends none: an unknown status gets ''). */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A status rule's answer in the shape the XHR's responseType asks for (uni: '' for uploads, 'blob' for downloads). */
export function statusAnswer(rule: ConditionRule, responseType: XMLHttpRequestResponseType): Answer {
  const body = rule.body ?? '';
  const status = rule.status ?? 200;
  const size = encode(body).length;
  const text = responseType === '' || responseType === 'text' ? body : '';
  let response: unknown = body;
  if (responseType === 'blob') response = new NativeBlob([body], { type: rule.contentType ?? '' });
  else if (responseType === 'arraybuffer') response = encode(body).buffer;
  else if (responseType === 'json') {
    try {
      response = JSON.parse(body);
    } catch {
      response = null;
    }
  }
  return { status, statusText: REASONS[status] ?? '', raw: rawHeaders(statusHeaders(rule)), response, text, size };
}

export interface EffectContext {
  gate: Gate;
  rule: ConditionRule;
  /** The upload body's size as the browser encodes it (an estimate until the browser reports it). */
  uploadSize: number;
  responseType: XMLHttpRequestResponseType;
}

/** Starts the rule's timeline; called where the native send() would have run. */
export function runEffect(context: EffectContext): void {
  const { gate, rule } = context;
  switch (rule.effect) {
    case 'offline':
      gate.fireSendStart();
      gate.later(0, () => gate.fireNetworkError());
      return;
    case 'status':
      if (rule.reachServer) statusFromServer(context);
      else statusWithoutServer(context);
      return;
    case 'fail':
    case 'stall':
      if (gate.kind === 'upload') cutUpload(context);
      else cutDownload(context);
      return;
    case 'throttle':
      runThrottle(gate, rule, context.uploadSize);
      return;
  }
}

function statusWithoutServer({ gate, rule, uploadSize, responseType }: EffectContext): void {
  gate.fireSendStart();
  gate.later(0, () => {
    gate.fireUploadDone(uploadSize);
    gate.fireLoad(statusAnswer(rule, responseType));
  });
}

/** The request goes out as it is; the upload's progress is the real one; the server's answer is replaced. */
function statusFromServer({ gate, rule, responseType }: EffectContext): void {
  gate.onNative = () => {
    const native = gate.native;
    if (native.failed) return gate.fireNetworkError();
    if (native.upTotal > 0) gate.fireUploadProgress(native.upLoaded, native.upTotal);
    if (native.upDone && native.upTotal > 0) gate.fireUploadDone(native.upTotal);
    if (native.done) gate.fireLoad(statusAnswer(rule, responseType));
  };
  gate.send();
}

/** fail/stall of an upload: a simulated timeline (the request is not sent: a cut connection loses the body). */
function cutUpload({ gate, rule, uploadSize }: EffectContext): void {
  const cut = cutAt(uploadSize, rule.atPercent ?? 0);
  gate.fireSendStart();
  gate.later(PROGRESS_INTERVAL_MS, () => {
    if (cut > 0) gate.fireUploadProgress(cut, uploadSize);
    if (cut >= uploadSize) gate.fireUploadDone(uploadSize);
    if (rule.effect === 'fail') gate.later(PROGRESS_INTERVAL_MS, () => gate.fireNetworkError());
  });
}

/** fail/stall of a download: the real answer's progress up to the cut, then an error (the request is cancelled)
 * or nothing more (uni's timer or an abort ends it). */
function cutDownload({ gate, rule }: EffectContext): void {
  let stalled = false;
  gate.onNative = () => {
    if (stalled) return;
    const native = gate.native;
    if (native.failed) return gate.fireNetworkError();
    if (!native.headers) return;
    gate.fireHeaders(native.headers);
    // Without a Content-Length the size is known only at the end: the cut waits for it.
    const total = native.computable ? native.total : native.done ? native.size : null;
    if (total === null) return;
    const cut = cutAt(total, rule.atPercent ?? 0);
    const loaded = Math.min(native.done ? native.size : native.loaded, cut);
    if (loaded > 0) gate.fireProgress(loaded, native.computable ? total : 0, native.computable);
    if (loaded < cut) return;
    stalled = true;
    if (rule.effect === 'fail') gate.later(0, () => gate.fireNetworkError());
  };
  gate.send();
}
