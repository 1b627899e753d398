// Task records for the HAR and curl tests, built the way the page agent builds them: by folding events.

import { applyTaskEvent, newTaskRecord, type TaskEvent, type TaskRecord } from '../../shared/task-model';

type EventBody<E> = E extends unknown ? Omit<E, 'taskId'> : never;

export function fold(taskId: string, events: EventBody<TaskEvent>[]): TaskRecord {
  const [first, ...rest] = events.map((event) => ({ ...event, taskId }) as TaskEvent);
  if (first?.type !== 'created') throw new Error('the first event must be created');
  const record = newTaskRecord(first);
  for (const event of rest) applyTaskEvent(record, event);
  return record;
}

/**
 * Epoch-like times with sub-millisecond parts, as performance.timeOrigin + performance.now() gives. T0 and the
 * offsets below are multiples of 1/8 ms, so that T0 + offset is exact and tests can compare relative times exactly.
 */
export const T0 = 1_767_225_600_123.625;

/** An upload seen by both probes, in callback mode, with secrets in its headers. */
export function sampleUpload(id = 'up-1'): TaskRecord {
  const url = 'http://127.0.0.1:8080/upload?album=7&tag=a%20b';
  return fold(id, [
    {
      type: 'created',
      at: T0,
      kind: 'upload',
      origin: 'app',
      probe: 'uni',
      url,
      call: {
        url,
        mode: 'callback',
        name: 'photo',
        filePath: 'blob:http://127.0.0.1:8080/9d3c',
        formData: { user: 'ann', note: 'it\'s "quoted"' },
        header: { Authorization: 'Bearer secret-token', 'X-Trace': 't-1' },
        timeout: 30000,
      },
      stack: 'at onPick (http://127.0.0.1:8080/pages/index.js:12:7)',
    },
    { type: 'probe', at: T0 + 0.2, probe: 'xhr' },
    { type: 'file', at: T0 + 3.5, url: 'blob:http://127.0.0.1:8080/9d3c', ok: true },
    { type: 'open', at: T0 + 4.25, method: 'POST', url },
    {
      type: 'send',
      at: T0 + 5.125,
      requestHeaders: { authorization: 'Bearer secret-token', 'X-Trace': 't-1', Cookie: 'sid=42' },
      body: [
        { name: 'user', value: 'ann' },
        { name: 'note', value: 'it\'s "quoted"' },
        { name: 'photo', file: { name: 'cat photo.png', size: 2048, type: 'image/png' } },
      ],
    },
    { type: 'app', at: T0 + 6, action: 'onProgressUpdate' },
    { type: 'progress', at: T0 + 20.5, loaded: 1024, total: 2300 },
    { type: 'progress', at: T0 + 40.75, loaded: 2300, total: 2300 },
    {
      type: 'headers',
      at: T0 + 90.375,
      statusCode: 201,
      responseHeaders: { 'content-type': 'application/json', 'Set-Cookie': 'sid=43; HttpOnly' },
    },
    {
      type: 'end',
      at: T0 + 95.5,
      outcome: 'load',
      statusCode: 201,
      responseSize: 27,
      responsePreview: '{"ok":true,"id":"u1","n":1}',
    },
    {
      type: 'callback',
      at: T0 + 96,
      name: 'success',
      arg: { errMsg: 'uploadFile:ok', statusCode: 201, data: '{"ok":true}' },
    },
    { type: 'callback', at: T0 + 96.5, name: 'complete', arg: { errMsg: 'uploadFile:ok', statusCode: 201 } },
    { type: 'body', at: T0 + 97, held: true, size: 2048 },
  ]);
}

/** A download only the XHR probe saw (a production build), aborted by the panel, then replayed. */
export function sampleDownload(id = 'down-1'): TaskRecord {
  const url = 'http://127.0.0.1:8080/download?bytes=4096&type=text%2Fplain';
  return fold(id, [
    { type: 'created', at: T0 + 200, kind: 'download', origin: 'app', probe: 'xhr', url },
    { type: 'open', at: T0 + 200.5, method: 'GET', url },
    { type: 'send', at: T0 + 201, requestHeaders: { 'X-Token': 'abc' } },
    { type: 'headers', at: T0 + 230, statusCode: 200, responseHeaders: { 'content-type': 'text/plain' } },
    { type: 'progress', at: T0 + 240, loaded: 1000, total: 4096 },
    { type: 'devtools', at: T0 + 245, action: 'abort' },
    { type: 'end', at: T0 + 250, outcome: 'abort' },
    { type: 'devtools', at: T0 + 260, action: 'replay', replayId: 'down-2' },
  ]);
}

/** A replay still running (no end): its phases end at the last thing known. */
function sampleRunningReplay(id = 'down-2'): TaskRecord {
  const url = 'http://127.0.0.1:8080/download?bytes=4096';
  return fold(id, [
    { type: 'created', at: T0 + 260, kind: 'download', origin: 'replay', probe: 'xhr', url, replayOf: 'down-1' },
    { type: 'open', at: T0 + 261, method: 'GET', url },
    { type: 'send', at: T0 + 262, requestHeaders: {} },
    { type: 'headers', at: T0 + 270, statusCode: 200, responseHeaders: {} },
    { type: 'progress', at: T0 + 280, loaded: 100, total: null },
  ]);
}

/** An upload whose file could not be read: it never opened an XHR. */
export function sampleFileError(id = 'up-2'): TaskRecord {
  const url = 'http://127.0.0.1:8080/upload';
  return fold(id, [
    {
      type: 'created',
      at: T0 + 300,
      kind: 'upload',
      origin: 'app',
      probe: 'uni',
      url,
      call: { url, mode: 'promise', name: 'file', filePath: '/static/missing.png' },
    },
    { type: 'file', at: T0 + 310, url: '/static/missing.png', ok: false },
  ]);
}

export const allSamples = (): TaskRecord[] => [
  sampleUpload(),
  sampleDownload(),
  sampleRunningReplay(),
  sampleFileError(),
];
