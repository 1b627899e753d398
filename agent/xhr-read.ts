// How the XHR probe reads a uni XHR, its form and its answer: only through methods saved at document_start
// (issue 16). A page that replaces XMLHttpRequest.prototype.addEventListener, getAllResponseHeaders or a getter
// (status, readyState, response, onabort…) after the agent started would otherwise blind the probe (a finished
// download listed `running` for ever) or be handed the agent's listeners.
//
// What the app sees of its XHR can differ from the native one only through instance properties: those a gate sets
// (conditions/takeover.ts shadows readyState, status, response, getAllResponseHeaders and uni's on* handlers on
// the instance). So an own property of the XHR is read first, and only then the saved native member.

import type { BodyPart, TaskKind } from '../shared/task-model';
import type { FormEntry } from './body-store';
import { apply, create, describe, getPrototypeOf, getterOf, isDataMember, isGenuine, ownArray, ownMember } from './own';
import { clip } from './uni-call';

const xhrProto = XMLHttpRequest.prototype;
const targetProto = XMLHttpRequestEventTarget.prototype;
const natives: Record<string, PropertyDescriptor | undefined> = create(null);
for (const name of ['readyState', 'status', 'response', 'responseType', 'responseURL', 'upload', 'onreadystatechange'])
  natives[name] = describe(xhrProto, name);
natives.getAllResponseHeaders = describe(xhrProto, 'getAllResponseHeaders');
for (const name of ['onprogress', 'onabort', 'onload']) natives[name] = describe(targetProto, name);
const listen = EventTarget.prototype.addEventListener;
const NativeFormData = FormData;
const NativeFile = File;
const NativeBlob = Blob;
const formDataEntries = FormData.prototype.entries;
const formIteratorNext = (getPrototypeOf(new FormData().entries()) as { next: () => IteratorResult<unknown> }).next;
const { trim, indexOf, slice, toLowerCase } = String.prototype;
const NativeString = String;
const fileName = getterOf(File.prototype, 'name');
const blobSize = getterOf(Blob.prototype, 'size');
const blobType = getterOf(Blob.prototype, 'type');
const progressProto = ProgressEvent.prototype;
const loadedOf = getterOf(progressProto, 'loaded');
const totalOf = getterOf(progressProto, 'total');
const computableOf = getterOf(progressProto, 'lengthComputable');

/** A progress event's bytes (total null when unknown), through the saved getters. */
export function progressOf(event: ProgressEvent): { loaded: number; total: number | null } {
  const loaded: number = apply(loadedOf, event, []);
  return { loaded, total: apply(computableOf, event, []) ? apply(totalOf, event, []) : null };
}

/** A member of an XHR (or its upload) as the app sees it: an instance property first, else the saved native. */
export function read(target: EventTarget, name: string): unknown {
  const member = ownMember(target, name) ?? natives[name];
  if (!member) return undefined;
  if (!isDataMember(member)) return member.get ? apply(member.get, target, []) : undefined;
  return typeof member.value === 'function' ? apply(member.value, target, []) : member.value;
}

/**
 * addEventListener through the saved method; the listener runs only for the browser's own events and the gate's
 * (a page's dispatchEvent of a forged `load` must not end a task in the record). `anyOrigin` takes a page's own
 * events too: for progress, where uni's handler (the app's onProgressUpdate) gets a dispatched event exactly as a
 * real one, so the record shows the progress the app saw (and the benches drive the agent with such events).
 */
export function listenTo(
  target: EventTarget,
  type: string,
  listener: (event: Event) => void,
  { anyOrigin = false } = {},
): void {
  apply(listen, target, [
    type,
    (event: Event) => {
      if (anyOrigin || isGenuine(event)) listener(event);
    },
  ]);
}

export const isFormData = (body: unknown): body is FormData => body instanceof NativeFormData;
export const isBlob = (value: unknown): value is Blob => value instanceof NativeBlob;
export const sizeOf = (blob: Blob): number => apply(blobSize, blob, []);

