// Copying a task's URL, a curl command, the uni call as code, or the response to the clipboard (the diagnosis:
// panel/diagnosis-copy.ts).
// DevTools extension panels may be denied the async clipboard (no user activation reaches the panel frame, or the
// permission policy), so a hidden textarea + execCommand('copy') is the fallback. For automation, every copy attempt
// is left on globalThis.__uniTransferLastCopy = { kind, text, ok } (docs/automation.md).

import { toCurl } from '../shared/curl';
import type { CallbackName, CallInfo, TaskRecord } from '../shared/task-model';
import { callText } from './details/call-text';
import { decodeDataUrlText, isTextMime, parseJsonTree } from './details/data-url';
import { formatBytes } from './format';
import { t } from './i18n';
import { request } from './requests';
import { panelState } from './store';

export type CopyKind = 'url' | 'curl' | 'uni' | 'response' | 'diagnosis' | 'text';

export interface CopyResult {
  /** The text reached the clipboard. */
  ok: boolean;
  /** What was (or would have been) copied; absent when there was nothing to copy. */
  text?: string;
  /** Why nothing was copied (a binary or no longer held response), in the panel's language. */
  note?: string;
}

export interface LastCopy {
  kind: CopyKind;
  text: string;
  ok: boolean;
}

const host = globalThis as { __uniTransferLastCopy?: LastCopy };

function copyWithTextarea(text: string): boolean {
  if (typeof document === 'undefined' || !document.body) return false;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  const focused = document.activeElement as HTMLElement | null;
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  focused?.focus?.();
  return copied;
}

/** Copies text to the clipboard: the async clipboard first, else the textarea fallback. */
export async function copyText(text: string, kind: CopyKind = 'text'): Promise<boolean> {
  let ok = false;
  try {
    if (globalThis.navigator?.clipboard?.writeText) {
      await globalThis.navigator.clipboard.writeText(text);
      ok = true;
    }
  } catch {
    ok = false;
  }
  if (!ok) ok = copyWithTextarea(text);
  host.__uniTransferLastCopy = { kind, text, ok };
  return ok;
}

async function copyAs(kind: CopyKind, text: string): Promise<CopyResult> {
  return { ok: await copyText(text, kind), text };
}

const SKIPPED_CALL_HEADERS = new Set(['content-type', 'content-length']);

/** The uni call rebuilt from what the XHR probe saw: URL, header and multipart parts. */
export function callFromTransport(task: TaskRecord): CallInfo {
  const call: CallInfo = { url: task.url, mode: 'promise' };
  const header = Object.fromEntries(
    Object.entries(task.requestHeaders ?? {}).filter(([name]) => !SKIPPED_CALL_HEADERS.has(name.toLowerCase())),
  );
  if (task.kind === 'upload') {
    const parts = task.body ?? [];
    const files = parts.filter((part) => part.file);
    const fields = parts.filter((part) => !part.file);
    if (files.length === 1) {
      call.name = files[0]?.name;
      call.filePath = files[0]?.file?.name;
    } else if (files.length > 1) {
      call.files = files.map((part) => ({ name: part.name, uri: part.file?.name }));
    }
    if (fields.length > 0) call.formData = Object.fromEntries(fields.map((part) => [part.name, part.value ?? '']));
  }
  if (Object.keys(header).length > 0) call.header = header;
  return call;
}

/** `uni.uploadFile({ … })` / `uni.downloadFile({ … })`: the app's call when seen, else rebuilt from the request. */
export function uniCodeText(task: TaskRecord): string {
  if (task.call) {
    const seen = [...new Set(task.callbacks.map((callback) => callback.name))] as CallbackName[];
    return callText(task.kind, task.call, seen, {
      promise: t('detailsCallPromiseNote'),
      noCallbackYet: t('detailsCallNoCallbackYet'),
    });
  }
  return callText(task.kind, callFromTransport(task), [], {
    promise: t('copyUniCodeRebuilt'),
    noCallbackYet: t('detailsCallNoCallbackYet'),
  });
}

export function copyUrl(task: TaskRecord): Promise<CopyResult> {
  return copyAs('url', task.url);
}

export function copyCurl(task: TaskRecord): Promise<CopyResult> {
  return copyAs('curl', toCurl(task));
}

export function copyUniCode(task: TaskRecord): Promise<CopyResult> {
  return copyAs('uni', uniCodeText(task));
}

/**
 * The response as text. Upload: the response text the agent kept. Download: the downloaded body, fetched from the
 * page, when it is text or JSON; otherwise nothing is copied and the result carries a note saying why.
 */
export async function copyResponse(task: TaskRecord & { imported?: string; session?: string }): Promise<CopyResult> {
  if (task.kind === 'upload') {
    if (task.responsePreview === undefined) return { ok: false, note: t('copyResponseNone') };
    return copyAs('response', task.responsePreview);
  }
  // Only the current page's agent holds bodies, and its task ids mean its own tasks: an imported task or one kept
  // from an earlier page (preserve log) is not asked for.
  if (task.imported !== undefined || (task.session !== undefined && task.session !== panelState.value.session)) {
    return { ok: false, note: t('copyResponseNotHeld') };
  }
  const reply = await request({ name: 'body', taskId: task.id, ...(task.session ? { session: task.session } : {}) });
  const body = reply.ok ? reply.bodies?.[0] : undefined;
  if (!body) return { ok: false, note: t(reply.error === 'not-held' ? 'copyResponseNotHeld' : 'copyResponseNone') };
  if (!body.dataUrl) return { ok: false, note: t('copyResponseTooLarge', formatBytes(body.size)) };
  const decoded = decodeDataUrlText(body.dataUrl, Number.POSITIVE_INFINITY);
  if (decoded && (isTextMime(body.mime) || parseJsonTree(decoded.text))) return copyAs('response', decoded.text);
  return { ok: false, note: t('copyResponseBinary', body.mime || '?', formatBytes(body.size)) };
}
