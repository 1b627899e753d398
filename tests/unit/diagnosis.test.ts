// The diagnosis (shared/diagnosis.ts) of records folded from the events the agent emits, as the panel folds them.

import { describe, expect, it } from 'vitest';
import { diagnose, isForbiddenHeader } from '../../shared/diagnosis';
import type { NetworkEvidence } from '../../shared/diagnosis-network';
import { applyTaskEvent, type CallInfo, newTaskRecord, type TaskEvent, type TaskRecord } from '../../shared/task-model';

const PAGE = 'http://127.0.0.1:5173';

type Step = TaskEvent extends infer E ? (E extends { taskId: string; at: number } ? Omit<E, 'taskId'> : never) : never;

function task(kind: 'upload' | 'download', url: string, steps: Step[], call?: Partial<CallInfo>): TaskRecord {
  const created = { type: 'created', taskId: 't1', at: 1000, kind, origin: 'app', probe: 'uni', url } as const;
  let record = newTaskRecord(call ? { ...created, call: { url, mode: 'callback', ...call } } : created);
  for (const step of steps) record = applyTaskEvent(record, { ...step, taskId: 't1' } as TaskEvent);
  return record;
}

const opened = (method: string, url: string): Step[] => [
  { type: 'open', at: 1001, method, url },
  { type: 'send', at: 1002, requestHeaders: {} },
];
const causes = (record: TaskRecord, pageOrigin = PAGE) =>
  diagnose(record, { pageOrigin }).map((found) => `${found.cause}:${found.certainty}`);

