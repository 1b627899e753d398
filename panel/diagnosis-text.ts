// A diagnosis (shared/diagnosis.ts) in words, in the panel's language: a short label (the row's badge, a heading),
// one summary with the figures, what to change, and the evidence as label/value pairs. Shared by the row, the
// details and the copy. `show` is how page text is written: made visible on screen (panel/reveal.ts shown), exact
// in a copy.

import type { CauseId, Diagnosis, Evidence } from '../shared/diagnosis';
import type { AppliedCondition } from '../shared/task-model';
import { EFFECT_KEYS } from './condition-rule';
import { ruleText } from './details/condition';
import { formatBytes, formatDuration } from './format';
import { formatNumber, type MessageKey, t } from './i18n';

export type Show = (text: string) => string;
type Words = (evidence: Evidence, show: Show) => string;

const text = (evidence: Evidence, key: string, show: Show): string => {
  const value = evidence[key];
  return typeof value === 'string' ? show(value) : t('diagUnknown');
};
const number = (evidence: Evidence, key: string): number | null => {
  const value = evidence[key];
  return typeof value === 'number' ? value : null;
};
const duration = (evidence: Evidence, key = 'elapsedMs') => formatDuration(number(evidence, key) ?? undefined);

/** "900 kB of 1.0 MB", or the bytes alone when the total is unknown. */
function done(evidence: Evidence): string {
  const total = number(evidence, 'total');
  const bytes = formatBytes(number(evidence, 'bytes'));
  return total === null ? bytes : t('detailsBytesOf', bytes, formatBytes(total));
}

function setByText(value: Evidence[string], show: Show): string {
  if (value === 'call') return t('diagSetByCall');
  if (value === 'default') return t('diagSetByDefault');
  if (value === 'unseen') return t('diagSetByUnseen');
  return typeof value === 'string' ? show(value) : t('diagUnknown');
}

const isEffect = (value: unknown): value is AppliedCondition['effect'] =>
  typeof value === 'string' && Object.hasOwn(EFFECT_KEYS, value);

const effectText = (value: Evidence[string], show: Show) =>
  isEffect(value) ? t(EFFECT_KEYS[value]) : typeof value === 'string' ? show(value) : t('diagUnknown');

const pageOrigin = (evidence: Evidence, show: Show) =>
  typeof evidence.pageOrigin === 'string' ? show(evidence.pageOrigin) : t('diagPageOrigin');

interface CauseWords {
  label: (evidence: Evidence) => string;
  summary: Words;
  fix: Words;
}

/** A cause told by when it was cut and how far it got: the summary takes the duration and the bytes done. */
const cutShort = (label: MessageKey, summary: MessageKey, fix: MessageKey): CauseWords => ({
  label: () => t(label),
  summary: (evidence) => t(summary, duration(evidence), done(evidence)),
  fix: () => t(fix),
});

