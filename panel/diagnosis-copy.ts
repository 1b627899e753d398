// "Copy diagnosis" (the row menu and the details): the task's diagnosis as Markdown, in the panel's language, for a
// bug report or a chat: the call as written, the request and its outcome in brief, then each cause with its
// figures and what to change. It leaves the panel, so credentials are redacted as in a HAR export (shared/redact.ts).

import type { Diagnosis } from '../shared/diagnosis';
import { exportDiagnoses } from '../shared/diagnosis-read';
import { exportCall } from '../shared/har-call';
import { redactHeaders, redactUrl } from '../shared/redact';
import type { TaskRecord, TaskStatus } from '../shared/task-model';
import { type CopyResult, copyText, uniCodeText } from './copy';
import { causeFix, causeLabel, causeSummary, evidenceRows } from './diagnosis-text';
import { type DiagnosableTask, diagnosisOf } from './diagnosis-view';
import { formatBytes, formatDuration, taskDuration } from './format';
import { type MessageKey, t } from './i18n';

/** A copy keeps page text exact (docs/automation.md); only the screen shows hidden characters. */
const exact = (text: string) => text;

const STATUS_KEYS: Record<TaskStatus, MessageKey> = {
  pending: 'statusPending',
  running: 'statusRunning',
  success: 'statusSuccess',
  fail: 'statusFail',
  abort: 'statusAbort',
};

/** The record with what a HAR export redacts redacted: URL, the call's URL, paths and header, the headers. */
function redacted(task: TaskRecord): TaskRecord {
  return {
    ...task,
    url: redactUrl(task.url),
    call: exportCall(task.call, false),
    requestHeaders: redactHeaders(task.requestHeaders, false),
    responseHeaders: redactHeaders(task.responseHeaders, false),
  };
}

/** A run of backticks longer than any in the text (at least `least`): page text cannot close the code early. */
function fence(text: string, least: number): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(least, longest + 1));
}

function inlineCode(text: string): string {
  const ticks = fence(text, 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${ticks}${padded}${ticks}`;
}

function codeBlock(text: string, language: string): string {
  const ticks = fence(text, 3);
  return `${ticks}${language}\n${text}\n${ticks}`;
}

function briefLines(task: TaskRecord): string[] {
  const method = task.method ?? (task.kind === 'upload' ? 'POST' : 'GET');
  const outcome = [
    t(STATUS_KEYS[task.status]),
    task.errMsg,
    task.statusCode === undefined ? undefined : `HTTP ${task.statusCode}`,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
  const bytes =
    task.total === null
      ? formatBytes(task.bytes)
      : t('detailsBytesOf', formatBytes(task.bytes), formatBytes(task.total));
  return [
    `- ${t('diagLabelValue', t('diagCopyRequest'), `${method} ${task.url}`)}`,
    `- ${t('diagLabelValue', t('diagCopyOutcome'), outcome)}`,
    `- ${t('diagLabelValue', t('detailsBytes'), bytes)}`,
    `- ${t('diagLabelValue', t('detailsDuration'), formatDuration(taskDuration(task)))}`,
  ];
}

function causeBlock(diagnoses: readonly Diagnosis[], index: number): string {
  const diagnosis = diagnoses[index] as Diagnosis;
  const evidence = evidenceRows(diagnosis.evidence, exact).map(
    ([label, value]) => `- ${t('diagLabelValue', label, inlineCode(value))}`,
  );
  return [
    // The cause's id too: the name the filter (`diagnosis:<id>`) and a HAR's `_uniTask.diagnosis` use.
    `## ${t('detailsDiagnosisHeading', causeLabel(diagnosis))} (${diagnosis.cause})`,
    '',
    causeSummary(diagnoses, index, exact),
    '',
    ...evidence,
    ...(evidence.length > 0 ? [''] : []),
    `**${t('diagFix')}** ${causeFix(diagnosis, exact)}`,
  ].join('\n');
}

/** The Markdown text, or null when the task has no diagnosis. */
export function diagnosisMarkdown(task: DiagnosableTask): string | null {
  const found = diagnosisOf(task);
  if (found.length === 0) return null;
  const record = redacted(task);
  const diagnoses = exportDiagnoses(found, false);
  const title = task.kind === 'upload' ? 'uni.uploadFile' : 'uni.downloadFile';
  return [
    `# ${t('diagCopyHeading', title, record.url)}`,
    '',
    t('diagLabelValue', t('detailsCallHeading'), '').trimEnd(),
    '',
    codeBlock(uniCodeText(record), 'js'),
    '',
    ...briefLines(record),
    ...diagnoses.flatMap((_, index) => ['', causeBlock(diagnoses, index)]),
    '',
  ].join('\n');
}

export async function copyDiagnosis(task: DiagnosableTask): Promise<CopyResult> {
  const text = diagnosisMarkdown(task);
  if (text === null) return { ok: false, note: t('copyDiagnosisNone') };
  return { ok: await copyText(text, 'diagnosis'), text };
}
