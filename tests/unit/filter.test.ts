import { describe, expect, it } from 'vitest';
import { matchesParsed, parseFilter } from '../../panel/filter';
import { newTaskRecord, type TaskRecord } from '../../shared/task-model';

type Fields = Pick<TaskRecord, 'url' | 'kind' | 'status'> & Partial<TaskRecord>;
/** A whole record (a `diagnosis:` term diagnoses it) with the fields a test is about. */
const record = (fields: Fields): TaskRecord => ({
  ...newTaskRecord({
    type: 'created',
    taskId: 't',
    at: 0,
    kind: fields.kind,
    origin: 'app',
    probe: 'xhr',
    url: fields.url,
  }),
  ...fields,
});
const tasks: Record<string, TaskRecord> = {
  avatar: record({
    url: 'http://127.0.0.1/upload?tag=a',
    kind: 'upload',
    status: 'success',
    statusCode: 200,
    body: [{ name: 'file', file: { name: 'avatar.png', size: 3, type: 'image/png' } }],
  }),
  report: record({ url: 'http://127.0.0.1/files/report.pdf', kind: 'download', status: 'fail', statusCode: 404 }),
  video: record({ url: 'http://127.0.0.1/files/video.mp4', kind: 'download', status: 'abort' }),
  live: record({ url: 'http://127.0.0.1/files/live.bin', kind: 'download', status: 'running' }),
};

const matching = (filter: string) =>
  Object.entries(tasks)
    .filter(([, task]) => matchesParsed(task, parseFilter(filter)))
    .map(([name]) => name);

describe('filter terms', () => {
  it('matches text in the URL or the name, case-insensitively, all terms together', () => {
    expect(matching('')).toEqual(['avatar', 'report', 'video', 'live']);
    expect(matching('AVATAR')).toEqual(['avatar']);
    expect(matching('files .pdf')).toEqual(['report']);
    // Text is literal: regex characters match themselves.
    expect(matching('.PDF')).toEqual(['report']);
    expect(matching('report?pdf')).toEqual([]);
    expect(matching('(')).toEqual([]);
  });

  it('understands status:, kind:, code: and negation', () => {
    expect(matching('status:fail')).toEqual(['report']);
    expect(matching('status:failed')).toEqual(['report', 'video']);
    expect(matching('status:running')).toEqual(['live']);
    expect(matching('kind:upload')).toEqual(['avatar']);
    expect(matching('code:404')).toEqual(['report']);
    expect(matching('code:4xx')).toEqual(['report']);
    expect(matching('code:none')).toEqual(['video', 'live']);
    expect(matching('-kind:upload -status:running')).toEqual(['report', 'video']);
  });

  it('matches diagnosis:<cause> and diagnosis:any, negated too; an unknown cause is an error', () => {
    const timedOut = record({
      url: 'http://127.0.0.1/upload/slow',
      kind: 'upload',
      status: 'fail',
      abortedBy: 'timeout',
      times: { created: 0, end: 60_000 },
    });
    const all = { ...tasks, timedOut };
    const matchingAll = (filter: string) =>
      Object.entries(all)
        .filter(([, task]) => matchesParsed(task, parseFilter(filter)))
        .map(([name]) => name);
    // report's answer (404) came, then the download failed: the connection was lost.
    expect(matchingAll('diagnosis:any')).toEqual(['report', 'timedOut']);
    expect(matchingAll('-diagnosis:any')).toEqual(['avatar', 'video', 'live']);
    expect(matchingAll('diagnosis:uni-timeout')).toEqual(['timedOut']);
    expect(matchingAll('DIAGNOSIS:CONNECTION-LOST')).toEqual(['report']);
    expect(matchingAll('diagnosis:cors')).toEqual([]);
    expect(matchingAll('diagnosis:offline')).toEqual([]);
    expect(parseFilter('diagnosis:bogus diagnosis: diagnosis:toString').errors).toEqual([
      'diagnosis:bogus',
      'diagnosis:',
      'diagnosis:toString',
    ]);
  });

  it('matches /regex/ and reports a bad one, ignoring it', () => {
    expect(matching('/\\.(pdf|mp4)$/')).toEqual(['report', 'video']);
    const parsed = parseFilter('/(/ status:bogus kind:upload');
    expect(parsed.errors).toEqual(['/(/', 'status:bogus']);
    expect(matching('/(/ status:bogus kind:upload')).toEqual(['avatar']);
  });
});
