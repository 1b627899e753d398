// The panel's actions on tasks: force-abort and replay (optionally edited). Both act the way the app would:
// an abort goes through the app's own task object (uni reports `fail abort` to the app's callbacks) or through
// the task's XHR (uni's onabort does the same); a replay calls the page's uni when one is reachable, otherwise
// sends an XHR built as uni builds it (uni-h5.es.js uploadFile ~21296: FormData with the parts in order,
// xhr.upload.onprogress set; downloadFile ~21196: GET, responseType blob). A replay never calls the app's
// callbacks: it passes none. A replay may carry a one-off network condition ("replay, failing at 50 %"): it is
// read as a stored rule is (an invalid one is refused) and handed to the gate for that replay task only.

import type { ConditionRule } from '../shared/conditions';
import { dataUrlToBlob } from '../shared/data-url';
import type { CommandReply, ReplayEdits, ReplayPart } from '../shared/protocol';
import { isFinal, type TaskEvent, type TaskRecord } from '../shared/task-model';
import type { BodyStore, FormEntry } from './body-store';
import { apply } from './own';
import type { UniProbe } from './uni-probe';
import type { XhrControl } from './xhr-probe';

// Captured at document_start, before page scripts can replace them.
const NativeXhr = XMLHttpRequest;
const nativeAbort = XMLHttpRequest.prototype.abort;
const NativeFormData = FormData;
const nativeAppend = FormData.prototype.append;
const NativeFile = File;
const createObjectURL = URL.createObjectURL.bind(URL);
const revokeObjectURL = URL.revokeObjectURL.bind(URL);
const OBJECT_URL_LIFETIME_MS = 5 * 60_000;

interface ControlContext {
  clock: () => number;
  emit: (event: TaskEvent) => void;
  record: (taskId: string) => TaskRecord | undefined;
  bodies: BodyStore;
  uni: UniProbe;
  /**
   * The network-conditions code, where the host applies conditions (the extension): a replay's one-off condition
   * read as a stored rule is read, and the gate of an XHR. The npm package's agent has none (and leaves the code
   * out of its bundle): a replay with a condition is refused there.
   */
  conditions?: {
    readOneOff(value: unknown): ConditionRule | null;
    gateOf(xhr: XMLHttpRequest): { abort(): void } | undefined;
  };
}

type Replay = { replayOf: string; created(taskId: string): void };

export class TaskControl implements XhrControl {
  private xhrs = new Map<string, XMLHttpRequest>();
  private replays = new WeakMap<XMLHttpRequest, Replay>();
  private pendingAborts = new Set<string>();
  /** One-off conditions of replay tasks, by the replay's task id, until its XHR meets the gate. */
  private oneOffs = new Map<string, ConditionRule>();

  constructor(private context: ControlContext) {}

  replayFor(xhr: XMLHttpRequest): Replay | undefined {
    return this.replays.get(xhr);
  }

  track(taskId: string, xhr: XMLHttpRequest): void {
    this.xhrs.set(taskId, xhr);
  }

  forget(taskId: string): void {
    this.xhrs.delete(taskId);
  }

  abortRequested(taskId: string): boolean {
    return this.pendingAborts.delete(taskId);
  }

  abort(id: string, taskId: string): CommandReply {
    const record = this.context.record(taskId);
    if (!record) return { id, ok: false, error: 'unknown-task' };
    if (isFinal(record.status)) return { id, ok: false, error: 'finished' };
    this.context.emit({ type: 'devtools', taskId, at: this.context.clock(), action: 'abort' });
    if (this.context.uni.abortAppTask(taskId)) return { id, ok: true };
    const xhr = this.xhrs.get(taskId);
    // A gated XHR (a network condition) ends through its gate, as a real XHR's abort() would end it.
    const gate = xhr && this.context.conditions?.gateOf(xhr);
    if (gate) gate.abort();
    else if (xhr) apply(nativeAbort, xhr, []);
    // No XHR yet (uni still resolving the upload's file, in promise mode): abort it as soon as it is sent.
    else this.pendingAborts.add(taskId);
    return { id, ok: true };
  }

  /** The one-off condition of a replay task (once: the gate takes it). */
  takeOneOffCondition(taskId: string): ConditionRule | undefined {
    if (this.oneOffs.size === 0) return undefined;
    const rule = this.oneOffs.get(taskId);
    this.oneOffs.delete(taskId);
    return rule;
  }

