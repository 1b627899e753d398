import { describe, expect, it } from 'vitest';
import { type Har, REDACTED, tasksToHar } from '../../shared/har';
import { type HarImportResult, harToTasks, MAX_HAR_CHARS, MAX_HAR_ENTRIES } from '../../shared/har-import';
import { taskPhases } from '../../shared/phases';
import type { BodyPart, TaskRecord } from '../../shared/task-model';
import { readTaskRecord } from '../../shared/task-read';
import { harSchemaErrors } from '../har-validator';
import { allSamples, sampleDownload, sampleFileError, sampleUpload, T0 } from './har-samples';

function expectValidHar(har: unknown): void {
  expect(harSchemaErrors(har)).toEqual([]);
}

const exportAll = (keepSensitive: boolean, tasks = allSamples()): Har =>
  tasksToHar(tasks, { keepSensitive, creatorVersion: '1.2.3' });

/** What the panel's reader takes: imported records are read by it, so reading them again changes nothing. */
const isTaskRecord = (task: TaskRecord) => readTaskRecord(task) !== null;

const imported = (result: HarImportResult) => {
  if (!result.ok) throw new Error(`import failed: ${result.error.code} ${result.error.detail}`);
  return result;
};

describe('tasksToHar', () => {
  it('writes HAR 1.2 that the har-schema validator accepts', () => {
    const har = exportAll(false);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'uni Transfer DevTools', version: '1.2.3' });
    expect(har.log.pages).toEqual([]);
    expect(har.log.entries).toHaveLength(4);
    expectValidHar(har);
    expectValidHar(JSON.parse(JSON.stringify(har)));
    expectValidHar(tasksToHar([], { keepSensitive: false, creatorVersion: '0' }));
  });

  it('the validator is not a rubber stamp', () => {
    const har = JSON.parse(JSON.stringify(exportAll(false)));
    har.log.entries[0].timings.send = -5;
    delete har.log.entries[1].response;
    har.log.entries[2].startedDateTime = 'yesterday';
    har.log.entries[0].request.postData.params[0] = { value: 'no name' };
    const paths = (harSchemaErrors(har) as { instancePath: string }[]).map((error) => error.instancePath);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/log/entries/0/timings/send',
        '/log/entries/1',
        '/log/entries/2/startedDateTime',
        '/log/entries/0/request/postData/params/0',
      ]),
    );
  });

  it('maps an upload: method, URL, headers, query, multipart params, response', () => {
    const [entry] = exportAll(true, [sampleUpload()]).log.entries;
    expect(entry?.startedDateTime).toBe(new Date(T0).toISOString());
    expect(entry?.request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:8080/upload?album=7&tag=a%20b',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        { name: 'authorization', value: 'Bearer secret-token' },
        { name: 'X-Trace', value: 't-1' },
        { name: 'Cookie', value: 'sid=42' },
      ],
      queryString: [
        { name: 'album', value: '7' },
        { name: 'tag', value: 'a b' },
      ],
      postData: {
        mimeType: 'multipart/form-data',
        params: [
          { name: 'user', value: 'ann' },
          { name: 'note', value: 'it\'s "quoted"' },
          { name: 'photo', fileName: 'cat photo.png', contentType: 'image/png', _fileSize: 2048 },
        ],
        text: '',
      },
      headersSize: -1,
      bodySize: 2300,
    });
    expect(entry?.response).toEqual({
      status: 201,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        { name: 'content-type', value: 'application/json' },
        { name: 'Set-Cookie', value: 'sid=43; HttpOnly' },
      ],
      content: { size: 27, mimeType: 'application/json', text: '{"ok":true,"id":"u1","n":1}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 27,
    });
    expect(entry?.cache).toEqual({});
  });

  it('carries what only we know in _uniTask, with times relative to the start', () => {
    const [entry] = exportAll(false, [sampleUpload()]).log.entries;
    const uni = entry?._uniTask;
    expect(uni).toMatchObject({
      id: 'up-1',
      kind: 'upload',
      origin: 'app',
      status: 'success',
      errMsg: 'uploadFile:ok',
      probes: ['uni', 'xhr'],
      method: 'POST',
      startedAt: T0,
      initiator: 'at onPick (http://127.0.0.1:8080/pages/index.js:12:7)',
      appActions: [{ at: 6, action: 'onProgressUpdate' }],
      bodyHeld: true,
    });
    expect(uni?.times).toEqual({ created: 0, fileResolved: 3.5, open: 4.25, send: 5.125, headers: 90.375, end: 95.5 });
    expect(uni?.progress).toEqual([
      [20.5, 1024, 2300],
      [40.75, 2300, 2300],
    ]);
    expect(uni?.callbacks.map((callback) => [callback.at, callback.name])).toEqual([
      [96, 'success'],
      [96.5, 'complete'],
    ]);
    expect(uni?.call?.formData).toEqual({ user: 'ann', note: 'it\'s "quoted"' });
    const [, download, replay] = exportAll(false).log.entries;
    expect(download?._uniTask).toMatchObject({ abortedBy: 'devtools', replays: ['down-2'], devtoolsAbortAt: 45 });
    expect(replay?._uniTask).toMatchObject({ origin: 'replay', replayOf: 'down-1', status: 'running' });
  });

  it('uses status 0 and the default method for a task that never reached the network', () => {
    const [entry] = exportAll(false, [sampleFileError()]).log.entries;
    expect(entry?.request.method).toBe('POST');
    expect(entry?.request.postData).toBeUndefined();
    expect(entry?.response.status).toBe(0);
    expect(entry?.response.content).toEqual({ size: 0, mimeType: '' });
    expect(entry?.timings).toEqual({ blocked: 10, dns: -1, connect: -1, send: 0, wait: 0, receive: 0 });
    expect(entry?._uniTask.errMsg).toBe('uploadFile:fail file error');
    expect(entry?._uniTask.method).toBeUndefined();
  });

  it('redacts Authorization, Cookie, Set-Cookie and Proxy-Authorization unless asked to keep them', () => {
    const task = sampleUpload();
    task.requestHeaders = { ...task.requestHeaders, 'PROXY-AUTHORIZATION': 'Basic eA==' };
    const redacted = exportAll(false, [task]).log.entries[0];
    const values = (headers: { name: string; value: string }[] = []) =>
      Object.fromEntries(headers.map((header) => [header.name, header.value]));
    expect(values(redacted?.request.headers)).toEqual({
      authorization: REDACTED,
      'X-Trace': 't-1',
      Cookie: REDACTED,
      'PROXY-AUTHORIZATION': REDACTED,
    });
    expect(values(redacted?.response.headers)['Set-Cookie']).toBe(REDACTED);
    expect(redacted?._uniTask.call?.header).toEqual({ Authorization: REDACTED, 'X-Trace': 't-1' });
    const json = JSON.stringify(redacted);
    for (const secret of ['secret-token', 'sid=42', 'sid=43', 'Basic eA==']) expect(json).not.toContain(secret);

    const kept = exportAll(true, [task]).log.entries[0];
    expect(values(kept?.request.headers)).toEqual(task.requestHeaders);
    expect(kept?._uniTask.call?.header?.Authorization).toBe('Bearer secret-token');
    // The record itself is never changed by an export.
    expect(task.call?.header?.Authorization).toBe('Bearer secret-token');
  });

  it('gives timings that follow the waterfall phases and add up to time', () => {
    const tasks = allSamples();
    const har = exportAll(false, tasks);
    har.log.entries.forEach((entry, index) => {
      const { timings } = entry;
      expect(timings.dns).toBe(-1);
      expect(timings.connect).toBe(-1);
      for (const value of [timings.blocked, timings.send, timings.wait, timings.receive]) {
        expect(value).toBeGreaterThanOrEqual(0);
      }
      const sum = [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive]
        .filter((value) => value !== -1)
        .reduce((total, value) => total + value, 0);
      expect(entry.time).toBeCloseTo(sum, 9);
      const task = tasks[index] as TaskRecord;
      const phases = taskPhases(task, Number.POSITIVE_INFINITY);
      const duration = (name: string) =>
        phases.filter((phase) => phase.name === name).reduce((total, phase) => total + phase.end - phase.start, 0);
      if (task.times.end !== undefined) {
        expect(timings.blocked).toBeCloseTo(duration('preparing'), 3);
        expect(timings.send).toBeCloseTo(duration('sending'), 3);
        expect(timings.wait).toBeCloseTo(duration('waiting'), 3);
        expect(timings.receive).toBeCloseTo(duration('receiving'), 3);
        expect(entry.time).toBeCloseTo(task.times.end - task.times.created, 3);
      }
    });
    // The upload: preparing until open, sending until the last upload progress, waiting until the headers.
    expect(har.log.entries[0]?.timings).toEqual({
      blocked: 4.25,
      dns: -1,
      connect: -1,
      send: 36.5,
      wait: 49.625,
      receive: 5.125,
    });
    // A running task ends at the last thing known (its last progress event), not at the wall clock.
    expect(har.log.entries[2]?.time).toBe(20);
  });

  it('is deterministic and JSON-safe', () => {
    const first = JSON.stringify(exportAll(false));
    const second = JSON.stringify(exportAll(false));
    expect(second).toBe(first);
    expect(JSON.stringify(JSON.parse(first))).toBe(first);
    const task = sampleUpload();
    task.callbacks.push({ at: T0 + 99, name: 'fail', arg: { errMsg: 'x', nested: { n: Number.NaN, u: undefined } } });
    const entry = exportAll(false, [task]).log.entries[0];
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
  });
});

