// The hub's HTTP side (plugin/hub-http.ts): the viewer page only with the token, assets and agent without, no
// way out of the assets folder, the stats, and everything else left to the next middleware.

import { afterEach, describe, expect, it } from 'vitest';
import { assetFile } from '../../plugin/hub-http';
import { type HubHarness, startHub, TOKEN } from './hub-harness';

let harness: HubHarness;

afterEach(async () => {
  await harness?.stop();
});

describe('viewer page', () => {
  it('serves index.html with the token; without, the same page (no data) as a 403; a wrong token goes to that', async () => {
    harness = await startHub();
    for (const path of [`/__uni-transfers/?token=${TOKEN}`, `/__uni-transfers/index.html?token=${TOKEN}`]) {
      const page = await harness.get(path);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>viewer</title>');
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    // The viewer's script shows viewer-no-token there, in the reader's language (tests/unit/viewer-no-token.test.tsx).
    const tokenless = await harness.get('/__uni-transfers/');
    expect(tokenless.status).toBe(403);
    expect(tokenless.body).toContain('<title>viewer</title>');
    expect(tokenless.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    for (const path of [`/__uni-transfers/?token=${TOKEN}0`, '/__uni-transfers/?token=']) {
      const wrong = await harness.get(path);
      expect(wrong.status).toBe(303);
      expect(wrong.headers.location).toBe('/__uni-transfers/');
    }
    // What holds data still refuses, with the plain text that says where the URL is.
    const stats = await harness.get(`/__uni-transfers/stats?token=${TOKEN}0`);
    expect(stats.status).toBe(403);
    expect(stats.body).toContain('开发服务器');
  });

  it('redirects the base without its slash, keeping the query', async () => {
    harness = await startHub();
    const page = await harness.get(`/__uni-transfers?token=${TOKEN}`);
    expect(page.status).toBe(308);
    expect(page.headers.location).toBe(`/__uni-transfers/?token=${TOKEN}`);
  });
});

describe('files', () => {
  it('serves assets and the agent without a token, with their content types', async () => {
    harness = await startHub();
    const js = await harness.get('/__uni-transfers/assets/app-1.js');
    expect([js.status, js.headers['content-type'], js.body]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'console.log(1)',
    ]);
    expect((await harness.get('/__uni-transfers/assets/app-1.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    const agent = await harness.get('/__uni-transfers/agent.js');
    expect([agent.status, agent.body]).toEqual([200, '(function(){})()']);
  });

  it('never leaves the assets folder', async () => {
    harness = await startHub();
    for (const path of [
      '/__uni-transfers/assets/../secret.txt',
      '/__uni-transfers/assets/..%2Fsecret.txt',
      '/__uni-transfers/assets/%2E%2E/secret.txt',
      '/__uni-transfers/assets/..%5Csecret.txt',
      '/__uni-transfers/assets/%2Fetc%2Fpasswd',
      '/__uni-transfers/assets/%E0%A4%A',
      '/__uni-transfers/assets/',
      '/__uni-transfers/assets/missing.js',
    ]) {
      const response = await harness.get(path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('not an asset');
    }
    expect(assetFile('/srv/assets', 'a/../../secret')).toBeNull();
    expect(assetFile('/srv/assets', 'a/b.js')).toBe('/srv/assets/a/b.js');
  });
});

describe('stats and other paths', () => {
  it('gives the stats as JSON with the token only', async () => {
    harness = await startHub();
    const device = await harness.device();
    const stats = await harness.get(`/__uni-transfers/stats?token=${TOKEN}`);
    expect(stats.status).toBe(200);
    const body = JSON.parse(stats.body);
    expect(body).toMatchObject({ viewers: 0, rejected: 0 });
    expect(body.devices).toHaveLength(1);
    expect(body.devices[0]).toMatchObject({ userAgent: 'TestPhone/1.0', connected: true, connections: 1 });
    expect((await harness.get('/__uni-transfers/stats')).status).toBe(403);
    device.close();
  });

  it('answers 404 for anything else under the base and passes other paths on', async () => {
    harness = await startHub();
    expect((await harness.get('/__uni-transfers/nothing')).status).toBe(404);
    expect((await harness.get('/__uni-transfers/ws')).status).toBe(404);
    const other = await harness.get('/index.html');
    expect([other.status, other.body]).toEqual([200, 'next']);
    expect((await harness.get('/__uni-transfersX')).body).toBe('next');
  });
});
