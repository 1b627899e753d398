import { describe, expect, it } from 'vitest';
import { matchesParsed, parseFilter } from '../../panel/filter';
import type { TaskRecord } from '../../shared/task-model';

type Task = Pick<TaskRecord, 'url' | 'kind' | 'body' | 'status' | 'statusCode'>;
const tasks: Record<string, Task> = {
  avatar: {
    url: 'http://127.0.0.1/upload?tag=a',
    kind: 'upload',
    status: 'success',
    statusCode: 200,
    body: [{ name: 'file', file: { name: 'avatar.png', size: 3, type: 'image/png' } }],
  },
  report: { url: 'http://127.0.0.1/files/report.pdf', kind: 'download', status: 'fail', statusCode: 404 },
  video: { url: 'http://127.0.0.1/files/video.mp4', kind: 'download', status: 'abort' },
  live: { url: 'http://127.0.0.1/files/live.bin', kind: 'download', status: 'running' },
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

  it('matches /regex/ and reports a bad one, ignoring it', () => {
    expect(matching('/\\.(pdf|mp4)$/')).toEqual(['report', 'video']);
    const parsed = parseFilter('/(/ status:bogus kind:upload');
    expect(parsed.errors).toEqual(['/(/', 'status:bogus']);
    expect(matching('/(/ status:bogus kind:upload')).toEqual(['avatar']);
  });
});