describe('diagnosis', () => {
  it('finds nothing in a healthy upload and download', () => {
    const up = task('upload', `${PAGE}/upload`, [
      ...opened('POST', `${PAGE}/upload`),
      { type: 'progress', at: 1010, loaded: 100, total: 100 },
      { type: 'headers', at: 1020, statusCode: 200, responseHeaders: {} },
      { type: 'end', at: 1030, outcome: 'load', statusCode: 200 },
    ]);
    const down = task('download', `${PAGE}/file`, [
      ...opened('GET', `${PAGE}/file`),
      { type: 'headers', at: 1020, statusCode: 200, responseHeaders: { 'content-length': '100' } },
      { type: 'progress', at: 1025, loaded: 100, total: 100 },
      { type: 'end', at: 1030, outcome: 'load', statusCode: 200 },
    ]);
    expect(diagnose(up, { pageOrigin: PAGE })).toEqual([]);
    expect(diagnose(down, { pageOrigin: PAGE })).toEqual([]);
  });

  it("uni's whole-transfer timer: the timeout, where it was set, and that bytes were still moving", () => {
    const record = task(
      'upload',
      `${PAGE}/upload`,
      [
        ...opened('POST', `${PAGE}/upload`),
        { type: 'progress', at: 1500, loaded: 400_000, total: 1_000_000 },
        { type: 'progress', at: 2900, loaded: 900_000, total: 1_000_000 },
        { type: 'end', at: 3000, outcome: 'timeout' },
      ],
      { timeout: 2000 },
    );
    expect(diagnose(record)).toEqual([
      {
        cause: 'uni-timeout',
        certainty: 'certain',
        evidence: {
          timeoutMs: 2000,
          setBy: 'call',
          elapsedMs: 2000,
          bytes: 900_000,
          total: 1_000_000,
          stillMoving: true,
        },
      },
    ]);
  });

  it('an HTTP error that uni calls success: the status and the start of the server text; 413 by name', () => {
    const answered = (status: number) =>
      task('upload', `${PAGE}/upload`, [
        ...opened('POST', `${PAGE}/upload`),
        { type: 'headers', at: 1020, statusCode: status, responseHeaders: {} },
        { type: 'end', at: 1030, outcome: 'load', statusCode: status, responsePreview: 'Request Entity Too Large' },
        { type: 'callback', at: 1031, name: 'success', arg: { statusCode: status } },
      ]);
    expect(diagnose(answered(500))[0]).toMatchObject({
      cause: 'http-error',
      evidence: { status: 500, callback: 'success', serverText: 'Request Entity Too Large' },
    });
    expect(causes(answered(413))).toEqual(['payload-too-large:certain']);
  });

  it('a bare fail to another origin is CORS or an unreachable server: both, likely', () => {
    const api = 'http://127.0.0.1:9999/upload';
    const record = task('upload', api, [...opened('POST', api), { type: 'end', at: 1030, outcome: 'error' }]);
    expect(causes(record)).toEqual(['cors:likely', 'unreachable:likely']);
    expect(causes(record, 'http://127.0.0.1:9999')).toEqual(['unreachable:likely', 'offline:likely']);
  });

  it('a download cut after its headers lost the connection, with the bytes done', () => {
    const url = `${PAGE}/file`;
    const record = task('download', url, [
      ...opened('GET', url),
      { type: 'headers', at: 1020, statusCode: 200, responseHeaders: {} },
      { type: 'progress', at: 1025, loaded: 50, total: 100 },
      { type: 'end', at: 1030, outcome: 'error' },
    ]);
    expect(diagnose(record, { pageOrigin: PAGE })).toEqual([
      { cause: 'connection-lost', certainty: 'certain', evidence: { url, elapsedMs: 30, bytes: 50, total: 100 } },
    ]);
  });

  it("headers the browser drops, a Content-Type that breaks the boundary, an empty file, uni's file error", () => {
    const url = `${PAGE}/upload`;
    const record = task(
      'upload',
      url,
      [
        { type: 'open', at: 1001, method: 'POST', url },
        {
          type: 'send',
          at: 1002,
          requestHeaders: {},
          body: [{ name: 'file', file: { name: 'a.png', size: 0, type: '' } }],
        },
        { type: 'headers', at: 1020, statusCode: 200, responseHeaders: {} },
        { type: 'end', at: 1030, outcome: 'load', statusCode: 200 },
      ],
      { header: { Referer: 'https://app.example', 'Content-Type': 'multipart/form-data', 'X-Token': 't' } },
    );
    expect(causes(record)).toEqual(['forbidden-header:certain', 'content-type-override:certain', 'empty-file:certain']);
    expect(diagnose(record)[0]?.evidence).toEqual({ headers: 'Referer' });
    expect(diagnose(record)[1]?.evidence).toEqual({ contentType: 'multipart/form-data', boundary: false });

    const missing = task('upload', url, [{ type: 'file', at: 1003, url: 'blob:gone', ok: false }], {
      filePath: 'blob:gone',
    });
    expect(diagnose(missing)).toEqual([
      { cause: 'file-unreadable', certainty: 'certain', evidence: { filePath: 'blob:gone' } },
    ]);
    expect(['Cookie', 'content-length', 'Sec-Fetch-Mode', 'Proxy-Authorization'].every(isForbiddenHeader)).toBe(true);
    expect(isForbiddenHeader('Authorization')).toBe(false);
  });

  it('a download without Content-Length (the app saw NaN or Infinity as progress)', () => {
    const url = `${PAGE}/file`;
    const record = task('download', url, [
      ...opened('GET', url),
      { type: 'headers', at: 1020, statusCode: 200, responseHeaders: { 'Transfer-Encoding': 'chunked' } },
      { type: 'progress', at: 1025, loaded: 262_144, total: null },
      { type: 'end', at: 1030, outcome: 'load', statusCode: 200 },
    ]);
    expect(diagnose(record)).toEqual([
      {
        cause: 'no-content-length',
        certainty: 'certain',
        evidence: { bytes: 262_144, contentEncoding: null, transferEncoding: 'chunked' },
      },
    ]);
  });

  it('aborts say who aborted; a network condition is named instead of a real cause', () => {
    const url = `${PAGE}/upload`;
    const byApp = task('upload', url, [
      ...opened('POST', url),
      { type: 'app', at: 1010, action: 'abort' },
      { type: 'end', at: 1011, outcome: 'abort' },
    ]);
    expect(causes(byApp)).toEqual(['aborted-by-app:certain']);
    const simulated = task('upload', url, [
      ...opened('POST', url),
      { type: 'condition', at: 1003, condition: { ruleId: 'r1', effect: 'fail', detail: 'failed at 50 %' } },
      { type: 'end', at: 1030, outcome: 'error' },
    ]);
    expect(diagnose(simulated)).toEqual([
      { cause: 'condition', certainty: 'certain', evidence: { rule: 'r1', effect: 'fail', detail: 'failed at 50 %' } },
    ]);
  });

  it("names the configured timer: networkTimeout's key by API and Vue version, the default, never a contradicted value", () => {
    const timedOut = (kind: 'upload' | 'download', endAt: number, seen = true) =>
      task(
        kind,
        `${PAGE}/x`,
        [...opened('POST', `${PAGE}/x`), { type: 'end', at: endAt, outcome: 'timeout' }],
        seen ? {} : undefined,
      );
    const timer = (record: TaskRecord, context: Parameters<typeof diagnose>[1]) => {
      const { timeoutMs, setBy } = diagnose(record, { pageOrigin: PAGE, ...context })[0]?.evidence ?? {};
      return { timeoutMs, setBy };
    };
    const config = { networkTimeout: { request: 5000, uploadFile: 8000, downloadFile: 9000 } };
    expect(timer(timedOut('upload', 9000), { ...config, vue: 3 })).toEqual({
      timeoutMs: 8000,
      setBy: '__uniConfig.networkTimeout.uploadFile',
    });
    expect(timer(timedOut('download', 10000), { ...config, vue: 3 })).toEqual({
      timeoutMs: 9000,
      setBy: '__uniConfig.networkTimeout.downloadFile',
    });
    // Vue 2's downloadFile reads networkTimeout.request.
    expect(timer(timedOut('download', 6000), { ...config, vue: 2 })).toEqual({
      timeoutMs: 5000,
      setBy: '__uniConfig.networkTimeout.request',
    });
    expect(timer(timedOut('upload', 61000), {})).toEqual({ timeoutMs: 60000, setBy: 'default' });
    // Cut after 400 ms while the page's config said 8 s: the app changed it later; the value is not claimed.
    expect(timer(timedOut('upload', 1400), config)).toEqual({
      timeoutMs: null,
      setBy: '__uniConfig.networkTimeout.uploadFile',
    });
    // The call unseen (no global uni): the configured timer only when the time matches it.
    expect(timer(timedOut('upload', 9000, false), config)).toEqual({
      timeoutMs: 8000,
      setBy: '__uniConfig.networkTimeout.uploadFile',
    });
    expect(timer(timedOut('upload', 1600, false), config)).toEqual({ timeoutMs: null, setBy: 'unseen' });
  });

  it('offline is certain when the browser said so at the error; a redirected upload likely lost its file', () => {
    const offline = task('upload', `${PAGE}/upload`, [
      ...opened('POST', `${PAGE}/upload`),
      { type: 'end', at: 1010, outcome: 'error', offline: true },
    ]);
    expect(causes(offline)).toEqual(['offline:certain']);
    const redirected = task('upload', `${PAGE}/upload`, [
      ...opened('POST', `${PAGE}/upload`),
      {
        type: 'headers',
        at: 1020,
        statusCode: 405,
        responseHeaders: {},
        responseUrl: `${PAGE}/login`,
      },
      { type: 'end', at: 1030, outcome: 'load', statusCode: 405 },
    ]);
    expect(causes(redirected)).toEqual(['http-error:certain', 'redirect-dropped-body:likely']);
    expect(diagnose(redirected, { pageOrigin: PAGE })[1]?.evidence).toEqual({
      url: `${PAGE}/upload`,
      responseUrl: `${PAGE}/login`,
      status: 405,
    });
  });

  it('without the page origin (an imported HAR), a bare failure may be CORS as well', () => {
    const failed = task('upload', `${PAGE}/upload`, [
      ...opened('POST', `${PAGE}/upload`),
      { type: 'end', at: 1010, outcome: 'error' },
    ]);
    expect(diagnose(failed, {}).map((found) => found.cause)).toEqual(['cors', 'unreachable']);
  });
});

