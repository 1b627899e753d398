// The gate between a matched task's native XHR and the handlers uni assigned (architecture.md, "Growing the
// house"). At send(), before the XHR probe adds its listeners, the gate takes the XHR over (takeover.ts: uni's on*
// handlers kept aside, a first listener per event type, instance shadows of the getters uni reads and of abort()).
// Its listener stops every native event of the XHR (and of xhr.upload) before the probe's listeners see it, and
// notes what the real request did; for the gate's own events it calls uni's handler in the place a real handler
// runs (before the probe's listeners, errors reported, not thrown). The effect (effects.ts, throttle.ts) then
// dispatches the events the app is to observe, so that an abort by uni's timer, the app or the panel ends the
// task exactly as it ends a real XHR. A task no rule matches never meets a gate.

import { apply, bare, markOwnEvent } from '../own';
import { type NativeProgress, noteNative } from './native-progress';
import { nativeXhr, Takeover, type XhrView } from './takeover';

const dispatch = EventTarget.prototype.dispatchEvent;
const stopImmediately = Event.prototype.stopImmediatePropagation;
const NativeEvent = Event;
const NativeProgressEvent = ProgressEvent;
const report =
  typeof reportError === 'function'
    ? reportError
    : (error: unknown) =>
        setTimeout(() => {
          throw error;
        });
const schedule = setTimeout;
const cancel = clearTimeout;
const perfNow = performance.now.bind(performance);
const { responseType: responseTypeOf, upload: uploadOf, abort: nativeAbort } = nativeXhr;

const gates = new WeakMap<XMLHttpRequest, Gate>();
/** The gate of an XHR, if it has one (the panel's force-abort goes through it). */
export const gateOf = (xhr: XMLHttpRequest): Gate | undefined => gates.get(xhr);

/** An answer the app is shown: the server's (held) or a rule's. */
export interface Answer {
  status: number;
  statusText: string;
  raw: string;
  response: unknown;
  text: string;
  size: number;
}

export class Gate {
  readonly native: NativeProgress = {
    upLoaded: 0,
    upTotal: 0,
    upDone: false,
    headers: null,
    loaded: 0,
    total: 0,
    computable: false,
    done: false,
    response: null,
    text: '',
    size: 0,
    failed: false,
  };
  /** What the app reads. */
  private view: XhrView = { readyState: 1, status: 0, statusText: '', raw: '', response: null, text: '' };
  private dispatching = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private nativeSent = false;
  private upShownDone: boolean;
  private shownLoaded = 0;
  private shownUp = 0;
  finished = false;
  /** Called after each native event the gate took (the effect's hook). */
  onNative: (() => void) | null = null;
  /** Called when the app, uni's timer or the panel aborts (the effect stops its timeline). */
  onAbort: (() => void) | null = null;
  readonly upload: XMLHttpRequestUpload | null;

  constructor(
    readonly xhr: XMLHttpRequest,
    readonly kind: 'upload' | 'download',
    private sendNative: () => void,
    private onError: (where: string, error: unknown) => void,
  ) {
    this.upload = kind === 'upload' ? apply(uploadOf, xhr, []) : null;
    this.upShownDone = kind === 'download';
    this.takeover = new Takeover(
      xhr,
      this.upload,
      (event) => this.take(event),
      this.view,
      () => this.abort(),
    );
    gates.set(xhr, this);
  }

  private readonly takeover: Takeover;

  /** Takes the gate away before anything happened (rules known, none matched): the XHR is as it was. */
  release(): void {
    this.takeover.release();
    gates.delete(this.xhr);
  }

  /** Sends the real request (its events stay behind the gate). */
  send(): void {
    if (this.nativeSent || this.finished) return;
    this.nativeSent = true;
    this.sendNative();
  }

  now(): number {
    return perfNow();
  }

  /** A timer that an abort or the end cancels; its callback never throws into the page. */
  later(ms: number, run: () => void): void {
    if (this.finished) return;
    const timer = schedule(() => {
      this.timers.delete(timer);
      if (!this.finished) this.guard('gate.timer', run);
    }, ms);
    this.timers.add(timer);
  }