/** 'file': uni's own GET of an upload's file (part of that upload task, not a task). */
export function classifyTransfer(xhr: XMLHttpRequest, method: string, body: unknown): TaskKind | 'file' | null {
  // uni-h5.es.js ~21296: POST with a FormData body and xhr.upload.onprogress assigned before send().
  if (method === 'POST' && isFormData(body)) {
    const upload = read(xhr, 'upload') as EventTarget;
    return typeof read(upload, 'onprogress') === 'function' ? 'upload' : null;
  }
  if (method !== 'GET' || read(xhr, 'responseType') !== 'blob') return null;
  // uni-h5.es.js ~21196: GET, responseType 'blob', onprogress and onabort assigned before send(). uni's own
  // file-resolution GET (urlToFile ~7749) has neither, and is part of an upload, not a task.
  const onprogress = read(xhr, 'onprogress');
  if (typeof onprogress === 'function' && typeof read(xhr, 'onabort') === 'function') return 'download';
  if (typeof read(xhr, 'onload') === 'function' && onprogress === null) return 'file';
  return null;
}

/** What one message may carry of a form, whatever the page sends (a hostile page can name a file with 40 MB). */
const MAX_PARTS = 1000;

/** The form as the panel sees it (fields cut to 4 kB, file metadata) and as the page sent it (for replays). */
export function describeFormData(form: FormData): { parts: BodyPart[]; entries: FormEntry[] } {
  const parts = ownArray<BodyPart>([]);
  const entries = ownArray<FormEntry>([]);
  const iterator = apply(formDataEntries, form, []);
  for (let next = apply(formIteratorNext, iterator, []); !next.done; next = apply(formIteratorNext, iterator, [])) {
    const entry = next.value as [string, FormDataEntryValue];
    const name = entry[0];
    const value = entry[1];
    const shown = parts.length < MAX_PARTS;
    if (value instanceof NativeFile) {
      const file = {
        name: clip(apply(fileName, value, [])),
        size: sizeOf(value),
        type: clip(apply(blobType, value, [])),
      };
      if (shown) parts.push({ name: clip(name), file });
      entries.push({ name, file: value });
    } else {
      if (shown) parts.push({ name: clip(name), value: clip(NativeString(value)) });
      entries.push({ name, value: NativeString(value) });
    }
  }
  return { parts, entries };
}

export function parseResponseHeaders(raw: string, maxValue: number): Record<string, string> {
  // No prototype: a page setter on Object.prototype named like a header never receives one. No split(): it looks
  // up Symbol.split on its separator, which a page can define.
  const headers = create(null) as Record<string, string>;
  let start = 0;
  while (start < raw.length) {
    let end: number = apply(indexOf, raw, ['\n', start]);
    if (end === -1) end = raw.length;
    const line: string = apply(slice, raw, [start, end]);
    start = end + 1;
    const colon: number = apply(indexOf, line, [':']);
    if (colon <= 0) continue;
    const name: string = apply(toLowerCase, apply(trim, apply(slice, line, [0, colon]), []), []);
    if (name !== '') headers[clip(name)] = clip(apply(trim, apply(slice, line, [colon + 1]), []), maxValue);
  }
  return headers;
}

const onLineOf = getterOf(Navigator.prototype, 'onLine');
/** Saved too: a page could shadow window.navigator with a getter of its own. */
const savedNavigator = navigator;

/** navigator.onLine is false (through the getter saved at document_start). */
export function browserOffline(): boolean {
  try {
    return apply(onLineOf, savedNavigator, []) === false;
  } catch {
    return false;
  }
}

/** A URL without its `#fragment`: what the XHR's responseURL reports for it (saved String methods). */
export function withoutFragment(url: string): string {
  const hash: number = apply(indexOf, url, ['#']);
  return hash < 0 ? url : apply(slice, url, [0, hash]);
}
