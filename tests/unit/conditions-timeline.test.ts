import { describe, expect, it } from 'vitest';
import {
  bytesPerMs,
  conditionDetail,
  cutAt,
  headerValue,
  multipartSize,
  pacedDurationMs,
  pacedLoaded,
  rawHeaders,
  sendsRequest,
  statusHeaders,
} from '../../agent/conditions/timeline';
import type { ConditionRule } from '../../shared/conditions';

const rule = (fields: Partial<ConditionRule>): ConditionRule => ({
  id: 'r',
  enabled: true,
  match: '',
  kind: 'any',
  effect: 'throttle',
  times: null,
  ...fields,
});

describe('conditions timeline', () => {
  it('paces a transfer by its rate, never ahead of the real transfer or past its end', () => {
    const rate = bytesPerMs(50); // 50 kB/s = 50 bytes/ms
    expect(rate).toBe(50);
    expect(pacedLoaded(rate, 100, 1e9, 10_000)).toBe(5000);
    expect(pacedLoaded(rate, 100, 3000, 10_000)).toBe(3000);
    expect(pacedLoaded(rate, 1000, 1e9, 10_000)).toBe(10_000);
    expect(pacedLoaded(null, 0, 700, 10_000)).toBe(700);
    expect(pacedLoaded(rate, -5, 1e9, 10)).toBe(0);
    expect(pacedDurationMs(rate, 10_000)).toBe(200);
    expect(pacedDurationMs(null, 10_000)).toBe(0);
    expect(bytesPerMs(undefined)).toBeNull();
    expect(bytesPerMs(0)).toBeNull();
  });

  it('is monotone in time', () => {
    let last = 0;
    for (let t = 0; t <= 300; t += 7) {
      const loaded = pacedLoaded(12.5, t, 2500, 3000);
      expect(loaded).toBeGreaterThanOrEqual(last);
      last = loaded;
    }
    expect(last).toBe(2500);
  });

  it('cuts a body at a share that uni rounds back to that share', () => {
    expect(cutAt(1000, 50)).toBe(500);
    expect(cutAt(999, 33)).toBe(329);
    expect(Math.round((cutAt(12345, 30) / 12345) * 100)).toBe(30);
    expect(cutAt(100, 150)).toBe(100);
    expect(cutAt(100, -1)).toBe(0);
  });

  it("sizes a FormData as Chromium encodes it (one file part: 1000 bytes of 'file' in a blob)", () => {
    // --boundary\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n<1000>\r\n--boundary--\r\n
    const size = multipartSize([{ name: 'file', file: { name: 'blob', size: 1000, type: '' } }]);
    const head = `--${'x'.repeat(38)}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    expect(size).toBe(head.length + 1000 + 2 + 2 + 38 + 4);
    const field = multipartSize([{ name: 'a', value: 'x\ny' }]);
    expect(field).toBe(`--${'x'.repeat(38)}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\ny\r\n`.length + 44);
  });

  it("gives a status answer's headers as getAllResponseHeaders and getResponseHeader do", () => {
    const raw = rawHeaders(
      statusHeaders(rule({ effect: 'status', status: 413, body: 'too big', contentType: 'text/plain' })),
    );
    expect(raw).toBe('content-length: 7\r\ncontent-type: text/plain\r\n');
    expect(headerValue(raw, 'Content-Type')).toBe('text/plain');
    expect(headerValue(raw, 'content-disposition')).toBeNull();
    expect(rawHeaders(statusHeaders(rule({ effect: 'status', status: 500 })))).toBe('content-length: 0\r\n');
  });

  it('says which effects send the request and what the server saw', () => {
    expect(sendsRequest(rule({ effect: 'offline' }), 'download')).toBe(false);
    expect(sendsRequest(rule({ effect: 'status', status: 500 }), 'upload')).toBe(false);
    expect(sendsRequest(rule({ effect: 'status', status: 500, reachServer: true }), 'upload')).toBe(true);
    expect(sendsRequest(rule({ effect: 'fail', atPercent: 5 }), 'upload')).toBe(false);
    expect(sendsRequest(rule({ effect: 'fail', atPercent: 5 }), 'download')).toBe(true);
    expect(conditionDetail(rule({ effect: 'status', status: 413 }), 'upload')).toBe(
      'status 413 (not sent to the server)',
    );
    expect(conditionDetail(rule({ effect: 'throttle', upKbps: 50 }), 'upload')).toContain('50 kB/s up');
    expect(conditionDetail(rule({ effect: 'throttle', upKbps: 50 }), 'upload')).toContain('full speed');
  });
});
