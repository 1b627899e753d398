// A diagnosis (shared/diagnosis.ts) on its way out and back in: the cause ids as values (the filter's terms, the
// reader), the copy a HAR export writes (credentials redacted as in the rest of the entry, shared/redact.ts), and
// the reader of `_uniTask.diagnosis` in an imported HAR. A HAR file is untrusted input: every entry is checked,
// strings are cut and the sizes bounded, and what does not read is left out.

import { isObject } from './checks';
import type { CauseId, Diagnosis, Evidence } from './diagnosis';
import { redactUrl } from './redact';
import { MAX_NAME, readText } from './value-read';

/** Every cause, as a record so that the compiler says when diagnosis.ts gains one that is not listed here. */
const CAUSES: Record<CauseId, true> = {
  'uni-timeout': true,
  'http-error': true,
  'payload-too-large': true,
  cors: true,
  'forbidden-header': true,
  'content-type-override': true,
  'empty-file': true,
  'file-unreadable': true,
  'no-content-length': true,
  'redirect-dropped-body': true,
  offline: true,
  unreachable: true,
  'connection-lost': true,
  'aborted-by-app': true,
  'aborted-by-unload': true,
  'aborted-by-devtools': true,
  condition: true,
};

export const CAUSE_IDS = Object.keys(CAUSES) as CauseId[];

export const isCauseId = (value: unknown): value is CauseId =>
  typeof value === 'string' && Object.hasOwn(CAUSES, value);

/** Far more than diagnose() gives (a few causes of a handful of figures): room for later ones, not for a flood. */
export const MAX_DIAGNOSES = 20;
export const MAX_EVIDENCE_KEYS = 30;
const MAX_KEY = 64;

/** Evidence whose whole value is a URL or a path that may carry one's query (a signed filePath). */
const URL_KEYS = new Set(['url', 'responseUrl', 'filePath']);
const URL_IN_TEXT = /[a-z][a-z\d+.-]*:\/\/[^\s<>"',]+/gi;

function redactValue(key: string, value: Evidence[string]): Evidence[string] {
  if (typeof value !== 'string') return value;
  if (URL_KEYS.has(key)) return redactUrl(value);
  // Any other text (the server's answer, a rule's detail) may quote a URL with its token.
  return value.replace(URL_IN_TEXT, (found) => redactUrl(found));
}

/** The diagnoses as an export writes them: fresh copies, URLs in the evidence redacted unless `keep`. */
export function exportDiagnoses(diagnoses: readonly Diagnosis[], keep: boolean): Diagnosis[] {
  return diagnoses.map(({ cause, certainty, evidence }) => ({
    cause,
    certainty,
    evidence: Object.fromEntries(
      Object.entries(evidence).map(([key, value]) => [key, keep ? value : redactValue(key, value)]),
    ),
  }));
}

function readEvidence(value: unknown): Evidence | undefined {
  if (!isObject(value)) return undefined;
  const evidence: Evidence = {};
  let count = 0;
  // for…in with a break: a crafted object of a million keys costs no list of them.
  for (const key in value) {
    if (count >= MAX_EVIDENCE_KEYS) break;
    if (!Object.hasOwn(value, key) || key === '__proto__') continue;
    const item = value[key];
    let read: Evidence[string] | undefined;
    if (item === null || typeof item === 'boolean') read = item;
    else if (typeof item === 'number') read = Number.isFinite(item) ? item : undefined;
    else read = readText(item, MAX_NAME);
    if (read === undefined) continue;
    evidence[readText(key, MAX_KEY) as string] = read;
    count += 1;
  }
  return evidence;
}

/**
 * `_uniTask.diagnosis` of an imported HAR: the entries that read (a known cause, a certainty, evidence of strings,
 * finite numbers, booleans and nulls), at most MAX_DIAGNOSES; undefined when none does.
 */
export function readDiagnoses(value: unknown): Diagnosis[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const diagnoses: Diagnosis[] = [];
  for (const item of value.slice(0, MAX_DIAGNOSES)) {
    if (!isObject(item) || !isCauseId(item.cause)) continue;
    if (item.certainty !== 'certain' && item.certainty !== 'likely') continue;
    const evidence = readEvidence(item.evidence);
    if (evidence !== undefined) diagnoses.push({ cause: item.cause, certainty: item.certainty, evidence });
  }
  return diagnoses.length > 0 ? diagnoses : undefined;
}
