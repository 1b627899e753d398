// The filter box language, as in the Network panel: space-separated terms, all of which must match.
//   text        URL or name contains it (case-insensitive)
//   /regex/     URL or name matches it (an invalid one is reported and ignored)
//   status:X    pending | running | success | fail | abort (also: failed = fail or abort, done = finished)
//   kind:X      upload | download
//   code:X      HTTP status: 404, 4xx, or none (no response)
//   diagnosis:X a cause of the task's diagnosis (uni-timeout, cors, …), or any
//   -term       negates any of the above

import { isCauseId } from '../shared/diagnosis-read';
import type { TaskStatus } from '../shared/task-model';
import { type DiagnosableTask, diagnosisOf } from './diagnosis-view';
import { taskName } from './format';

type Predicate = (task: FilterableTask) => boolean;
/** A whole record: `diagnosis:` terms diagnose it (panel/diagnosis-view.ts, memoized per task object). */
type FilterableTask = DiagnosableTask;

export interface ParsedFilter {
  predicates: Predicate[];
  /** Terms that could not be understood (a bad regex, an unknown status): shown to the user, then ignored. */
  errors: string[];
}

const STATUS_GROUPS: Record<string, TaskStatus[]> = {
  pending: ['pending'],
  running: ['pending', 'running'],
  success: ['success'],
  fail: ['fail'],
  failed: ['fail', 'abort'],
  abort: ['abort'],
  aborted: ['abort'],
  done: ['success', 'fail', 'abort'],
};

/**
 * Whether a task's name can contain text its URL lacks: an uploaded file's name, or a percent-escaped segment.
 * Otherwise the name is a piece of the URL, and a text term need not compute it (10,000 URL parses on the first
 * keystroke were most of a filter's cost).
 */
function nameMayDiffer(task: FilterableTask): boolean {
  return (task.kind === 'upload' && task.body !== undefined) || task.url.includes('%');
}

function codePredicate(value: string): Predicate | null {
  if (value === 'none') return (task) => task.statusCode === undefined;
  if (/^\d{3}$/.test(value)) return (task) => task.statusCode === Number(value);
  const range = /^([1-5])xx$/i.exec(value);
  if (range) return (task) => task.statusCode !== undefined && Math.floor(task.statusCode / 100) === Number(range[1]);
  return null;
}

function diagnosisPredicate(value: string): Predicate | null {
  if (value === 'any') return (task) => diagnosisOf(task).length > 0;
  if (!isCauseId(value)) return null;
  return (task) => diagnosisOf(task).some((found) => found.cause === value);
}

function termPredicate(term: string): Predicate | null {
  const regex = /^\/(.+)\/([imsu]*)$/.exec(term);
  if (regex) {
    try {
      const pattern = new RegExp(regex[1] as string, regex[2]?.includes('i') ? regex[2] : `${regex[2] ?? ''}i`);
      return (task) => pattern.test(task.url) || pattern.test(taskName(task));
    } catch {
      return null;
    }
  }
  const field = /^(status|kind|code|diagnosis):(.*)$/i.exec(term);
  if (field) {
    const value = (field[2] ?? '').toLowerCase();
    switch ((field[1] ?? '').toLowerCase()) {
      case 'status': {
        const group = STATUS_GROUPS[value];
        return group ? (task) => group.includes(task.status) : null;
      }
      case 'kind':
        return value === 'upload' || value === 'download' ? (task) => task.kind === value : null;
      case 'diagnosis':
        return diagnosisPredicate(value);
      default:
        return codePredicate(value);
    }
  }
  // A case-insensitive literal search, with no lower-cased copy of 10,000 URLs per keystroke.
  const text = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return (task) => text.test(task.url) || (nameMayDiffer(task) && text.test(taskName(task)));
}

export function parseFilter(input: string): ParsedFilter {
  const predicates: Predicate[] = [];
  const errors: string[] = [];
  for (const raw of input.trim().split(/\s+/)) {
    if (raw === '' || raw === '-') continue;
    const negated = raw.startsWith('-') && raw.length > 1;
    const term = negated ? raw.slice(1) : raw;
    const predicate = termPredicate(term);
    if (!predicate) errors.push(raw);
    else predicates.push(negated ? (task) => !predicate(task) : predicate);
  }
  return { predicates, errors };
}

export function matchesParsed(task: FilterableTask, filter: ParsedFilter): boolean {
  for (const predicate of filter.predicates) if (!predicate(task)) return false;
  return true;
}
