// How a gate takes an XHR over without the page seeing it (gate.ts): one listener per event type, the first in
// the XHR's list (listener order at the target is registration order, whatever the capture flag, so stopping
// native events needs it first); uni's on* handlers kept by instance accessors while the native slots go null
// (so a native event never reaches uni); and instance properties that shadow the getters uni reads in its
// handlers (readyState, status, response, responseText, getAllResponseHeaders, getResponseHeader) and abort().
// release() undoes all of it, so an XHR the gate leaves is as it was. Split from gate.ts, which keeps the
// timeline of what the app is shown.

import { apply } from '../own';
import { headerValue } from './timeline';

// Captured at document_start, before page scripts can replace them.
const proto = XMLHttpRequest.prototype;
const getter = (name: string) => Object.getOwnPropertyDescriptor(proto, name)?.get as (this: XMLHttpRequest) => unknown;
export const nativeXhr = {
  readyState: getter('readyState'),
  status: getter('status'),
  statusText: getter('statusText'),
  response: getter('response'),
  responseText: getter('responseText'),
  responseType: getter('responseType'),
  upload: getter('upload') as (this: XMLHttpRequest) => XMLHttpRequestUpload,
  abort: proto.abort,
  allHeaders: proto.getAllResponseHeaders,
};
const listen = EventTarget.prototype.addEventListener;
const unlisten = EventTarget.prototype.removeEventListener;
const defineProperty = Object.defineProperty;
const deleteProperty = Reflect.deleteProperty;
const HANDLERS = ['onloadstart', 'onprogress', 'onload', 'onerror', 'onabort', 'onloadend', 'ontimeout'];
const handlerSlots = new Map<string, PropertyDescriptor | undefined>();
for (const name of HANDLERS) {
  handlerSlots.set(name, Object.getOwnPropertyDescriptor(XMLHttpRequestEventTarget.prototype, name));
}
handlerSlots.set('onreadystatechange', Object.getOwnPropertyDescriptor(proto, 'onreadystatechange'));

const XHR_EVENTS = ['loadstart', 'progress', 'load', 'error', 'abort', 'loadend', 'timeout', 'readystatechange'];
const UPLOAD_EVENTS = ['loadstart', 'progress', 'load', 'error', 'abort', 'loadend', 'timeout'];
const SHADOWED = ['readyState', 'status', 'statusText', 'response', 'responseText'] as const;
const METHODS = ['getAllResponseHeaders', 'getResponseHeader', 'abort'] as const;

/** What the app reads from the XHR while the gate stands. */
export interface XhrView {
  readyState: number;
  status: number;
  statusText: string;
  raw: string;
  response: unknown;
  text: string;
}

export class Takeover {
  /** uni's on* handlers, kept here (the native slots are null while the takeover stands). */
  private handlers = new Map<EventTarget, Record<string, unknown>>();

  constructor(
    private readonly xhr: XMLHttpRequest,
    private readonly upload: XMLHttpRequestUpload | null,
    private readonly listener: (event: Event) => void,
    view: XhrView,
    abort: () => void,
  ) {
    for (const type of XHR_EVENTS) apply(listen, xhr, [type, listener, true]);
    if (upload) for (const type of UPLOAD_EVENTS) apply(listen, upload, [type, listener, true]);
    this.takeHandlers(xhr, [...HANDLERS, 'onreadystatechange']);
    if (upload) this.takeHandlers(upload, HANDLERS);
    const reads: Record<(typeof SHADOWED)[number], () => unknown> = {
      readyState: () => view.readyState,
      status: () => view.status,
      statusText: () => view.statusText,
      response: () => view.response,
      // A real XHR throws for responseText unless responseType is '' or 'text': the native getter does.
      responseText: () => {
        const type = apply(nativeXhr.responseType, xhr, []);
        return type === '' || type === 'text' ? view.text : apply(nativeXhr.responseText, xhr, []);
      },
    };
    for (const name of SHADOWED) defineProperty(xhr, name, { configurable: true, enumerable: false, get: reads[name] });
    const methods = {
      getAllResponseHeaders: () => (view.readyState >= 2 ? view.raw : ''),
      getResponseHeader: (name: unknown) => (view.readyState >= 2 ? headerValue(view.raw, String(name)) : null),
      abort,
    };
    for (const name of METHODS) defineProperty(xhr, name, { configurable: true, writable: true, value: methods[name] });
  }

  /** uni's handler for an event type at a target (the XHR or its upload), if it assigned one. */
  handler(target: EventTarget, type: string): unknown {
    return this.handlers.get(target)?.[`on${type}`];
  }

  private takeHandlers(target: EventTarget, names: string[]): void {
    const kept: Record<string, unknown> = {};
    this.handlers.set(target, kept);
    for (const name of names) {
      const slot = handlerSlots.get(name);
      if (!slot?.get || !slot.set) continue;
      kept[name] = apply(slot.get, target, []);
      apply(slot.set, target, [null]);
      defineProperty(target, name, {
        configurable: true,
        enumerable: false,
        get: () => kept[name],
        set: (value: unknown) => {
          kept[name] = typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
        },
      });
    }
  }

  /** Undoes the takeover: listeners, shadows and handlers back where uni put them. */
  release(): void {
    for (const type of XHR_EVENTS) apply(unlisten, this.xhr, [type, this.listener, true]);
    if (this.upload) for (const type of UPLOAD_EVENTS) apply(unlisten, this.upload, [type, this.listener, true]);
    for (const name of [...SHADOWED, ...METHODS]) deleteProperty(this.xhr, name);
    for (const [target, kept] of this.handlers) {
      for (const name of Object.keys(kept)) {
        deleteProperty(target, name);
        const slot = handlerSlots.get(name);
        if (slot?.set) apply(slot.set, target, [kept[name]]);
      }
    }
    this.handlers.clear();
  }
}
