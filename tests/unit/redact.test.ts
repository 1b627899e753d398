// HAR redaction of credentials the first version missed (issue 16, point 10): path parameters (`;jsessionid=`),
// URLs inside Location / Content-Location / Link / Refresh header values, X-Jwt / X-Bearer-style header names,
// signed-URL parameters, and URLs in the uni call's filePath and files[].uri and in a callback's argument.

import { describe, expect, it } from 'vitest';
import { REDACTED, tasksToHar } from '../../shared/har';
import { isSensitiveHeader, redactHeaderValue, redactUrl } from '../../shared/redact';
import type { TaskRecord } from '../../shared/task-model';
import { sampleDownload, sampleUpload } from './har-samples';

describe('redactUrl', () => {
  it('redacts credential-like path parameters, keeps the others', () => {
    expect(redactUrl('https://a.test/app;jsessionid=S3CR3T?x=1')).toBe(`https://a.test/app;jsessionid=${REDACTED}?x=1`);
    expect(redactUrl('/cart;JSESSIONID=S3CR3T;lang=en/item;v=2#top')).toBe(
      `/cart;JSESSIONID=${REDACTED};lang=en/item;v=2#top`,
    );
    expect(redactUrl('https://a.test/x;phpsessid=abc/y')).toBe(`https://a.test/x;phpsessid=${REDACTED}/y`);
  });

  it('redacts signed-URL parameters, and what signs along with a signature', () => {
    const s3 =
      'https://b.s3.amazonaws.com/f.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261207' +
      '&X-Amz-Date=20261207T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123' +
      '&X-Amz-Security-Token=tok';
    expect(redactUrl(s3)).toBe(
      `https://b.s3.amazonaws.com/f.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${REDACTED}` +
        `&X-Amz-Date=${REDACTED}&X-Amz-Expires=${REDACTED}&X-Amz-SignedHeaders=host&X-Amz-Signature=${REDACTED}` +
        `&X-Amz-Security-Token=${REDACTED}`,
    );
    expect(redactUrl('https://cdn.test/v.mp4?Expires=1700000000&Signature=zz&Key-Pair-Id=K1&Policy=pp')).toBe(
      `https://cdn.test/v.mp4?Expires=${REDACTED}&Signature=${REDACTED}&Key-Pair-Id=${REDACTED}&Policy=${REDACTED}`,
    );
    expect(redactUrl('https://g.test/o?GoogleAccessId=svc&Expires=1&Signature=q')).toBe(
      `https://g.test/o?GoogleAccessId=${REDACTED}&Expires=${REDACTED}&Signature=${REDACTED}`,
    );
    expect(redactUrl('https://x.test/f?sig=1&token=2&access_token=3')).toBe(
      `https://x.test/f?sig=${REDACTED}&token=${REDACTED}&access_token=${REDACTED}`,
    );
    // Without a signature, Expires is only a date.
    expect(redactUrl('https://x.test/f?Expires=1700000000&page=2')).toBe('https://x.test/f?Expires=1700000000&page=2');
  });
});

describe('header names and values', () => {
  it('takes any name holding token, jwt, bearer, auth, secret, session, key, signature or cookie', () => {
    for (const name of ['X-Jwt', 'x-bearer', 'X-Bearer-Token', 'JWT-Assertion', 'X-Credential', 'X-Signature'])
      expect(isSensitiveHeader(name), name).toBe(true);
    for (const name of ['Content-Type', 'X-Trace', 'Accept-Language', 'Location'])
      expect(isSensitiveHeader(name)).toBe(false);
  });

  it('redacts the URLs in Location, Content-Location, Link and Refresh, and any absolute URL', () => {
    expect(redactHeaderValue('Location', '/login;jsessionid=S1?next=%2F&token=T1')).toBe(
      `/login;jsessionid=${REDACTED}?next=%2F&token=${REDACTED}`,
    );
    expect(redactHeaderValue('content-location', 'https://a.test/r?access_token=T2')).toBe(
      `https://a.test/r?access_token=${REDACTED}`,
    );
    expect(
      redactHeaderValue('Link', '</page?p=2&session_id=T3>; rel="next", <https://a.test/x?sig=T4>; rel="prev"'),
    ).toBe(`</page?p=2&session_id=${REDACTED}>; rel="next", <https://a.test/x?sig=${REDACTED}>; rel="prev"`);
    expect(redactHeaderValue('Refresh', '5; url=/done?ticket=T5')).toBe(`5; url=/done?ticket=${REDACTED}`);
    expect(redactHeaderValue('X-Next', 'see https://a.test/n?apikey=T6 now')).toBe(
      `see https://a.test/n?apikey=${REDACTED} now`,
    );
    expect(redactHeaderValue('Content-Type', 'multipart/form-data; boundary=x')).toBe(
      'multipart/form-data; boundary=x',
    );
  });
});

describe('a HAR export with planted secrets', () => {
  function plantedTasks(): TaskRecord[] {
    const upload = sampleUpload();
    upload.url = 'https://api.test/upload;jsessionid=SECRET01?page=1';
    upload.requestHeaders = { 'X-Jwt': 'SECRET02', 'X-Bearer': 'SECRET03', 'X-Trace': 'kept' };
    upload.responseHeaders = {
      location: 'https://api.test/done?token=SECRET04',
      link: '<https://api.test/next?access_token=SECRET05>; rel="next"',
      refresh: '0; url=/again?session=SECRET06',
      'content-type': 'text/plain',
    };
    if (upload.call) {
      upload.call = {
        ...upload.call,
        url: upload.url,
        filePath: 'https://files.test/a.jpg?X-Amz-Credential=SECRET07&X-Amz-Signature=SECRET08',
        files: [{ name: 'f', uri: 'https://files.test/b.jpg?Expires=SECRET09&Signature=SECRET10' }],
      };
    }
    upload.callbacks = [
      {
        at: upload.times.created + 5,
        name: 'success',
        arg: { statusCode: 200, data: 'ok', header: { 'set-cookie': 'sid=SECRET11' }, errMsg: 'uploadFile:ok' },
      },
    ];
    const download = sampleDownload();
    download.url = 'https://cdn.test/v.mp4?Expires=1&Signature=SECRET12&Key-Pair-Id=SECRET13';
    return [upload, download];
  }

  it('leaves none of them in the file, and keeps the rest', () => {
    const json = JSON.stringify(tasksToHar(plantedTasks(), { keepSensitive: false, creatorVersion: '0' }));
    expect(json.match(/SECRET\d\d/g) ?? []).toEqual([]);
    for (const kept of ['"kept"', 'page=1', 'rel=\\"next\\"', '"text/plain"', 'uploadFile:ok'])
      expect(json).toContain(kept);
  });

  it('keeps every one with the keep option', () => {
    const json = JSON.stringify(tasksToHar(plantedTasks(), { keepSensitive: true, creatorVersion: '0' }));
    expect(new Set(json.match(/SECRET\d\d/g)).size).toBe(13);
  });
});
