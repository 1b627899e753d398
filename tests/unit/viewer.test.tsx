// @vitest-environment happy-dom
// The viewer page (viewer/mount-viewer.tsx) over a fake hub socket: the device picker and its automation names,
// switching devices (the panel reset, the other device's log replayed), commands to the selected device, malformed
// hub messages counted, the panel's data-connected following the selected device, reconnecting, and what the viewer
// hides (Conditions, settings).

import { beforeAll, describe, expect, it } from 'vitest';
import { lang } from '../../panel/i18n';
import type { SocketTransport } from '../../panel/socket-transport';
import { type AgentMessage, type BackgroundToPanel, isBackgroundMessage } from '../../shared/protocol';
import type { TaskEvent } from '../../shared/task-model';
import { mountViewer, viewerSocketUrl } from '../../viewer/mount-viewer';
import { fromAgent } from './envelopes';
import { unmountAfterAll } from './rendered';
import { device, FakeSocket, until } from './viewer-fake-socket';

const runtime = { uniApp: true, globalUni: 'empty' as const, vue: 3 as const, dev: false, url: 'http://10.0.0.2/' };
const page = {
  search: '?token=s3cret%2Fx',
  origin: 'http://localhost:5173',
  host: 'localhost:5173',
  protocol: 'http:',
};
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36';
const seqs = new Map<string, number>();
let transport: SocketTransport;

function agent(session: string, type: string, payload: unknown): BackgroundToPanel {
  const seq = seqs.get(session) ?? 0;
  seqs.set(session, seq + 1);
  const message = fromAgent(session, seq, { type, payload } as AgentMessage);
  expect(isBackgroundMessage(message)).toBe(true);
  return message;
}

function upload(id: string, at: number, running = false): TaskEvent[] {
  const url = `http://10.0.0.2/upload/${id}.bin`;
  const events: TaskEvent[] = [
    { type: 'created', taskId: id, at, kind: 'upload', origin: 'app', probe: 'xhr', url },
    { type: 'open', taskId: id, at: at + 1, method: 'POST', url },
    { type: 'send', taskId: id, at: at + 2, requestHeaders: {} },
  ];
  return running ? events : [...events, { type: 'end', taskId: id, at: at + 9, outcome: 'load', statusCode: 200 }];
}

const feed = (id: string, message: BackgroundToPanel) =>
  FakeSocket.last.receive({ type: 'device', device: id, message });
const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T;
const rowIds = () =>
  [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => row.dataset.taskId);
const options = () => [...document.querySelectorAll<HTMLOptionElement>('[data-testid="device-option"]')];
const connected = () => $('[data-testid="panel"]').dataset.connected;

function pick(id: string): void {
  const picker = $<HTMLSelectElement>('[data-testid="device-picker"]');
  picker.value = id;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
}

const root = document.createElement('div');
unmountAfterAll(root);

beforeAll(() => {
  lang.value = 'en';
  document.body.append(root);
  transport = mountViewer(root, page, { WebSocket: FakeSocket }) as SocketTransport;
});

