// Who may reach the hub (plugin/hub-origin.ts): Host as Vite's allowedHosts check takes it, Origin same-origin for
// the viewer and same-site (another port of the same host) for devices and beacons, no Origin for clients that
// are not web pages.

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName, type OriginPolicy, requestAllowed } from '../../plugin/hub-origin';

const req = (host: string | undefined, origin?: string) =>
  ({
    headers: { ...(host === undefined ? {} : { host }), ...(origin === undefined ? {} : { origin }) },
  }) as IncomingMessage;

describe('Host', () => {
  it('takes IPs, loopback names and listed names (a leading dot: the name and its subdomains), as Vite does', () => {
    const policy: OriginPolicy = { allowedHosts: ['dev.lan', '.corp.example'] };
    for (const host of ['192.168.1.5:5173', '[::1]:5173', 'localhost:5173', 'app.localhost', 'dev.lan:80']) {
      expect(hostAllowed(host, policy), host).toBe(true);
    }
    for (const host of ['corp.example', 'a.corp.example:1']) expect(hostAllowed(host, policy), host).toBe(true);
    for (const host of ['evil.example', 'dev.lan.evil.example', '[nope]:1', 'a b', '']) {
      expect(hostAllowed(host, policy), host).toBe(false);
    }
    expect(hostAllowed(undefined, policy)).toBe(true);
    expect(hostAllowed('evil.example', { allowedHosts: true })).toBe(true);
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Example.COM:80')).toBe('example.com');
  });
});

describe('Origin', () => {
  it('takes the server’s own origin by any name it is reached by, and no Origin at all', () => {
    expect(requestAllowed(req('192.168.1.5:5173', 'http://192.168.1.5:5173'), {}, false)).toBe(true);
    expect(requestAllowed(req('localhost:5173', 'http://localhost:5173'), {}, false)).toBe(true);
    expect(requestAllowed(req('192.168.1.5:5173'), {}, false)).toBe(true);
  });

  it('gives the viewer only the same origin; devices also another port of the same host, or a listed origin', () => {
    const policy: OriginPolicy = { allowedOrigins: ['http://test-box.lan:8080'] };
    const otherPort = req('192.168.1.5:5199', 'http://192.168.1.5:8080');
    expect(requestAllowed(otherPort, policy, false)).toBe(false);
    expect(requestAllowed(otherPort, policy, true)).toBe(true);
    expect(requestAllowed(req('127.0.0.1:5199', 'http://localhost:8080'), policy, true)).toBe(true);
    expect(requestAllowed(req('192.168.1.5:5199', 'http://test-box.lan:8080'), policy, true)).toBe(true);
    expect(requestAllowed(req('192.168.1.5:5199', 'http://test-box.lan:8080'), policy, false)).toBe(false);
  });

  it('refuses other sites, `null`, non-http origins and a rebound name', () => {
    for (const origin of [
      'http://evil.example',
      'null',
      'file://',
      'chrome-extension://abc',
      'http://192.168.1.6:5173',
    ]) {
      expect(requestAllowed(req('192.168.1.5:5173', origin), {}, true), origin).toBe(false);
    }
    expect(requestAllowed(req('evil.example:5173', 'http://evil.example:5173'), {}, true)).toBe(false);
  });
});
