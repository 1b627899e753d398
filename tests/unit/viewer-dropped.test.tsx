// @vitest-environment happy-dom
// Issue 16: the viewer keeps each device's messages within a byte budget (panel/socket-transport.ts) and says, in
// the panel's language, when it let older ones go (`viewer-dropped`, docs/automation.md).

import { beforeAll, describe, expect, it } from 'vitest';
import { lang } from '../../panel/i18n';
import type { SocketTransport } from '../../panel/socket-transport';
import { mountViewer } from '../../viewer/mount-viewer';
import { fromAgent } from './envelopes';
import { unmountAfterAll } from './rendered';
import { device, FakeSocket, until } from './viewer-fake-socket';

const page = { search: '?token=t', origin: 'http://localhost:5173', host: 'localhost:5173', protocol: 'http:' };
let transport: SocketTransport;
const note = () => document.querySelector<HTMLElement>('[data-testid="viewer-dropped"]');

const root = document.createElement('div');
unmountAfterAll(root);

beforeAll(() => {
  lang.value = 'en';
  document.body.append(root);
  transport = mountViewer(root, page, { WebSocket: FakeSocket, maxLogBytesPerDevice: 20_000 }) as SocketTransport;
  FakeSocket.last.open();
});

describe('the viewer’s byte budget', () => {
  it('says nothing while a device’s messages fit, then how many of the oldest it let go', async () => {
    FakeSocket.last.receive({ type: 'devices', devices: [device('a')] });
    const message = (seq: number) =>
      fromAgent('sa', seq, { type: 'diagnostic', payload: { at: seq, where: 'x', message: 'm'.repeat(1000) } });
    for (let seq = 0; seq < 10; seq++) FakeSocket.last.receive({ type: 'device', device: 'a', message: message(seq) });
    await until(() => transport.logSize('a') === 10);
    expect(note()).toBeNull();
    for (let seq = 10; seq < 60; seq++) FakeSocket.last.receive({ type: 'device', device: 'a', message: message(seq) });
    await until(() => note() !== null);
    const count = Number(note()?.dataset.count);
    expect(count).toBe(60 - transport.logSize('a'));
    expect(count).toBeGreaterThan(0);
    expect(note()?.textContent).toContain(`${count} oldest messages`);
    lang.value = 'zh_CN';
    await until(() => note()?.textContent?.includes('丢弃') === true);
    expect(note()?.textContent).toContain(`最早的 ${count} 条消息`);
    lang.value = 'en';
  });
});
