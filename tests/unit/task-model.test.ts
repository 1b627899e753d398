import { describe, expect, it } from 'vitest';
import { applyTaskEvent, errMsgFor, newTaskRecord, type TaskEvent } from '../../shared/task-model';

const created: Extract<TaskEvent, { type: 'created' }> = {
  type: 'created',
  taskId: 't1',
  at: 1000,
  kind: 'download',
  origin: 'app',
  probe: 'xhr',
  url: 'http://127.0.0.1/download',
};

describe('errMsgFor', () => {
  it('matches the errMsg values uni reports', () => {
    expect(errMsgFor('upload', 'load')).toBe('uploadFile:ok');
    expect(errMsgFor('upload', 'error')).toBe('uploadFile:fail');
    expect(errMsgFor('download', 'abort')).toBe('downloadFile:fail abort');
    expect(errMsgFor('download', 'timeout')).toBe('downloadFile:fail timeout');
  });
});

describe('applyTaskEvent', () => {
  it('follows a download through its lifecycle', () => {
    const record = newTaskRecord(created);
    expect(record.status).toBe('pending');
    applyTaskEvent(record, { type: 'open', taskId: 't1', at: 1001, method: 'GET', url: created.url });
    applyTaskEvent(record, { type: 'send', taskId: 't1', at: 1002, requestHeaders: { 'X-A': '1' } });
    expect(record.status).toBe('running');
    applyTaskEvent(record, { type: 'headers', taskId: 't1', at: 1003, statusCode: 200, responseHeaders: {} });
    applyTaskEvent(record, { type: 'progress', taskId: 't1', at: 1004, loaded: 10, total: 20 });
    applyTaskEvent(record, { type: 'progress', taskId: 't1', at: 1005, loaded: 20, total: 20 });
    applyTaskEvent(record, { type: 'end', taskId: 't1', at: 1006, outcome: 'load', statusCode: 200, responseSize: 20 });
    expect(record).toMatchObject({
      status: 'success',
      statusCode: 200,
      errMsg: 'downloadFile:ok',
      bytes: 20,
      total: 20,
      progressEvents: 2,
      responseSize: 20,
      times: { created: 1000, open: 1001, send: 1002, headers: 1003, end: 1006 },
    });
  });

  it('marks an HTTP 500 as success, as uni does', () => {
    const record = newTaskRecord(created);
    applyTaskEvent(record, { type: 'end', taskId: 't1', at: 1, outcome: 'load', statusCode: 500 });
    expect(record.status).toBe('success');
    expect(record.statusCode).toBe(500);
  });

  it('tells a timeout (fail) from an abort', () => {
    const timedOut = applyTaskEvent(newTaskRecord(created), { type: 'end', taskId: 't1', at: 1, outcome: 'timeout' });
    expect([timedOut.status, timedOut.errMsg]).toEqual(['fail', 'downloadFile:fail timeout']);
    const aborted = applyTaskEvent(newTaskRecord(created), { type: 'end', taskId: 't1', at: 1, outcome: 'abort' });
    expect([aborted.status, aborted.errMsg]).toEqual(['abort', 'downloadFile:fail abort']);
  });

  it('keeps no status code where no HTTP answer came (an XHR status 0: offline, refused, cut)', () => {
    const record = newTaskRecord(created);
    applyTaskEvent(record, { type: 'headers', taskId: 't1', at: 1, statusCode: 0, responseHeaders: {} });
    applyTaskEvent(record, { type: 'end', taskId: 't1', at: 2, outcome: 'error', statusCode: 0 });
    expect(record.statusCode).toBeUndefined();
    applyTaskEvent(record, { type: 'end', taskId: 't1', at: 3, outcome: 'load', statusCode: 0 });
    expect(record.statusCode).toBeUndefined();
    expect(record).not.toHaveProperty('statusCode', 0);
  });

  it('ignores events of another task', () => {
    const record = newTaskRecord(created);
    applyTaskEvent(record, { type: 'end', taskId: 'other', at: 1, outcome: 'load' });
    expect(record.status).toBe('pending');
  });
});

describe('file resolution', () => {
  const upload = { ...created, kind: 'upload' as const };
  it('records when uni resolved the file', () => {
    const record = applyTaskEvent(newTaskRecord(upload), {
      type: 'file',
      taskId: 't1',
      at: 5,
      url: 'blob:x',
      ok: true,
    });
    expect([record.times.fileResolved, record.status]).toEqual([5, 'pending']);
  });

  it('reports file error when uni cannot get the file and no callback tells', () => {
    const record = applyTaskEvent(newTaskRecord(upload), { type: 'file', taskId: 't1', at: 5, url: '', ok: false });
    expect([record.status, record.errMsg]).toEqual(['fail', 'uploadFile:fail file error']);
  });

  it("lets uni's own callback win over the derived verdict", () => {
    const record = newTaskRecord(upload);
    applyTaskEvent(record, {
      type: 'callback',
      taskId: 't1',
      at: 4,
      name: 'fail',
      arg: { errMsg: 'uploadFile:fail abort' },
    });
    applyTaskEvent(record, { type: 'file', taskId: 't1', at: 5, url: '', ok: false });
    expect([record.status, record.errMsg]).toEqual(['abort', 'uploadFile:fail abort']);
  });
});

describe('a task frozen with its page in the back/forward cache (issue 19)', () => {
  it('is marked while suspended, keeps its status, and loses the mark on resume or at its end', () => {
    const record = newTaskRecord(created);
    applyTaskEvent(record, { type: 'send', taskId: 't1', at: 1002, requestHeaders: {} });
    applyTaskEvent(record, { type: 'suspend', taskId: 't1', at: 1500, reason: 'bfcache' });
    expect(record).toMatchObject({ status: 'running', suspended: { reason: 'bfcache', at: 1500 } });
    applyTaskEvent(record, { type: 'resume', taskId: 't1', at: 9000 });
    expect(record.suspended).toBeUndefined();
    applyTaskEvent(record, { type: 'suspend', taskId: 't1', at: 9500, reason: 'bfcache' });
    applyTaskEvent(record, { type: 'end', taskId: 't1', at: 9900, outcome: 'unload' });
    expect(record).toMatchObject({ status: 'abort', abortedBy: 'unload' });
    expect(record.suspended).toBeUndefined();
    // A finished task is never marked.
    applyTaskEvent(record, { type: 'suspend', taskId: 't1', at: 9950, reason: 'bfcache' });
    expect(record.suspended).toBeUndefined();
  });
});
