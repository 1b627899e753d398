// The viewer's WebSocket transport (panel/socket-transport.ts) with a fake socket and a recording sink: devices,
// the per-device log and its replay, commands to the selected device, replies, rejected messages, reconnecting.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  nextDelay,
  RECONNECT_FIRST_MS,
  RECONNECT_MAX_MS,
  type SocketTransport,
  socketTransport,
} from '../../panel/socket-transport';
import type { TransportSink } from '../../panel/transport';
import type { AgentMessage, BackgroundToPanel } from '../../shared/protocol';
import { fromAgent } from './envelopes';
import { device, FakeSocket } from './viewer-fake-socket';

type Seen = BackgroundToPanel | 'reset' | 'disconnected' | 'rejected';

let seen: Seen[];
let transport: SocketTransport;
const sink: TransportSink = {
  message: (message) => seen.push(message),
  disconnected: () => seen.push('disconnected'),
  rejected: () => seen.push('rejected'),
  reset: () => seen.push('reset'),
};
const URL = 'ws://127.0.0.1:5173/__uni-transfers/ws?role=viewer&token=t';
const hello = (session: string) =>
  fromAgent(session, 0, {
    type: 'hello',
    payload: { runtime: { uniApp: true, globalUni: 'full', vue: 3, dev: true, url: 'http://x/' }, startedAt: 0 },
  } as AgentMessage);
const events = (session: string, seq: number) =>
  fromAgent(session, seq, { type: 'events', payload: { events: [] } } as AgentMessage);
const reply = (session: string, seq: number, id: string) =>
  fromAgent(session, seq, { type: 'reply', payload: { id, ok: true } } as AgentMessage);
const types = () => seen.map((item) => (typeof item === 'string' ? item : item.type));

function connect(options: Parameters<typeof socketTransport>[1] = {}): FakeSocket {
  transport = socketTransport(URL, { WebSocket: FakeSocket, ...options });
  transport.start(sink);
  FakeSocket.last.open();
  return FakeSocket.last;
}

beforeEach(() => {
  seen = [];
  FakeSocket.instances = [];
});
afterEach(() => {
  transport?.stop();
  vi.useRealTimers();
});