  replay(id: string, taskId: string, edits?: ReplayEdits, condition?: unknown): CommandReply {
    const record = this.context.record(taskId);
    if (!record) return { id, ok: false, error: 'unknown-task' };
    const oneOff = condition === undefined ? undefined : this.context.conditions?.readOneOff(condition);
    if (condition !== undefined && !oneOff) return { id, ok: false, error: 'bad-condition' };
    const form = record.kind === 'upload' ? this.formFor(taskId, edits) : undefined;
    if (record.kind === 'upload' && !form) return { id, ok: false, error: 'not-held' };
    let replayId: string | undefined;
    const replay: Replay = {
      replayOf: taskId,
      created: (newId) => {
        replayId = newId;
        // Its own id (no stored rule's, so no stored `times` changes), on, for this task whatever its URL.
        if (oneOff)
          this.oneOffs.set(newId, { ...oneOff, id: `replay-${newId}`, enabled: true, match: '', times: null });
      },
    };
    const url = edits?.url ?? record.call?.url ?? record.url;
    const header = edits?.header ?? record.call?.header ?? record.requestHeaders ?? {};
    if (!this.replayThroughUni(record, url, header, form, replay))
      this.replayThroughXhr(record, url, header, form, replay);
    if (replayId === undefined) return { id, ok: false, error: 'failed' };
    this.context.emit({ type: 'devtools', taskId, at: this.context.clock(), action: 'replay', replayId });
    return { id, ok: true, replayId };
  }

  /** The parts to send: the edited ones, or the original form as the page holds it. */
  private formFor(taskId: string, edits?: ReplayEdits): FormEntry[] | undefined {
    const held = this.context.bodies.form(taskId);
    if (!edits?.parts) return held;
    const heldFiles = (held ?? []).filter((part): part is { name: string; file: File } => 'file' in part);
    const parts: FormEntry[] = [];
    for (const part of edits.parts as ReplayPart[]) {
      if ('value' in part) parts.push({ name: part.name, value: part.value });
      else if ('heldFile' in part) {
        const file = heldFiles[part.heldFile]?.file;
        if (!file) return undefined;
        parts.push({ name: part.name, file: new NativeFile([file], part.fileName, { type: file.type }) });
      } else {
        const blob = dataUrlToBlob(part.file.dataUrl, part.file.type);
        if (!blob) throw new Error('the picked file is not a readable data: URL');
        parts.push({ name: part.name, file: new NativeFile([blob], part.fileName, { type: part.file.type }) });
      }
    }
    return parts;
  }

  private objectUrl(blob: Blob): string {
    const url = createObjectURL(blob);
    setTimeout(() => revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
    return url;
  }

  /** Through the page's uni (wrapped by the uni probe, which records the call as a replay task). */
  private replayThroughUni(
    record: TaskRecord,
    url: string,
    header: Record<string, string>,
    form: FormEntry[] | undefined,
    replay: Replay,
  ): boolean {
    const api = this.context.uni.api;
    const fn = api?.[record.kind === 'upload' ? 'uploadFile' : 'downloadFile'];
    if (!record.call || typeof fn !== 'function') return false;
    const options: Record<string, unknown> = { url, header };
    if (record.call.timeout !== undefined) options.timeout = record.call.timeout;
    if (form) {
      const files = form.filter((part): part is { name: string; file: File } => 'file' in part);
      const fields = form.filter((part): part is { name: string; value: string } => 'value' in part);
      options.formData = Object.fromEntries(fields.map((part) => [part.name, part.value]));
      if (record.call.files || files.length > 1) {
        options.files = files.map((part) => ({ name: part.name, uri: this.objectUrl(part.file) }));
      } else if (files[0]) {
        options.name = files[0].name;
        options.filePath = this.objectUrl(files[0].file);
      }
    }
    const result = this.context.uni.callAsReplay(record.id, replay.created, () => fn.call(api, options));
    // Promise mode (no callbacks passed): keep a failed replay out of the page's unhandled rejections.
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(undefined, () => undefined);
    }
    return true;
  }

  /** An XHR built as uni builds it; the XHR probe records it as a replay task. */
  private replayThroughXhr(
    record: TaskRecord,
    url: string,
    header: Record<string, string>,
    form: FormEntry[] | undefined,
    replay: Replay,
  ): void {
    const xhr = new NativeXhr();
    const noop = () => undefined;
    xhr.open(record.kind === 'upload' ? 'POST' : 'GET', url);
    for (const [name, value] of Object.entries(header)) xhr.setRequestHeader(name, value);
    if (record.call?.timeout !== undefined) xhr.timeout = record.call.timeout;
    this.replays.set(xhr, replay);
    if (record.kind === 'download') {
      xhr.responseType = 'blob';
      xhr.onprogress = noop;
      xhr.onabort = noop;
      xhr.send();
      return;
    }
    const body = new NativeFormData();
    for (const part of form ?? []) {
      if ('file' in part) apply(nativeAppend, body, [part.name, part.file, part.file.name]);
      else apply(nativeAppend, body, [part.name, part.value]);
    }
    xhr.upload.onprogress = noop;
    xhr.send(body);
  }
}