describe('harToTasks: our own HARs', () => {
  it('round-trips: export then import gives the same records', () => {
    const tasks = allSamples();
    const result = imported(harToTasks(JSON.stringify(exportAll(true, tasks))));
    expect(result.skipped).toBe(0);
    expect(result.tasks).toEqual(tasks);
    for (const task of result.tasks) expect(isTaskRecord(task)).toBe(true);
    // Exactly: the sub-millisecond times too.
    expect(result.tasks[0]?.times).toStrictEqual(tasks[0]?.times);
    expect(result.tasks[0]?.progress).toStrictEqual(tasks[0]?.progress);
  });

  it('round-trips arbitrary sub-millisecond times exactly', () => {
    const tasks = allSamples();
    let seed = 7;
    const jitter = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (const task of tasks) {
      const shift = 123_456.789 + jitter();
      const times = task.times as Record<string, number>;
      for (const key of Object.keys(times)) times[key] = (times[key] as number) + shift + jitter() / 1000;
      task.progress = task.progress.map(([at, loaded, total]) => [at + shift + jitter(), loaded, total]);
      task.callbacks = task.callbacks.map((callback) => ({ ...callback, at: callback.at + shift + jitter() }));
    }
    const result = imported(harToTasks(JSON.stringify(exportAll(true, tasks))));
    expect(result.tasks.map((task) => [task.times, task.progress, task.callbacks])).toStrictEqual(
      tasks.map((task) => [task.times, task.progress, task.callbacks]),
    );
  });

  it('round-trips a redacted export except for the redacted values', () => {
    const [upload] = imported(harToTasks(JSON.stringify(exportAll(false, [sampleUpload()])))).tasks;
    expect(upload?.requestHeaders).toEqual({ authorization: REDACTED, 'X-Trace': 't-1', Cookie: REDACTED });
    expect(upload?.call?.header).toEqual({ Authorization: REDACTED, 'X-Trace': 't-1' });
    expect({ ...upload, requestHeaders: undefined, responseHeaders: undefined, call: undefined }).toEqual({
      ...sampleUpload(),
      requestHeaders: undefined,
      responseHeaders: undefined,
      call: undefined,
    });
  });

  it('keeps ids unique and valid, and falls back to the request when _uniTask is unusable', () => {
    const har = JSON.parse(JSON.stringify(exportAll(true, [sampleUpload(), sampleUpload(), sampleDownload()])));
    har.log.entries[2]._uniTask.id = 'x'.repeat(65);
    har.log.entries[0]._uniTask.callbacks[0].arg = JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`);
    har.log.entries[0]._uniTask.progress.push(['x', 1, 2], null);
    har.log.entries[0]._uniTask.replays = ['ok', 42, ''];
    const { tasks } = imported(harToTasks(JSON.stringify(har)));
    expect(tasks.map((task) => task.id)).toEqual(['up-1', 'up-1~2', 'har-3']);
    expect(tasks[0]?.callbacks[0]?.arg).toBeNull();
    expect(tasks[0]?.progress).toHaveLength(2);
    expect(tasks[0]?.replays).toEqual(['ok']);
    expect(tasks[2]).toMatchObject({ kind: 'download', status: 'success', statusCode: 200, probes: ['xhr'] });
    for (const task of tasks) expect(isTaskRecord(task)).toBe(true);
  });
});

// A HAR as Chromium's "Save all as HAR (with content)" writes it, trimmed: the page, a script, a preflight, a JSON
// fetch (not a transfer), a multipart upload (Chromium gives the body text, not params), and a download.
const BOUNDARY = '----WebKitFormBoundaryAbC123';
const multipartText = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="user"',
  '',
  'ann',
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="photo"; filename="cat.png"',
  'Content-Type: image/png',
  '',
  '\u0089PNG',
  `--${BOUNDARY}--`,
  '',
].join('\r\n');

function chromeEntry(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    _initiator: { type: 'other' },
    _priority: 'High',
    _resourceType: 'xhr',
    cache: {},
    connection: '443',
    pageref: 'page_1',
    request: {
      method: 'GET',
      url: 'https://example.test/',
      httpVersion: 'http/2.0',
      headers: [{ name: ':authority', value: 'example.test' }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: '',
      httpVersion: 'http/2.0',
      headers: [{ name: 'content-type', value: 'text/html' }],
      cookies: [],
      content: { size: 10, mimeType: 'text/html', text: '<p>hi</p>' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 10,
      _transferSize: 200,
      _error: null,
    },
    serverIPAddress: '127.0.0.1',
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 10,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 8, receive: 1, _blocked_queueing: 0.5 },
    ...overrides,
  };
}

const chromeHar = () => ({
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [{ startedDateTime: '2026-01-01T00:00:00.000Z', id: 'page_1', title: 'app', pageTimings: {} }],
    entries: [
      chromeEntry({ _resourceType: 'document' }),
      chromeEntry({ _resourceType: 'script', request: { method: 'GET', url: 'https://example.test/app.js' } }),
      chromeEntry({ request: { method: 'OPTIONS', url: 'https://api.test/upload', headers: [] } }),
      chromeEntry({
        _resourceType: 'fetch',
        request: {
          method: 'POST',
          url: 'https://api.test/json',
          headers: [],
          postData: { mimeType: 'application/json', text: '{}' },
        },
      }),
      chromeEntry({
        startedDateTime: '2026-01-01T00:00:01.000Z',
        _initiator: {
          type: 'script',
          stack: {
            callFrames: [
              { functionName: 'uploadFile', url: 'https://example.test/uni.js', lineNumber: 9, columnNumber: 4 },
              { functionName: '', url: 'https://example.test/app.js', lineNumber: 0, columnNumber: 0 },
            ],
          },
        },
        request: {
          method: 'POST',
          url: 'https://api.test/upload?x=1',
          httpVersion: 'http/2.0',
          headers: [
            { name: ':method', value: 'POST' },
            { name: 'content-type', value: `multipart/form-data; boundary=${BOUNDARY}` },
            { name: 'x-trace', value: 't-9' },
          ],
          queryString: [{ name: 'x', value: '1' }],
          cookies: [],
          headersSize: -1,
          bodySize: 321,
          postData: { mimeType: `multipart/form-data; boundary=${BOUNDARY}`, text: multipartText },
        },
        response: {
          status: 200,
          statusText: '',
          httpVersion: 'http/2.0',
          headers: [{ name: 'content-type', value: 'application/json' }],
          cookies: [],
          content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' },
          redirectURL: '',
          headersSize: -1,
          bodySize: 11,
        },
        timings: { blocked: 2, dns: 1, ssl: -1, connect: 3, send: 40, wait: 50, receive: 4 },
      }),
      chromeEntry({
        startedDateTime: '2026-01-01T00:00:02.000Z',
        request: { method: 'GET', url: 'https://cdn.test/files/report.pdf', headers: [], bodySize: 0 },
        response: {
          status: 200,
          headers: [{ name: 'content-type', value: 'application/pdf' }],
          content: { size: 5000, mimeType: 'application/pdf', text: 'JVBERi0=', encoding: 'base64' },
          bodySize: 4000,
        },
        timings: { blocked: -1, dns: -1, connect: -1, send: 1, wait: 20, receive: 30 },
      }),
      chromeEntry({
        startedDateTime: '2026-01-01T00:00:03.000Z',
        request: { method: 'GET', url: 'https://cdn.test/gone.bin', headers: [] },
        response: { status: 0, headers: [], content: { size: 0, mimeType: 'x-unknown' }, _error: 'net::ERR_FAILED' },
        timings: { blocked: 5, dns: -1, connect: -1, send: 0, wait: 0, receive: -1 },
      }),
    ],
  },
});

describe('harToTasks: the browser HARs', () => {
  it("maps Chromium's XHR/fetch uploads and downloads and skips everything else", () => {
    const { tasks, skipped } = imported(harToTasks(JSON.stringify(chromeHar())));
    expect(skipped).toBe(4);
    expect(tasks.map((task) => [task.id, task.kind, task.status, task.errMsg])).toEqual([
      ['har-5', 'upload', 'success', 'uploadFile:ok'],
      ['har-6', 'download', 'success', 'downloadFile:ok'],
      ['har-7', 'download', 'fail', 'downloadFile:fail'],
    ]);
    for (const task of tasks) expect(isTaskRecord(task)).toBe(true);
    const [upload, download, failed] = tasks;
    const start = Date.parse('2026-01-01T00:00:01.000Z');
    expect(upload).toMatchObject({
      url: 'https://api.test/upload?x=1',
      method: 'POST',
      origin: 'app',
      probes: ['xhr'],
      statusCode: 200,
      bytes: 321,
      total: 321,
      responsePreview: '{"ok":true}',
      responseSize: 11,
      requestHeaders: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'x-trace': 't-9' },
      responseHeaders: { 'content-type': 'application/json' },
      body: [
        { name: 'user', value: 'ann' },
        { name: 'photo', file: { name: 'cat.png', size: 4, type: 'image/png' } },
      ],
      stack: '    at uploadFile (https://example.test/uni.js:10:5)\n    at https://example.test/app.js:1:1',
      times: { created: start, open: start + 6, send: start + 46, headers: start + 96, end: start + 100 },
    });
    // The waterfall then cuts it the way the browser did.
    const durations = taskPhases(upload as TaskRecord, 0).map((phase) => [phase.name, phase.end - phase.start]);
    expect(durations).toEqual([
      ['preparing', 6],
      ['sending', 40],
      ['waiting', 50],
      ['receiving', 4],
    ]);
    expect(download).toMatchObject({ url: 'https://cdn.test/files/report.pdf', bytes: 5000, statusCode: 200 });
    expect(download?.responsePreview).toBeUndefined();
    expect(failed).toMatchObject({ bytes: 0, total: null });
    expect(failed?.statusCode).toBeUndefined();
    expect(failed?.times.headers).toBeUndefined();
  });

  it('takes every entry of a HAR without _resourceType (Firefox), with multipart params', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Firefox', version: '153.0' },
        entries: [
          {
            startedDateTime: '2026-01-01T08:00:00.000+08:00',
            time: 12,
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:8080/upload',
              headers: [{ name: 'X-A', value: '1' }],
              postData: {
                mimeType: 'multipart/form-data; boundary=---------------------------1',
                params: [
                  { name: 'a', value: 'b' },
                  { name: 'f', fileName: 'x.txt', contentType: 'text/plain' },
                  { name: 42 },
                ],
              },
              bodySize: 100,
            },
            response: { status: 500, headers: [], content: { size: 2, mimeType: 'text/plain', text: 'no' } },
            timings: { send: 1, wait: 10, receive: 1 },
          },
          {
            startedDateTime: '2026-01-01T00:00:01Z',
            request: { method: 'GET', url: 'http://127.0.0.1:8080/download?bytes=9' },
            response: { status: 200 },
            timings: {},
          },
          {
            startedDateTime: '2026-01-01T00:00:02Z',
            request: { method: 'PUT', url: 'http://127.0.0.1:8080/put' },
            response: { status: 200 },
          },
        ],
      },
    };
    const { tasks, skipped } = imported(harToTasks(JSON.stringify(har)));
    expect(skipped).toBe(1);
    expect(tasks[0]).toMatchObject({
      kind: 'upload',
      status: 'success',
      statusCode: 500,
      responsePreview: 'no',
      body: [
        { name: 'a', value: 'b' },
        { name: 'f', file: { name: 'x.txt', size: 0, type: 'text/plain' } },
      ],
      times: { created: Date.parse('2026-01-01T00:00:00Z') },
    });
    expect(tasks[1]).toMatchObject({ kind: 'download', bytes: 0, requestHeaders: {}, responseHeaders: {} });
  });
});

/** The types inside a record, checked independently of shared/task-read.ts, for the fuzz test. */
function deepShapeProblems(task: TaskRecord): string[] {
  const problems: string[] = [];
  const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
  const strings = (map: unknown) =>
    map === undefined ||
    (typeof map === 'object' && map !== null && Object.values(map).every((v) => typeof v === 'string'));
  if (!Object.values(task.times).every(finite)) problems.push('times');
  if (!task.probes.every((probe) => probe === 'uni' || probe === 'xhr')) problems.push('probes');
  if (!task.progress.every((p) => finite(p[0]) && finite(p[1]) && (p[2] === null || finite(p[2]))))
    problems.push('progress');
  if (!task.callbacks.every((c) => finite(c.at) && ['success', 'fail', 'complete'].includes(c.name)))
    problems.push('callbacks');
  if (!task.appActions.every((a) => finite(a.at) && typeof a.action === 'string')) problems.push('appActions');
  if (!strings(task.requestHeaders) || !strings(task.responseHeaders)) problems.push('headers');
  const partOk = (part: BodyPart) =>
    typeof part.name === 'string' &&
    (part.file === undefined
      ? typeof part.value === 'string'
      : typeof part.file.name === 'string' && finite(part.file.size) && typeof part.file.type === 'string');
  if (task.body !== undefined && !(Array.isArray(task.body) && task.body.every(partOk))) problems.push('body');
  if (
    task.call !== undefined &&
    (typeof task.call.url !== 'string' || !strings(task.call.header) || !strings(task.call.formData))
  ) {
    problems.push('call');
  }
  for (const key of ['method', 'stack', 'errMsg', 'responsePreview', 'tempFilePath'] as const) {
    if (task[key] !== undefined && typeof task[key] !== 'string') problems.push(key);
  }
  for (const key of ['statusCode', 'responseSize', 'devtoolsAbortAt'] as const) {
    if (task[key] !== undefined && !finite(task[key])) problems.push(key);
  }
  if (task.replays !== undefined && !task.replays.every((id) => typeof id === 'string' && id.length <= 64)) {
    problems.push('replays');
  }
  return problems;
}

describe('harToTasks: what it refuses', () => {
  const code = (text: string) => {
    const result = harToTasks(text);
    return result.ok ? 'ok' : result.error.code;
  };

  it('names each failure', () => {
    const valid = JSON.stringify(exportAll(false));
    expect(code(valid.slice(0, valid.length / 2))).toBe('not-json');
    expect(code('')).toBe('not-json');
    expect(code('<html></html>')).toBe('not-json');
    expect(code('{}')).toBe('not-har');
    expect(code('[]')).toBe('not-har');
    expect(code('null')).toBe('not-har');
    expect(code('{"log":{}}')).toBe('not-har');
    expect(code('{"log":{"entries":{}}}')).toBe('not-har');
    expect(code('{"log":{"entries":[]}}')).toBe('no-transfers');
    expect(code('{"log":{"entries":[1,"x",null,[],{},{"request":5},{"request":{"url":7}}]}}')).toBe('no-transfers');
    expect(code(`\ufeff${valid}`)).toBe('ok');
  });

  it('refuses text over 100 MB before parsing it', () => {
    const huge = ' '.repeat(MAX_HAR_CHARS + 1);
    const started = performance.now();
    expect(code(huge)).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses more than 50,000 entries, and takes 50,000', () => {
    expect(
      code(
        `{"log":{"entries":[${Array(MAX_HAR_ENTRIES + 1)
          .fill('{}')
          .join(',')}]}}`,
      ),
    ).toBe('too-many');
    const entry = JSON.stringify({
      startedDateTime: '2026-01-01T00:00:00Z',
      request: { method: 'GET', url: 'http://127.0.0.1/d' },
      response: { status: 200 },
    });
    const atLimit = harToTasks(`{"log":{"entries":[${Array(MAX_HAR_ENTRIES).fill(entry).join(',')}]}}`);
    if (!atLimit.ok) throw new Error(atLimit.error.code);
    expect(atLimit.tasks).toHaveLength(MAX_HAR_ENTRIES);
    expect(new Set(atLimit.tasks.map((task) => task.id)).size).toBe(MAX_HAR_ENTRIES);
    expect(atLimit.tasks.every((task) => task.id.length <= 64 && isTaskRecord(task))).toBe(true);
  });

  it('survives deeply nested garbage', () => {
    for (const text of [
      '['.repeat(1_000_000),
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `{"log":{"entries":[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]}}`,
      `{"log":{"entries":[{"request":{"url":"http://x/","method":"GET"},"startedDateTime":"2026-01-01T00:00:00Z","_uniTask":{"id":"a","kind":"download","status":"success","origin":"app","callbacks":[{"at":1,"name":"success","arg":${'['.repeat(5000)}${']'.repeat(5000)}}]}}]}}`,
    ]) {
      expect(() => harToTasks(text)).not.toThrow();
    }
    const nestedArg = harToTasks(
      `{"log":{"entries":[{"request":{"url":"http://x/"},"startedDateTime":"2026-01-01T00:00:00Z","_uniTask":{"id":"a","kind":"download","status":"success","origin":"app","callbacks":[{"at":1,"name":"success","arg":${'['.repeat(5000)}${']'.repeat(5000)}}]}}]}}`,
    );
    expect(nestedArg.ok && nestedArg.tasks[0]?.callbacks[0]?.arg).toBeNull();
  });

  it('never throws and only yields valid records, whatever the bytes or the types (fuzz)', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
    const oddValues: unknown[] = [
      null,
      true,
      -1,
      1e308,
      '',
      'x'.repeat(100),
      [],
      {},
      [null],
      { __proto__: 1 },
      'NaN',
      -0,
      [[1, 2, 3]],
      { name: 1 },
    ];
    const base = JSON.stringify(exportAll(true).log.entries.concat(chromeHar().log.entries as never[]));
    const check = (text: string) => {
      let result: HarImportResult | undefined;
      expect(() => {
        result = harToTasks(text);
      }).not.toThrow();
      if (result?.ok) {
        for (const task of result.tasks) {
          expect(isTaskRecord(task)).toBe(true);
          expect(task.id.length).toBeLessThanOrEqual(64);
          expect(() => JSON.stringify(task)).not.toThrow();
          expect(deepShapeProblems(task), task.id).toEqual([]);
        }
      }
    };
    // Byte-level: truncations and character flips.
    for (let round = 0; round < 200; round++) {
      const text = `{"log":{"entries":${base}}}`;
      const at = Math.floor(random() * text.length);
      check(text.slice(0, at));
      const chars = [...text];
      for (let flips = 0; flips < 5; flips++) {
        chars[Math.floor(random() * chars.length)] = pick(['"', '{', '}', '[', ']', ',', ':', '0', 'a', '\\']);
      }
      check(chars.join(''));
    }
    // Structure-level: any value replaced by a value of another type.
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (typeof value !== 'object' || value === null) return [prefix];
      return [
        prefix,
        ...Object.entries(value).flatMap(([key, item]) =>
          paths(item, [...prefix, Array.isArray(value) ? Number(key) : key]),
        ),
      ];
    };
    const template = JSON.parse(`{"log":{"entries":${base}}}`);
    const allPaths = paths(template).filter((path) => path.length > 0);
    for (let round = 0; round < 1000; round++) {
      const har = JSON.parse(`{"log":{"entries":${base}}}`);
      for (let changes = 0; changes < 3; changes++) {
        const path = pick(allPaths);
        let parent = har;
        for (const key of path.slice(0, -1)) parent = parent?.[key];
        if (typeof parent === 'object' && parent !== null)
          parent[path[path.length - 1] as string] = structuredClone(pick(oddValues));
      }
      check(JSON.stringify(har));
    }
  });
});

// The page chose every header, URL and name; the developer attaches the HAR to a bug report.
describe('tasksToHar against a hostile or careless page', () => {
  function taskWithCredentials(): TaskRecord {
    const url =
      'https://user:pw@api.test/upload?access_token=a1&accessToken=a2&api_key=a3&apikey=a4&sign=a5' +
      '&X-Amz-Signature=a6&sessionId=a7&appsecret=a8&keyword=cats&page=2&design=x#id_token=a9&tab=2';
    const task = sampleUpload();
    task.url = url;
    task.requestHeaders = {
      'X-Auth-Token': 't1',
      'x-api-key': 't2',
      'X-Signature': 't3',
      'X-Session-Id': 't4',
      'X-Client-Secret': 't5',
      'X-Password': 't6',
      'X-Trace': 'kept',
      Accept: 'application/json',
    };
    task.responseHeaders = { 'X-Refresh-Token': 't7', 'content-type': 'application/json' };
    if (task.call) task.call = { ...task.call, url, header: { 'X-Access-Key': 't8', 'X-Trace': 'kept' } };
    return task;
  }
  const secrets = ['pw@', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 't1', 't2', 't3', 't4', 't5', 't6'];

  it('redacts token-like headers, URL user info and credential query parameters, by default', () => {
    const entry = exportAll(false, [taskWithCredentials()]).log.entries[0];
    const values = (headers: { name: string; value: string }[] = []) =>
      Object.fromEntries(headers.map((header) => [header.name, header.value]));
    expect(values(entry?.request.headers)).toEqual({
      'X-Auth-Token': REDACTED,
      'x-api-key': REDACTED,
      'X-Signature': REDACTED,
      'X-Session-Id': REDACTED,
      'X-Client-Secret': REDACTED,
      'X-Password': REDACTED,
      'X-Trace': 'kept',
      Accept: 'application/json',
    });
    expect(values(entry?.response.headers)).toEqual({
      'X-Refresh-Token': REDACTED,
      'content-type': 'application/json',
    });
    const redactedUrl =
      'https://[redacted]@api.test/upload?access_token=[redacted]&accessToken=[redacted]&api_key=[redacted]' +
      '&apikey=[redacted]&sign=[redacted]&X-Amz-Signature=[redacted]&sessionId=[redacted]&appsecret=[redacted]' +
      '&keyword=cats&page=2&design=x#id_token=[redacted]&tab=2';
    expect(entry?.request.url).toBe(redactedUrl);
    expect(entry?._uniTask.call?.url).toBe(redactedUrl);
    expect(entry?._uniTask.call?.header).toEqual({ 'X-Access-Key': REDACTED, 'X-Trace': 'kept' });
    expect(values(entry?.request.queryString)).toMatchObject({
      access_token: REDACTED,
      'X-Amz-Signature': REDACTED,
      keyword: 'cats',
      page: '2',
      design: 'x',
    });
    const json = JSON.stringify(entry);
    for (const secret of [...secrets, 't7', 't8']) expect(json).not.toContain(`${secret}"`);
    expect(json).not.toMatch(/=a\d|user:pw/);
    expectValidHar(exportAll(false, [taskWithCredentials()]));
  });

  it('keeps everything with the keep option, and never changes the record', () => {
    const task = taskWithCredentials();
    const before = JSON.stringify(task);
    exportAll(false, [task]);
    expect(JSON.stringify(task)).toBe(before);
    const kept = exportAll(true, [task]).log.entries[0];
    expect(kept?.request.url).toBe(task.url);
    expect(kept?._uniTask.call?.url).toBe(task.url);
    expect(kept?.request.headers).toContainEqual({ name: 'X-Auth-Token', value: 't1' });
    expect(kept?._uniTask.call?.header).toEqual({ 'X-Access-Key': 't8', 'X-Trace': 'kept' });
  });

  it('writes JSON that reads back exactly, whatever the page put in names and values', () => {
    const nasty = `"\\'</script><!-- \u0000\u0007\u001b[2J\n\u2028\u2029\u202e\ud800 \udc00 ${'\\'}u0022`;
    const task = sampleUpload();
    task.url = `http://127.0.0.1/?q=${nasty}`;
    task.body = [
      { name: nasty, value: nasty },
      { name: 'f', file: { name: `../../${nasty}.exe`, size: 1, type: nasty } },
    ];
    task.responsePreview = nasty;
    const har = exportAll(true, [task]);
    const text = JSON.stringify(har, null, 2);
    // Well-formed (lone surrogates escaped as \ud800, not written raw), and no raw control character.
    expect(/\p{Cs}/u.test(text)).toBe(false);
    expect([...text].filter((char) => char < ' ' && char !== '\n')).toEqual([]);
    const back = JSON.parse(text) as Har;
    expect(back.log.entries[0]?.request.postData?.params).toEqual([
      { name: nasty, value: nasty },
      { name: 'f', fileName: `../../${nasty}.exe`, contentType: nasty, _fileSize: 1 },
    ]);
    expect(back.log.entries[0]?.response.content.text).toBe(nasty);
  });
});
