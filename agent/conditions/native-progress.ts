// What the real request did, noted by the gate from the native events it holds back (gate.ts): the upload's
// progress, the headers, the body's progress and the response. The effect decides from it when and what the app
// is shown; none of it reaches the app directly.

import { apply } from '../own';
import { nativeXhr } from './takeover';

const {
  readyState: readyStateOf,
  status: statusOf,
  statusText: statusTextOf,
  response: responseOf,
  responseText: responseTextOf,
  responseType: responseTypeOf,
  allHeaders: nativeAllHeaders,
} = nativeXhr;

/** What the native XHR has done so far (hidden from the app). */
export interface NativeProgress {
  upLoaded: number;
  upTotal: number;
  upDone: boolean;
  headers: { status: number; statusText: string; raw: string } | null;
  loaded: number;
  total: number;
  computable: boolean;
  done: boolean;
  response: unknown;
  text: string;
  size: number;
  failed: boolean;
}

/** Notes one native event of the XHR or of its upload. */
export function noteNative(native: NativeProgress, xhr: XMLHttpRequest, event: Event): void {
  const progress = event as ProgressEvent;
  if (event.target !== xhr) {
    if (event.type === 'progress') {
      native.upLoaded = progress.loaded;
      if (progress.lengthComputable) native.upTotal = progress.total;
    } else if (event.type === 'load') {
      native.upDone = true;
      native.upLoaded = native.upTotal;
    }
    return;
  }
  switch (event.type) {
    case 'readystatechange':
      if (!native.headers && (apply(readyStateOf, xhr, []) as number) >= 2) {
        native.headers = {
          status: apply(statusOf, xhr, []) as number,
          statusText: apply(statusTextOf, xhr, []) as string,
          raw: apply(nativeAllHeaders, xhr, []) as string,
        };
      }
      break;
    case 'progress':
      native.loaded = progress.loaded;
      native.computable = progress.lengthComputable;
      native.total = progress.lengthComputable ? progress.total : 0;
      break;
    case 'load': {
      const response = apply(responseOf, xhr, []);
      const type = apply(responseTypeOf, xhr, []);
      native.response = response;
      native.text = type === '' || type === 'text' ? (apply(responseTextOf, xhr, []) as string) : '';
      native.size = response instanceof Blob ? response.size : native.text.length;
      native.loaded = native.size;
      native.done = true;
      native.upDone = true;
      break;
    }
    case 'error':
    case 'timeout':
      native.failed = true;
      break;
  }
}