describe("diagnosis with the browser's own network record (DevTools)", () => {
  const failedUpload = (url: string) =>
    task('upload', url, [...opened('POST', url), { type: 'end', at: 1010, outcome: 'error' }]);
  const OTHER = 'http://127.0.0.1:9';
  const withNetwork = (record: TaskRecord, network: NetworkEvidence) =>
    diagnose(record, { pageOrigin: PAGE, network }).map((found) => `${found.cause}:${found.certainty}`);

  it('a refused connection, offline, and CORS become certain; an unknown error leaves "likely"', () => {
    const refused = { status: 0, error: 'net::ERR_CONNECTION_REFUSED' };
    expect(withNetwork(failedUpload(`${OTHER}/up`), { ...refused, preflight: refused })).toEqual([
      'unreachable:certain',
    ]);
    expect(withNetwork(failedUpload(`${PAGE}/up`), { status: 0, error: 'net::ERR_INTERNET_DISCONNECTED' })).toEqual([
      'offline:certain',
    ]);
    const noCors = { status: 0, error: 'net::ERR_FAILED', preflight: { status: 204 } };
    expect(withNetwork(failedUpload(`${OTHER}/up`), noCors)).toEqual(['cors:certain']);
    expect(withNetwork(failedUpload(`${OTHER}/up`), { status: 0, preflight: { status: 403 } })).toEqual([
      'cors:certain',
    ]);
    // The answer came and the body broke off before the page saw the headers.
    expect(withNetwork(failedUpload(`${PAGE}/up`), { status: 200, error: 'net::ERR_CONTENT_LENGTH_MISMATCH' })).toEqual(
      ['connection-lost:certain'],
    );
    expect(withNetwork(failedUpload(`${OTHER}/up`), { status: 0, error: 'net::ERR_SOMETHING_NEW' })).toEqual([
      'cors:likely',
      'unreachable:likely',
    ]);
  });

  it("a redirect's status decides: 302 drops the file for certain, 307 keeps it", () => {
    const redirected = task('upload', `${PAGE}/upload`, [
      ...opened('POST', `${PAGE}/upload`),
      { type: 'headers', at: 1020, statusCode: 200, responseHeaders: {}, responseUrl: `${PAGE}/done` },
      { type: 'end', at: 1030, outcome: 'load', statusCode: 200 },
    ]);
    expect(withNetwork(redirected, { status: 302, redirectUrl: `${PAGE}/done` })).toEqual([
      'redirect-dropped-body:certain',
    ]);
    expect(withNetwork(redirected, { status: 307, redirectUrl: `${PAGE}/done` })).toEqual([]);
  });
});