/** The words of every cause: a record, so that the compiler says when diagnosis.ts gains a cause without them. */
const WORDS: Record<CauseId, CauseWords> = {
  'uni-timeout': {
    label: () => t('diagLabelUniTimeout'),
    summary: (evidence, show) => {
      const setBy = setByText(evidence.setBy ?? null, show);
      // No figure when the configured value and the elapsed time disagree (diagnosis.ts timerEvidence).
      const summary =
        number(evidence, 'timeoutMs') === null
          ? t('diagSummaryUniTimeoutUnset', setBy, duration(evidence), done(evidence))
          : t('diagSummaryUniTimeout', duration(evidence, 'timeoutMs'), setBy, duration(evidence), done(evidence));
      return evidence.stillMoving === true ? `${summary} ${t('diagSummaryStillMoving')}` : summary;
    },
    fix: () => t('diagFixUniTimeout'),
  },
  'http-error': {
    label: (evidence) => t('diagLabelHttpError', number(evidence, 'status') ?? '?'),
    summary: (evidence, show) => {
      const summary = t('diagSummaryHttpError', number(evidence, 'status') ?? '?');
      const server = evidence.serverText;
      return typeof server === 'string' && server !== ''
        ? `${summary} ${t('diagSummaryServerText', show(server))}`
        : summary;
    },
    fix: () => t('diagFixHttpError'),
  },
  'payload-too-large': {
    label: () => t('diagLabelPayloadTooLarge'),
    summary: (evidence) => t('diagSummaryPayloadTooLarge', formatBytes(number(evidence, 'bytesSent'))),
    fix: () => t('diagFixPayloadTooLarge'),
  },
  cors: {
    label: () => t('diagLabelCors'),
    summary: (evidence, show) =>
      t('diagSummaryCors', text(evidence, 'requestOrigin', show), pageOrigin(evidence, show)),
    fix: (evidence, show) => t('diagFixCors', text(evidence, 'requestOrigin', show), pageOrigin(evidence, show)),
  },
  'forbidden-header': {
    label: () => t('diagLabelForbiddenHeader'),
    summary: (evidence, show) => t('diagSummaryForbiddenHeader', text(evidence, 'headers', show)),
    fix: () => t('diagFixForbiddenHeader'),
  },
  'content-type-override': {
    label: () => t('diagLabelContentType'),
    summary: (evidence, show) =>
      t(
        evidence.boundary === true ? 'diagSummaryContentTypeBoundary' : 'diagSummaryContentType',
        text(evidence, 'contentType', show),
      ),
    fix: () => t('diagFixContentType'),
  },
  'empty-file': {
    label: () => t('diagLabelEmptyFile'),
    summary: (evidence, show) =>
      t('diagSummaryEmptyFile', text(evidence, 'fileName', show), text(evidence, 'field', show)),
    fix: () => t('diagFixEmptyFile'),
  },
  'file-unreadable': {
    label: () => t('diagLabelFileUnreadable'),
    summary: (evidence, show) => t('diagSummaryFileUnreadable', text(evidence, 'filePath', show)),
    fix: () => t('diagFixFileUnreadable'),
  },
  'no-content-length': {
    label: () => t('diagLabelNoContentLength'),
    summary: (evidence) => t('diagSummaryNoContentLength', formatBytes(number(evidence, 'bytes'))),
    fix: () => t('diagFixNoContentLength'),
  },
  'redirect-dropped-body': {
    label: () => t('diagLabelRedirect'),
    summary: (evidence, show) =>
      t('diagSummaryRedirect', text(evidence, 'url', show), text(evidence, 'responseUrl', show)),
    fix: (evidence, show) => t('diagFixRedirect', text(evidence, 'responseUrl', show)),
  },
  offline: {
    label: () => t('diagLabelOffline'),
    summary: () => t('diagSummaryOffline'),
    fix: () => t('diagFixOffline'),
  },
  unreachable: {
    label: () => t('diagLabelUnreachable'),
    summary: (evidence, show) => t('diagSummaryUnreachable', text(evidence, 'requestOrigin', show)),
    fix: (evidence, show) => t('diagFixUnreachable', text(evidence, 'requestOrigin', show)),
  },
  'connection-lost': cutShort('diagLabelConnectionLost', 'diagSummaryConnectionLost', 'diagFixConnectionLost'),
  'aborted-by-app': cutShort('diagLabelAbortedByApp', 'diagSummaryAbortedByApp', 'diagFixAbortedByApp'),
  'aborted-by-unload': cutShort('diagLabelAbortedByUnload', 'diagSummaryAbortedByUnload', 'diagFixAbortedByUnload'),
  'aborted-by-devtools': cutShort(
    'diagLabelAbortedByDevtools',
    'diagSummaryAbortedByDevtools',
    'diagFixAbortedByDevtools',
  ),
  condition: {
    label: () => t('diagLabelCondition'),
    summary: (evidence, show) => {
      const rule = typeof evidence.rule === 'string' ? ruleText(evidence.rule) : t('diagUnknown');
      return t('diagSummaryCondition', rule, effectText(evidence.effect ?? null, show), text(evidence, 'detail', show));
    },
    fix: () => t('diagFixCondition'),
  },
};

