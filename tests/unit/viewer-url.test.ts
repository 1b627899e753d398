// The viewer line's URL (plugin/viewer-url.ts): the LAN address when the server listens on every interface, as
// phones reach the dev server over the LAN; the token encoded.

import { describe, expect, it } from 'vitest';
import { lanAddress, listeningOrigin, VIEWER_LINE_PREFIX, viewerUrl } from '../../plugin/viewer-url';

describe('the viewer URL', () => {
  it('uses the address the server listens on, or the LAN address for a wildcard', () => {
    expect(listeningOrigin({ address: '127.0.0.1', family: 'IPv4', port: 5173 }, false)).toBe('http://127.0.0.1:5173');
    expect(listeningOrigin({ address: '::1', family: 'IPv6', port: 5173 }, true)).toBe('https://[::1]:5173');
    const lan = lanAddress();
    expect(listeningOrigin({ address: '0.0.0.0', family: 'IPv4', port: 80 }, false)).toBe(
      `http://${lan ?? 'localhost'}:80`,
    );
    if (lan) expect(lan).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(listeningOrigin(null, false)).toBeUndefined();
    expect(listeningOrigin('/tmp/socket', false)).toBeUndefined();
  });

  it('carries the token, encoded, after the exact line prefix tests and users look for', () => {
    expect(viewerUrl('http://192.168.1.5:5173', 'a+b/c')).toBe(
      'http://192.168.1.5:5173/__uni-transfers/?token=a%2Bb%2Fc',
    );
    expect(VIEWER_LINE_PREFIX).toBe('  uni Transfers viewer: ');
  });
});