describe('the socket transport', () => {
  it('opens the hub socket, selects the first device listed and feeds only its messages live', () => {
    const socket = connect();
    expect(socket.url).toBe(URL);
    expect(transport.hubConnected.value).toBe(true);
    socket.receive({ type: 'device', device: 'b', message: hello('sb') });
    expect(transport.selected.value).toBeNull();
    expect(seen).toEqual([]);
    socket.receive({ type: 'devices', devices: [device('a'), device('b')] });
    expect(transport.selected.value).toBe('a');
    expect(transport.devices.value.map((item) => item.id)).toEqual(['a', 'b']);
    // Nothing logged for a yet: the panel is reset and told a's agent is there (it then asks for a snapshot).
    expect(types()).toEqual(['reset', 'agent-connected']);
    seen = [];
    socket.receive({ type: 'device', device: 'a', message: hello('sa') });
    socket.receive({ type: 'device', device: 'b', message: events('sb', 1) });
    expect(seen).toEqual([hello('sa')]);
    expect([transport.logSize('a'), transport.logSize('b')]).toEqual([1, 2]);
  });

  it('replays the chosen device’s log in order after a reset, then says whether its agent is there', () => {
    const socket = connect();
    socket.receive({ type: 'devices', devices: [device('a'), device('b', { connected: false })] });
    const logB = [hello('s1'), events('s1', 1), { type: 'agent-disconnected' }, hello('s2'), events('s2', 1)];
    for (const message of logB) socket.receive({ type: 'device', device: 'b', message });
    seen = [];
    transport.select('b');
    expect(transport.selected.value).toBe('b');
    expect(seen).toEqual(['reset', ...logB, { type: 'agent-disconnected' }]);
    seen = [];
    transport.select('b');
    transport.select('nobody');
    expect(seen).toEqual([]);
    expect(transport.selected.value).toBe('b');
  });

  it('keeps a selected device the hub forgot, offered as disconnected', () => {
    const socket = connect();
    socket.receive({ type: 'devices', devices: [device('a'), device('b')] });
    socket.receive({ type: 'device', device: 'a', message: hello('sa') });
    seen = [];
    socket.receive({ type: 'devices', devices: [device('b')] });
    expect(transport.selected.value).toBe('a');
    expect(transport.devices.value.map((item) => [item.id, item.connected])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(seen).toEqual([{ type: 'agent-disconnected' }]);
    transport.select('b');
    expect(transport.devices.value.map((item) => item.id)).toEqual(['b']);
  });

  it('sends commands to the selected device, with ids of its own; its replies come back without the prefix', () => {
    const socket = connect();
    socket.receive({ type: 'devices', devices: [device('a'), device('b')] });
    transport.send({ type: 'command', id: 'panel-1', name: 'abort', taskId: 't1', session: 'sa' });
    transport.select('b');
    transport.send({ type: 'command', id: 'panel-2', name: 'snapshot' });
    expect(socket.sent.map((message) => [message.type, message.device, message.command.name])).toEqual([
      ['command', 'a', 'abort'],
      ['command', 'b', 'snapshot'],
    ]);
    const [first] = socket.sent;
    expect(first?.command).toMatchObject({ taskId: 't1', session: 'sa' });
    const id = first?.command.id ?? '';
    expect(id).toMatch(/^v[0-9a-z]+:panel-1$/);
    seen = [];
    socket.receive({ type: 'device', device: 'b', message: reply('sb', 0, id.replace('panel-1', 'panel-2')) });
    socket.receive({ type: 'device', device: 'b', message: reply('sb', 1, 'vother1:panel-2') });
    const ids = seen.map((item) => (item as { envelope: { payload: { id: string } } }).envelope.payload.id);
    expect(ids).toEqual(['panel-2', 'vother1:panel-2']);
  });

  it('counts malformed hub messages and goes on', () => {
    const socket = connect();
    socket.receive('not json {');
    socket.receive({ type: 'devices', devices: [{ id: 'a' }] });
    socket.receive({ type: 'device', device: 'a', message: { type: 'agent', envelope: { forged: true } } });
    socket.receive({ type: 'surprise' });
    socket.onmessage?.({ data: new ArrayBuffer(4) } as MessageEvent);
    expect(types()).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(transport.devices.value).toEqual([]);
    socket.receive({ type: 'devices', devices: [device('a')] });
    expect(transport.selected.value).toBe('a');
  });

  it('keeps its logs bounded: messages per device, and devices', () => {
    const socket = connect({ maxLogPerDevice: 10, maxLoggedDevices: 2 });
    socket.receive({ type: 'devices', devices: [device('a')] });
    for (let seq = 1; seq <= 30; seq++) socket.receive({ type: 'device', device: 'a', message: events('sa', seq) });
    expect(transport.logSize('a')).toBeGreaterThanOrEqual(10);
    expect(transport.logSize('a')).toBeLessThanOrEqual(11);
    for (const id of ['b', 'c', 'd']) socket.receive({ type: 'device', device: id, message: hello(id) });
    // a is selected, so it stays; of the others only the latest is kept.
    expect(['a', 'b', 'c', 'd'].map((id) => transport.logSize(id) > 0)).toEqual([true, false, false, true]);
  });

  it('weighs each device’s log (the JSON text), lets the oldest go over budget, and counts them for the viewer', () => {
    // Issue 16: a device's messages were counted, not weighed; 32 MiB snapshots could pile up in the tab.
    const socket = connect({ maxLogBytesPerDevice: 10_000 });
    socket.receive({ type: 'devices', devices: [device('a'), device('b')] });
    const big = (seq: number) =>
      fromAgent('sa', seq, { type: 'diagnostic', payload: { at: seq, where: 'x', message: 'm'.repeat(1000) } });
    for (let seq = 1; seq <= 30; seq++) socket.receive({ type: 'device', device: 'a', message: big(seq) });
    // About 1 KB each: at most 10 kept at once, and every one let go is counted.
    expect(transport.logSize('a')).toBeLessThanOrEqual(10);
    expect(transport.logSize('a')).toBeGreaterThanOrEqual(8);
    expect(transport.dropped.value).toBe(30 - transport.logSize('a'));
    // The count follows the shown device: b lost nothing.
    socket.receive({ type: 'device', device: 'b', message: hello('sb') });
    transport.select('b');
    expect(transport.dropped.value).toBe(0);
    transport.select('a');
    expect(transport.dropped.value).toBe(30 - transport.logSize('a'));
  });

  it('reconnects after the hub closes, 250 ms doubling to 5 s, and from 250 ms again once open', () => {
    expect([RECONNECT_FIRST_MS, nextDelay(250), nextDelay(4000), nextDelay(RECONNECT_MAX_MS)]).toEqual([
      250, 500, 5000, 5000,
    ]);
    vi.useFakeTimers();
    const socket = connect();
    socket.receive({ type: 'devices', devices: [device('a')] });
    socket.receive({ type: 'device', device: 'a', message: hello('sa') });
    seen = [];
    socket.hangUp();
    expect(transport.hubConnected.value).toBe(false);
    expect(seen).toEqual(['disconnected']);
    transport.send({ type: 'command', id: 'panel-9', name: 'snapshot' });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = FakeSocket.instances.length;
      let waited = 0;
      while (FakeSocket.instances.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      waits.push(waited);
      FakeSocket.last.hangUp(); // refused: never opened
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    let before = FakeSocket.instances.length;
    while (FakeSocket.instances.length === before) vi.advanceTimersByTime(50);
    const back = FakeSocket.last;
    back.open();
    // The hub lists the devices again; the panel learns a's agent is there and asks it for a snapshot.
    back.receive({ type: 'devices', devices: [device('a')] });
    expect(transport.selected.value).toBe('a');
    expect(seen.slice(1)).toEqual([{ type: 'agent-connected' }]);
    expect(socket.sent).toEqual([]);
    back.hangUp();
    before = FakeSocket.instances.length;
    vi.advanceTimersByTime(249);
    expect(FakeSocket.instances.length).toBe(before);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances.length).toBe(before + 1);
  });
});

describe('pages: each tab of a device its own list (issue 19)', () => {
  const page = (id: string, connected = true, firstSeen = 1) => ({
    id,
    url: `http://app/#/${id}`,
    firstSeen,
    lastSeen: firstSeen,
    connected,
  });

  it('shows the newest open page, feeds only its messages, switches on a pick, and sends commands to it', () => {
    const socket = connect();
    socket.receive({ type: 'devices', devices: [device('a', { pages: [page('p2', true, 2), page('p1', true, 1)] })] });
    expect(transport.selectedPage.value).toBe('p2');
    seen = [];
    socket.receive({ type: 'device', device: 'a', page: 'p1', message: hello('s1') });
    socket.receive({ type: 'device', device: 'a', page: 'p2', message: hello('s2') });
    socket.receive({ type: 'device', device: 'a', page: 'p1', message: events('s1', 1) });
    // Only tab 2's: tab 1's session never reaches the panel, so the two never take turns in one list.
    expect(seen).toEqual([hello('s2')]);
    seen = [];
    transport.selectPage('p1');
    expect(seen).toEqual(['reset', hello('s1'), events('s1', 1)]);
    transport.send({ type: 'command', id: 'panel-1', name: 'snapshot' });
    expect(socket.sent.at(-1)).toMatchObject({ device: 'a', page: 'p1' });
  });

  it('keeps a chosen page when it closes, and otherwise follows the newest open page', () => {
    const socket = connect();
    socket.receive({ type: 'devices', devices: [device('a', { pages: [page('p1')] })] });
    socket.receive({ type: 'device', device: 'a', page: 'p1', message: hello('s1') });
    // Tab 1 closes and a new tab opens: the viewer follows it (nobody chose tab 1).
    socket.receive({
      type: 'devices',
      devices: [device('a', { pages: [page('p2', true, 2), page('p1', false, 1)] })],
    });
    expect(transport.selectedPage.value).toBe('p2');
    expect(transport.pages.value.map((item) => [item.id, item.connected])).toEqual([
      ['p2', true],
      ['p1', false],
    ]);
    // Chosen by hand, a closed page stays shown, and says its agent is gone.
    transport.selectPage('p1');
    seen = [];
    socket.receive({
      type: 'devices',
      devices: [device('a', { pages: [page('p3', true, 3), page('p2', true, 2), page('p1', false, 1)] })],
    });
    expect(transport.selectedPage.value).toBe('p1');
    expect(seen).toEqual([]);
  });
});