describe('the viewer', () => {
  it('connects to the hub with its token and shows the empty state until a device comes', async () => {
    expect(FakeSocket.last.url).toBe('ws://localhost:5173/__uni-transfers/ws?role=viewer&token=s3cret%2Fx');
    expect(viewerSocketUrl({ ...page, protocol: 'https:' }, 'a b')).toBe(
      'wss://localhost:5173/__uni-transfers/ws?role=viewer&token=a%20b',
    );
    expect(document.title).toBe('uni Transfers');
    expect($('[data-testid="viewer"]').dataset.hubConnected).toBe('false');
    FakeSocket.last.open();
    FakeSocket.last.receive({ type: 'devices', devices: [] });
    await until(() => $('[data-testid="viewer"]').dataset.hubConnected === 'true');
    const empty = $('[data-testid="viewer-empty"]');
    expect(empty.dataset.appUrl).toBe('http://localhost:5173/');
    expect(empty.textContent).toContain('Open the app on your phone');
    expect(empty.textContent).toContain('Network address');
    expect($('[data-testid="device-count"]').dataset.count).toBe('0');
    expect(options()).toEqual([]);
    expect(connected()).toBe('false');
  });

  it('hides what cannot reach a phone: the Conditions editor and the capture settings', () => {
    expect($('[data-testid="conditions-toggle"]')).toBeNull();
    expect($('[data-testid="settings-toggle"]')).toBeNull();
    for (const testid of ['clear', 'preserve-log', 'filter', 'har-export', 'har-import', 'abort-all'])
      expect($(`[data-testid="${testid}"]`), testid).not.toBeNull();
  });

  it('lists devices in the picker and shows the first one', async () => {
    FakeSocket.last.receive({
      type: 'devices',
      devices: [device('phone-a'), device('phone-b', { userAgent: ANDROID, firstSeen: 1_764_581_405_000 })],
    });
    feed('phone-a', agent('a1', 'hello', { runtime, startedAt: 0 }));
    feed('phone-a', agent('a1', 'events', { events: [...upload('u1', 1000), ...upload('u2', 1100, true)] }));
    feed('phone-b', agent('b1', 'hello', { runtime, startedAt: 0 }));
    feed('phone-b', agent('b1', 'events', { events: upload('v1', 2000) }));
    await until(() => rowIds().length === 2);
    expect(rowIds()).toEqual(['a1/u1', 'a1/u2']);
    expect($('[data-testid="viewer-empty"]')).toBeNull();
    expect($('[data-testid="device-count"]').dataset.count).toBe('2');
    const [first, second] = options();
    expect(first?.dataset).toMatchObject({ deviceId: 'phone-a', connected: 'true' });
    expect(first?.dataset.userAgent).toContain('iPhone');
    expect(first?.value).toBe('phone-a');
    expect(first?.textContent).toMatch(/^iPhone · Safari 17 · \d\d:\d\d:\d\d$/);
    expect(second?.dataset.firstSeen).toBe('1764581405000');
    expect(second?.textContent).toMatch(/^Android 14 · Chrome 120 · /);
    expect($<HTMLSelectElement>('[data-testid="device-picker"]').value).toBe('phone-a');
    expect(connected()).toBe('true');
    // The row menu offers no condition either.
    $('[data-task-id="a1/u1"]').dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 5, clientY: 5 }));
    await until(() => $('[data-testid="context-menu"]') !== null);
    expect($('[data-testid="menu-replay"]')).not.toBeNull();
    expect($('[data-testid="menu-add-condition"]')).toBeNull();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await until(() => $('[data-testid="context-menu"]') === null);
  });

  it('sends the panel’s commands to the selected device', async () => {
    $('[data-task-id="a1/u2"]').click();
    await until(() => $<HTMLButtonElement>('[data-testid="abort-task"]')?.disabled === false);
    $('[data-testid="abort-task"]').click();
    await until(() => FakeSocket.last.sent.some((message) => message.command.name === 'abort'));
    const abort = FakeSocket.last.sent.find((message) => message.command.name === 'abort');
    expect(abort).toMatchObject({ type: 'command', device: 'phone-a', command: { taskId: 'u2', session: 'a1' } });
  });

  it('switches devices: the panel is reset and the other device’s history replayed', async () => {
    pick('phone-b');
    await until(() => rowIds().join() === 'b1/v1');
    expect($('[data-testid="task-details"]')).toBeNull();
    expect($('[data-testid="task-count"]').dataset.total).toBe('1');
    // Live messages of the device not shown are kept for later, not drawn.
    feed('phone-a', agent('a1', 'events', { events: upload('u3', 1200) }));
    feed('phone-b', agent('b1', 'events', { events: upload('v2', 2100) }));
    await until(() => rowIds().length === 2);
    expect(rowIds()).toEqual(['b1/v1', 'b1/v2']);
    const before = FakeSocket.last.sent.length;
    // On by default in the viewer (a phone reloads often); the user turns it off here.
    expect($<HTMLInputElement>('[data-testid="preserve-log"]').checked).toBe(true);
    $('[data-testid="preserve-log"]').click();
    $('[data-task-id="b1/v1"]').click();
    await until(() => $('[data-testid="replay-task"]') !== null);
    $('[data-testid="replay-task"]').click();
    await until(() => FakeSocket.last.sent.length > before);
    expect(FakeSocket.last.sent.at(-1)).toMatchObject({ device: 'phone-b', command: { name: 'replay', taskId: 'v1' } });
    expect(transport.logSize('phone-a')).toBe(3);
    pick('phone-a');
    await until(() => rowIds().length === 3);
    expect(rowIds()).toEqual(['a1/u1', 'a1/u2', 'a1/u3']);
    // The toolbar's choices are the user's, not the device's.
    expect($<HTMLInputElement>('[data-testid="preserve-log"]').checked).toBe(false);
  });

  it('shows data-connected for the selected device, and marks a device that went away', async () => {
    FakeSocket.last.receive({
      type: 'devices',
      devices: [device('phone-a', { connected: false }), device('phone-b', { userAgent: ANDROID })],
    });
    await until(() => connected() === 'false');
    expect(options()[0]?.dataset.connected).toBe('false');
    expect(options()[0]?.textContent).toContain('(disconnected)');
    expect(rowIds()).toHaveLength(3);
    pick('phone-b');
    await until(() => connected() === 'true' && rowIds().length === 2);
  });

  it('counts malformed hub messages and ignores them', async () => {
    const rows = rowIds();
    FakeSocket.last.receive('{ not json');
    FakeSocket.last.receive({ type: 'device', device: 'phone-b', message: { type: 'agent', envelope: 42 } });
    FakeSocket.last.receive({ type: 'devices', devices: 'all of them' });
    await until(() => $('[data-testid="rejected-count"]')?.dataset.count === '3');
    expect(rowIds()).toEqual(rows);
    expect(options()).toHaveLength(2);
  });

  it('shows the hub gone, reconnects, and catches up from what the hub sends again', async () => {
    const first = FakeSocket.last;
    first.hangUp();
    await until(() => $('[data-testid="viewer"]').dataset.hubConnected === 'false' && connected() === 'false');
    expect($('[data-testid="hub-status"]').dataset.connected).toBe('false');
    await until(() => FakeSocket.last !== first);
    const next = FakeSocket.last;
    next.open();
    next.receive({ type: 'devices', devices: [device('phone-a', { connected: false }), device('phone-b')] });
    await until(() => $('[data-testid="viewer"]').dataset.hubConnected === 'true' && connected() === 'true');
    // Told the agent is there, the panel asks it for a snapshot, through the new socket.
    await until(() => next.sent.some((message) => message.device === 'phone-b' && message.command.name === 'snapshot'));
    expect($<HTMLSelectElement>('[data-testid="device-picker"]').value).toBe('phone-b');
  });
});
