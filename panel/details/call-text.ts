// The uni call as the app wrote it, rebuilt as JavaScript source text from the agent's CallInfo (pure,
// unit-tested). Only ever rendered as text: every value is quoted as a JS string literal.

import { HIDDEN_CHARS } from '../../shared/hidden-chars';
import type { CallbackName, CallInfo, TaskKind } from '../../shared/task-model';

export interface CallTextNotes {
  /** Comment after the call in promise mode (no callbacks were passed). */
  promise: string;
  /** Comment in callback mode when no callback has fired yet (a record that does not say which were passed). */
  noCallbackYet: string;
  /**
   * Comments after each callback the app passed: it ran, it did not run, or the task is still going. Without them
   * (a copied call, to be pasted as code) the callbacks are listed bare.
   */
  ran?: string;
  notRun?: string;
  notYet?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const CALLBACK_ORDER: CallbackName[] = ['success', 'fail', 'complete'];

// Every hidden character (shared/hidden-chars.ts) is written as an escape: the code can be pasted into an editor
// and read as what it does (no bidi reordering, no invisible characters, no raw line breaks), and the text stays
// well-formed (a lone surrogate would become U+FFFD on the clipboard).
const JS_SPECIAL = new RegExp(`[\\\\']|${HIDDEN_CHARS.source}`, 'gu');
const JS_NAMED: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JS single-quoted string literal that evaluates to exactly the value, in visible text only. */
export function quote(value: string): string {
  const escaped = value.replace(JS_SPECIAL, (char) => {
    const named = JS_NAMED[char];
    if (named !== undefined) return named;
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

function key(name: string): string {
  // `__proto__: …` (quoted or not) would set the literal's prototype instead of a property; a computed key does not.
  if (name === '__proto__') return "['__proto__']";
  return IDENTIFIER.test(name) ? name : quote(name);
}

function objectLiteral(record: Record<string, string>, indent: string): string {
  const entries = Object.entries(record);
  if (entries.length === 0) return '{}';
  const inner = `${indent}  `;
  return `{\n${entries.map(([name, value]) => `${inner}${key(name)}: ${quote(String(value))},`).join('\n')}\n${indent}}`;
}

function filesLiteral(files: NonNullable<CallInfo['files']>, indent: string): string {
  if (files.length === 0) return '[]';
  const inner = `${indent}  `;
  const items = files.map((file) => {
    const parts: string[] = [];
    if (file.name !== undefined) parts.push(`name: ${quote(file.name)}`);
    if (file.uri !== undefined) parts.push(`uri: ${quote(file.uri)}`);
    return `${inner}{ ${parts.join(', ')} },`;
  });
  return `[\n${items.join('\n')}\n${indent}]`;
}

/**
 * `uni.uploadFile({ ... })` as the app wrote it. Callbacks cannot cross to the panel: in callback mode the ones
 * seen firing are listed by name; in promise mode a comment says so.
 */
/** `finished`: the task has ended, so a passed callback that did not run never will. */
export function callText(
  kind: TaskKind,
  call: CallInfo,
  seen: CallbackName[],
  notes: CallTextNotes,
  finished = false,
): string {
  const api = kind === 'upload' ? 'uni.uploadFile' : 'uni.downloadFile';
  const lines: string[] = [`  url: ${quote(call.url)},`];
  if (call.filePath !== undefined) lines.push(`  filePath: ${quote(call.filePath)},`);
  if (call.files !== undefined) lines.push(`  files: ${filesLiteral(call.files, '  ')},`);
  if (call.name !== undefined) lines.push(`  name: ${quote(call.name)},`);
  if (call.formData !== undefined) lines.push(`  formData: ${objectLiteral(call.formData, '  ')},`);
  if (call.header !== undefined) lines.push(`  header: ${objectLiteral(call.header, '  ')},`);
  if (call.timeout !== undefined) lines.push(`  timeout: ${Number(call.timeout)},`);
  if (call.mode === 'callback') {
    if (call.callbacks === undefined) {
      // An older record (or HAR) names only the callbacks that fired.
      const fired = CALLBACK_ORDER.filter((name) => seen.includes(name));
      if (fired.length === 0) lines.push(`  // ${notes.noCallbackYet}`);
      for (const name of fired) lines.push(`  ${name}(res) { … },`);
    } else {
      for (const name of CALLBACK_ORDER.filter((passed) => call.callbacks?.includes(passed))) {
        const note = seen.includes(name) ? notes.ran : finished ? notes.notRun : notes.notYet;
        lines.push(`  ${name}(res) { … },${note ? ` // ${note}` : ''}`);
      }
    }
    return `${api}({\n${lines.join('\n')}\n})`;
  }
  return `${api}({\n${lines.join('\n')}\n}) // ${notes.promise}`;
}
