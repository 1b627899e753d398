// HAR import: a HAR file's text → task records for the panel (offline viewing). The file is untrusted: every field
// is type-checked before it becomes part of a record, limits bound the work, and harToTasks never throws.
//   - Our own HARs (entries with `_uniTask`, shared/har.ts) come back with the fidelity the export keeps.
//   - The browser's HARs (Chromium "Save all as HAR", Firefox): XHR/fetch entries (all entries when the HAR has no
//     `_resourceType`); a multipart/form-data POST is an upload, a GET a download, anything else is skipped.
// Each kind of entry is mapped to a record's layout (shared/har-import-own.ts, shared/har-import-browser.ts, with
// shared/har-read.ts), then read by the one reader of records from outside (shared/task-read.ts), leniently: a wrong
// value is left out, a wrong list item skipped, and only an entry no task can be made of is skipped.

import { isObject, MAX_ID } from './checks';
import type { Diagnosis } from './diagnosis';
import { readDiagnoses } from './diagnosis-read';
import { browserEntryToTask } from './har-import-browser';
import { ownEntryToRecord } from './har-import-own';
import type { Json } from './har-read';
import type { TaskRecord } from './task-model';
import { readTaskRecord } from './task-read';

export type HarImportErrorCode = 'too-large' | 'not-json' | 'not-har' | 'no-transfers' | 'too-many';

export interface HarImportError {
  code: HarImportErrorCode;
  /** For developers and logs (English); the panel words each code itself. */
  detail: string;
}

/** An imported record, with the diagnosis our own export wrote for it (`_uniTask.diagnosis`), when it reads. */
export type ImportedRecord = TaskRecord & { diagnosis?: Diagnosis[] };

export type HarImportResult =
  | { ok: true; tasks: ImportedRecord[]; skipped: number }
  | { ok: false; error: HarImportError };

/** Text longer than this (in UTF-16 code units, about bytes for a HAR) is refused before parsing. */
export const MAX_HAR_CHARS = 100 * 1024 * 1024;
export const MAX_HAR_ENTRIES = 50_000;

function error(code: HarImportErrorCode, detail: string): HarImportResult {
  return { ok: false, error: { code, detail } };
}

export function harToTasks(text: string): HarImportResult {
  try {
    return importHar(text);
  } catch (caught) {
    // Not expected (every step checks types), but an import must never take the panel down.
    return error('not-har', `unreadable HAR: ${String(caught)}`);
  }
}

function importHar(text: unknown): HarImportResult {
  if (typeof text !== 'string') return error('not-json', 'not text');
  if (text.length > MAX_HAR_CHARS) return error('too-large', `${text.length} characters, more than ${MAX_HAR_CHARS}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (caught) {
    return error('not-json', caught instanceof Error ? caught.message : String(caught));
  }
  if (!isObject(parsed) || !isObject(parsed.log) || !Array.isArray(parsed.log.entries)) {
    return error('not-har', 'no log.entries array');
  }
  const entries: unknown[] = parsed.log.entries;
  if (entries.length > MAX_HAR_ENTRIES) {
    return error('too-many', `${entries.length} entries, more than ${MAX_HAR_ENTRIES}`);
  }
  const tasks: ImportedRecord[] = [];
  const ids = new Set<string>();
  let skipped = 0;
  entries.forEach((entry, index) => {
    const record = isObject(entry) ? entryToTask(entry, index) : null;
    if (record === null) {
      skipped += 1;
      return;
    }
    record.id = uniqueId(record.id, ids);
    tasks.push(record);
  });
  if (tasks.length === 0) return error('no-transfers', `no upload or download among ${entries.length} entries`);
  return { ok: true, tasks, skipped };
}

/** Ids are keys in the panel: a repeated one (two files merged, or a crafted file) gets a suffix. */
function uniqueId(id: string, ids: Set<string>): string {
  let candidate = id;
  for (let n = 2; ids.has(candidate); n++) candidate = `${id.slice(0, MAX_ID - 8)}~${n}`;
  ids.add(candidate);
  return candidate;
}

function entryToTask(entry: Json, index: number): ImportedRecord | null {
  const request = isObject(entry.request) ? entry.request : undefined;
  const response = isObject(entry.response) ? entry.response : {};
  if (request === undefined || typeof request.url !== 'string' || request.url.length === 0) return null;
  if (isObject(entry._uniTask)) {
    const own: ImportedRecord | null = readTaskRecord(ownEntryToRecord(entry, entry._uniTask, request, response), {
      lenient: true,
    });
    if (own !== null) {
      // Read apart from the record: task-read.ts reads what an agent sends too, and an agent sends no diagnosis.
      const diagnosis = readDiagnoses(entry._uniTask.diagnosis);
      if (diagnosis !== undefined) own.diagnosis = diagnosis;
      return own;
    }
  }
  return readTaskRecord(browserEntryToTask(entry, request, response, index), { lenient: true });
}