  guard(where: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.onError(where, error);
    }
  }

  private take(event: Event): void {
    if (this.dispatching > 0) {
      // Ours: uni's handler runs now, where a real handler runs; then the probe's listeners.
      const handler = this.takeover.handler(event.currentTarget as EventTarget, event.type);
      if (typeof handler === 'function') {
        try {
          apply(handler, event.currentTarget, [event]);
        } catch (error) {
          report(error);
        }
      }
      return;
    }
    apply(stopImmediately, event, []);
    this.guard('gate.native', () => {
      noteNative(this.native, this.xhr, event);
      if (!this.finished) this.onNative?.();
    });
  }

  private fire(target: EventTarget, type: string, loaded = 0, total = 0, computable = false): void {
    const event =
      type === 'readystatechange'
        ? new NativeEvent(type)
        : // No prototype: the browser reads every member of the dictionary (bubbles, …), a page getter none.
          new NativeProgressEvent(type, bare({ loaded, total, lengthComputable: computable }));
    this.dispatching++;
    try {
      apply(dispatch, target, [markOwnEvent(event)]);
    } finally {
      this.dispatching--;
    }
  }

  /** What send() fires at once on a real XHR (for a request the gate does not send). */
  fireSendStart(): void {
    this.fire(this.xhr, 'loadstart');
    if (this.upload) this.fire(this.upload, 'loadstart');
  }

  fireUploadProgress(loaded: number, total: number): void {
    if (!this.upload || this.upShownDone || loaded <= this.shownUp) return;
    this.shownUp = loaded;
    this.fire(this.upload, 'progress', loaded, total, true);
  }

  fireUploadDone(total: number): void {
    if (!this.upload || this.upShownDone) return;
    this.fireUploadProgress(total, total);
    this.upShownDone = true;
    this.fire(this.upload, 'load', total, total, true);
    this.fire(this.upload, 'loadend', total, total, true);
  }

  /** The server's answer, held behind the gate until the effect shows it. */
  heldAnswer(): Answer {
    const { headers, response, text, size } = this.native;
    const head = headers ?? { status: 0, statusText: '', raw: '' };
    return { ...head, response, text, size };
  }

  get uploadShownDone(): boolean {
    return this.upShownDone;
  }

  get headersShown(): boolean {
    return this.view.readyState >= 2;
  }

  fireHeaders(answer: Pick<Answer, 'status' | 'statusText' | 'raw'>): void {
    if (this.view.readyState >= 2) return;
    this.fireUploadDone(this.native.upTotal);
    Object.assign(this.view, { readyState: 2, status: answer.status, statusText: answer.statusText, raw: answer.raw });
    this.fire(this.xhr, 'readystatechange');
  }

  fireProgress(loaded: number, total: number, computable: boolean): void {
    if (loaded <= this.shownLoaded) return;
    this.shownLoaded = loaded;
    if (this.view.readyState < 3) {
      this.view.readyState = 3;
      this.fire(this.xhr, 'readystatechange');
    }
    this.fire(this.xhr, 'progress', loaded, total, computable);
  }

  /** The answer's end: the last progress, DONE, load, loadend (XHR standard, "handle response end-of-body"). */
  fireLoad(answer: Answer): void {
    this.fireHeaders(answer);
    this.fireProgress(answer.size, answer.size, true);
    this.end();
    Object.assign(this.view, { readyState: 4, response: answer.response, text: answer.text });
    this.fire(this.xhr, 'readystatechange');
    this.fire(this.xhr, 'load', answer.size, answer.size, true);
    this.fire(this.xhr, 'loadend', answer.size, answer.size, true);
  }

  /** The network error a browser reports when the connection drops (XHR standard, "request error steps"). */
  fireNetworkError(): void {
    this.end();
    this.errorSteps('error');
  }

  /** abort() on the XHR: by uni's timer (handlers already null), the app or the panel. */
  abort(): void {
    if (this.finished) {
      // A finished XHR's abort() fires nothing; it only goes back to UNSENT.
      if (this.nativeSent) apply(nativeAbort, this.xhr, []);
      this.view.readyState = 0;
      return;
    }
    this.guard('gate.abort', () => this.onAbort?.());
    this.end();
    this.errorSteps('abort');
    this.view.readyState = 0;
  }

  private end(): void {
    this.finished = true;
    for (const timer of this.timers) cancel(timer);
    this.timers.clear();
    // Cancels the real request; its own events stay behind the gate.
    if (this.nativeSent && !this.native.done) apply(nativeAbort, this.xhr, []);
  }

  private errorSteps(type: 'error' | 'abort'): void {
    const type_ = apply(responseTypeOf, this.xhr, []);
    const response = type_ === '' || type_ === 'text' ? '' : null;
    Object.assign(this.view, { readyState: 4, status: 0, statusText: '', raw: '', response, text: '' });
    this.fire(this.xhr, 'readystatechange');
    if (this.upload && !this.upShownDone) {
      this.upShownDone = true;
      this.fire(this.upload, type);
      this.fire(this.upload, 'loadend');
    }
    this.fire(this.xhr, type);
    this.fire(this.xhr, 'loadend');
  }
}