export const causeLabel = (diagnosis: Diagnosis): string => WORDS[diagnosis.cause].label(diagnosis.evidence);

/**
 * The summary, with "Likely:" when the record cannot prove it, and "Or:" when it follows another likely cause:
 * two likely causes (CORS or an unreachable server) are alternatives, never two claims.
 */
export function causeSummary(diagnoses: readonly Diagnosis[], index: number, show: Show): string {
  const diagnosis = diagnoses[index] as Diagnosis;
  const summary = WORDS[diagnosis.cause].summary(diagnosis.evidence, show);
  if (diagnosis.certainty === 'certain') return summary;
  return t(diagnoses[index - 1]?.certainty === 'likely' ? 'diagOr' : 'diagLikely', summary);
}

export const causeFix = (diagnosis: Diagnosis, show: Show): string =>
  WORDS[diagnosis.cause].fix(diagnosis.evidence, show);

/** Labels of the evidence keys diagnose() gives; a key added later shows under its own name. */
const EVIDENCE_KEYS: Record<string, MessageKey> = {
  timeoutMs: 'diagEvTimeoutMs',
  setBy: 'diagEvSetBy',
  elapsedMs: 'diagEvElapsedMs',
  bytes: 'diagEvBytes',
  total: 'diagEvTotal',
  stillMoving: 'diagEvStillMoving',
  status: 'diagEvStatus',
  callback: 'diagEvCallback',
  serverText: 'diagEvServerText',
  bytesSent: 'diagEvBytesSent',
  url: 'diagEvUrl',
  requestOrigin: 'diagEvRequestOrigin',
  pageOrigin: 'diagEvPageOrigin',
  headers: 'diagEvHeaders',
  contentType: 'diagEvContentType',
  boundary: 'diagEvBoundary',
  field: 'diagEvField',
  fileName: 'diagEvFileName',
  filePath: 'diagEvFilePath',
  contentEncoding: 'diagEvContentEncoding',
  transferEncoding: 'diagEvTransferEncoding',
  responseUrl: 'diagEvResponseUrl',
  rule: 'diagEvRule',
  effect: 'diagEvEffect',
  detail: 'diagEvDetail',
  navigatorOnLine: 'diagEvNavigatorOnLine',
  netError: 'diagEvNetError',
  redirectStatus: 'diagEvRedirectStatus',
  preflightStatus: 'diagEvPreflightStatus',
  serverStatus: 'diagEvServerStatus',
};

const BYTE_KEYS = new Set(['bytes', 'total', 'bytesSent']);

function valueText(key: string, value: string | number | boolean, show: Show): string {
  if (typeof value === 'boolean') return t(value ? 'diagYes' : 'diagNo');
  if (typeof value === 'number') {
    if (BYTE_KEYS.has(key)) return formatBytes(value);
    if (key.endsWith('Ms')) return formatDuration(value);
    // HTTP statuses as written (no thousands separator to worry about, but no locale digits either).
    return /status$/i.test(key) ? String(value) : formatNumber(value);
  }
  if (key === 'setBy') return setByText(value, show);
  if (key === 'effect') return effectText(value, show);
  return show(value);
}

/** The evidence as [label, value] pairs, values formatted; a null figure is left out (nothing to show). */
export function evidenceRows(evidence: Evidence, show: Show): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === null) continue;
    const label = Object.hasOwn(EVIDENCE_KEYS, key) ? t(EVIDENCE_KEYS[key] as MessageKey) : show(key);
    rows.push([label, valueText(key, value, show)]);
  }
  return rows;
}
