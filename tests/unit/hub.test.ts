// The hub (plugin/hub.ts) over real sockets: who may connect, how devices are known, what is routed where, and
// that whatever a device sends that fails a check is dropped and counted without disturbing anyone.

import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_SOCKET_PATH, type HubToViewer } from '../../shared/device-protocol';
import { PROTOCOL_VERSION, SOURCE_RELAY } from '../../shared/protocol';
import { agentEnvelope, cookieOf, type HubHarness, hello, startHub, TOKEN } from './hub-harness';
import { connect, encodeFrame, type TestClient, until } from './websocket-client';

type Message = Record<string, unknown> & { type: string };
type Command = { name: string; id: string; present?: boolean; session?: string; source?: string; v?: number };

let harness: HubHarness;

afterEach(async () => {
  await harness?.stop();
});

const commands = (client: TestClient) => client.json() as Command[];
const commandNamed = (client: TestClient, name: string, from = 0) =>
  client.message<Command>((command) => command.name === name, from);
const fromDevice = (client: TestClient, device: string, type: string, from = 0) =>
  client.message<Message>(
    (message) => message.type === 'device' && message.device === device && (message.message as Message).type === type,
    from,
  );
const envelopeType = (message: Message) =>
  ((message.message as Message | undefined)?.envelope as Message | undefined)?.type;
const deviceIdOf = (cookie: string) => (cookie.split('=')[1] as string).split('.')[0] as string;

describe('pages: each tab of a device its own (issue 19)', () => {
  type Listed = { id: string; pages: { id: string; connected: boolean; url: string }[] };

  it('tags two tabs as two pages, continues a tab across its reload, and keeps a closed tab listed as gone', async () => {
    harness = await startHub();
    const viewer = await harness.viewer();
    const first = await harness.device();
    const cookie = cookieOf(first);
    const id = deviceIdOf(cookie);
    first.sendJson(hello('tab1-load1'));
    const a = (await fromDevice(viewer, id, 'agent')).page as string;
    const second = await harness.device(cookie);
    let mark = viewer.json().length;
    second.sendJson(hello('tab2-load1'));
    const b = (await fromDevice(viewer, id, 'agent', mark)).page as string;
    expect(b).not.toBe(a);
    // Tab 1 reloads: its socket closes, the next load's opens (within PAGE_FOLLOW_MS) and continues the page.
    first.close();
    await until(() => harness.hub.stats().devices[0]?.connections === 1);
    const reloaded = await harness.device(cookie);
    mark = viewer.json().length;
    reloaded.sendJson(hello('tab1-load2'));
    expect((await fromDevice(viewer, id, 'agent', mark)).page).toBe(a);
    // Tab 2 closes for good: still listed, not connected; tab 1 still is.
    mark = viewer.json().length;
    second.close();
    const listedGone = (message: Message) =>
      message.type === 'devices' &&
      (message.devices as Listed[]).some((device) =>
        device.pages.some((page) => page.id === b && page.connected === false),
      );
    const gone = await viewer.message<Message>(listedGone, mark);
    const pages = (gone.devices as Listed[]).find((device) => device.id === id)?.pages ?? [];
    expect(pages.map((page) => [page.id, page.connected])).toEqual(
      expect.arrayContaining([
        [a, true],
        [b, false],
      ]),
    );
    expect(pages.find((page) => page.id === a)?.url).toBe('http://app/');
  });

  it("sends a viewer's command for one page to that page's connection only", async () => {
    harness = await startHub();
    const viewer = await harness.viewer();
    const one = await harness.device();
    const cookie = cookieOf(one);
    const id = deviceIdOf(cookie);
    one.sendJson(hello('p1'));
    const pageOne = (await fromDevice(viewer, id, 'agent')).page as string;
    const two = await harness.device(cookie);
    const mark = viewer.json().length;
    two.sendJson(hello('p2'));
    await fromDevice(viewer, id, 'agent', mark);
    const before = [commands(one).length, commands(two).length];
    viewer.sendJson({
      type: 'command',
      device: id,
      page: pageOne,
      command: { type: 'command', id: 'x1', name: 'snapshot' },
    });
    await commandNamed(one, 'snapshot', before[0]);
    await until(() => commands(one).some((command) => command.id === 'x1'));
    expect(commands(two).some((command) => command.id === 'x1')).toBe(false);
  });
});

describe('who may connect', () => {
  it('refuses a viewer without the token or with a wrong one (403), and accepts the right one', async () => {
    harness = await startHub();
    const missing = await connect(harness.port, `${DEVICE_SOCKET_PATH}?role=viewer`);
    expect(missing.status).toBe(403);
    const wrong = await connect(harness.port, `${DEVICE_SOCKET_PATH}?role=viewer&token=${TOKEN}x`);
    expect(wrong.status).toBe(403);
    expect('body' in wrong && wrong.body).toBe('Forbidden\n');
    const viewer = await harness.viewer();
    expect(await viewer.message((message) => message.type === 'devices')).toEqual({ type: 'devices', devices: [] });
    expect(harness.hub.stats().viewers).toBe(1);
  });

  it('leaves other paths alone and refuses an unknown role', async () => {
    harness = await startHub();
    expect(harness.hub.handleUpgrade({ url: '/@vite/hmr', headers: {} } as never, null as never, Buffer.alloc(0))).toBe(
      false,
    );
    expect((await connect(harness.port, `${DEVICE_SOCKET_PATH}?role=admin`)).status).toBe(400);
  });

  it('accepts at most 20 viewers', async () => {
    harness = await startHub();
    for (let i = 0; i < 20; i++) await harness.viewer();
    expect((await connect(harness.port, `${DEVICE_SOCKET_PATH}?role=viewer&token=${TOKEN}`)).status).toBe(503);
  });
});

describe('devices', () => {
  it('sets an HttpOnly, path-scoped cookie once and knows the device again by it', async () => {
    harness = await startHub();
    const first = await harness.device();
    const header = String(first.headers['set-cookie']);
    expect(header).toMatch(
      /^uni_transfers_device=[0-9a-f]{32}\.[0-9a-f]{32}; Path=\/__uni-transfers\/; HttpOnly; SameSite=Strict; Max-Age=31536000$/,
    );
    const cookie = cookieOf(first);
    first.close();
    await first.closed();
    const again = await harness.device(`other=1; ${cookie}`);
    expect(again.headers['set-cookie']).toBeUndefined();
    const other = await harness.device('uni_transfers_device=not-hex');
    expect(cookieOf(other)).not.toBe(cookie);
    const { devices } = harness.hub.stats();
    expect(devices.map((device) => device.id).sort()).toEqual([deviceIdOf(cookie), deviceIdOf(cookieOf(other))].sort());
    expect(devices.every((device) => device.connected && device.connections === 1)).toBe(true);
  });

  it('cuts the user agent to 300 characters and lists devices most recently seen first', async () => {
    harness = await startHub();
    const older = await harness.device(undefined, 'A'.repeat(500));
    const newer = await harness.device(undefined, 'NewPhone');
    const viewer = await harness.viewer();
    const list = await viewer.message<Extract<HubToViewer, { type: 'devices' }>>((m) => m.type === 'devices');
    expect(list.devices.map((device) => device.id)).toEqual([deviceIdOf(cookieOf(newer)), deviceIdOf(cookieOf(older))]);
    expect(list.devices[1]?.userAgent).toBe('A'.repeat(300));
  });

  it('shares the 100 slots out by address: a newcomer never pushes out a device of another address', async () => {
    harness = await startHub();
    // Ten machines with ten devices each, gone but remembered: the list is full.
    for (let machine = 0; machine < 10; machine++) {
      for (let i = 0; i < 10; i++) (await harness.device(undefined, 'Phone', `127.0.1.${machine}`)).socket.destroy();
    }
    await until(() => harness.hub.stats().devices.every((device) => !device.connected));
    const known = harness.hub.stats().devices.map((device) => device.id);
    expect(known).toHaveLength(100);
    const path = `${DEVICE_SOCKET_PATH}?role=device`;
    expect((await connect(harness.port, path, {}, '127.0.2.1')).status).toBe(503);
    expect(harness.hub.stats().devices.map((device) => device.id)).toEqual(known);
    // A machine with its share full makes way among its own gone devices only: the one gone longest.
    const again = await harness.device(undefined, 'Phone', '127.0.1.0');
    const ids = harness.hub.stats().devices.map((device) => device.id);
    expect(ids).toHaveLength(100);
    expect(ids).toContain(deviceIdOf(cookieOf(again)));
    expect(known.filter((id) => !ids.includes(id))).toEqual([known[99]]);
  });

  it('refuses an 11th connection of one device, and an 11th device of an address whose 10 are all connected', async () => {
    harness = await startHub();
    const first = await harness.device();
    const cookie = cookieOf(first);
    for (let i = 0; i < 9; i++) await harness.device(cookie);
    const path = `${DEVICE_SOCKET_PATH}?role=device`;
    expect((await connect(harness.port, path, { Cookie: cookie })).status).toBe(503);
    for (let i = 0; i < 9; i++) await harness.device();
    expect((await connect(harness.port, path)).status).toBe(503);
    expect(harness.hub.stats().devices).toHaveLength(10);
  });
});

describe('routing', () => {
  it("forwards a device's envelopes to every viewer, tagged with the device", async () => {
    harness = await startHub();
    const viewers = [await harness.viewer(), await harness.viewer()];
    const device = await harness.device();
    const id = deviceIdOf(cookieOf(device));
    device.sendJson(hello('s1'));
    for (const viewer of viewers) {
      const message = await fromDevice(viewer, id, 'agent');
      expect(message).toEqual({
        type: 'device',
        device: id,
        page: expect.stringMatching(/^[0-9a-f]{16}$/),
        message: { type: 'agent', envelope: hello('s1') },
      });
    }
  });

  it('drops and counts malformed JSON, bad envelopes, another session, a forged reply and an oversized frame', async () => {
    harness = await startHub({ socket: { maxMessageBytes: 4096 } });
    const viewer = await harness.viewer();
    const device = await harness.device();
    const id = deviceIdOf(cookieOf(device));
    device.sendJson(hello('s1'));
    await fromDevice(viewer, id, 'agent');
    device.send('{not json');
    device.sendJson({ ...hello('s1'), source: 'someone-else' });
    device.sendJson(hello('s2', 1));
    device.sendJson(agentEnvelope('s1', 2, { type: 'reply', payload: { id: 'never-sent', ok: true } }));
    device.sendJson(agentEnvelope('s1', 3, { type: 'diagnostic', payload: { at: 1, where: 'x', message: 'marker' } }));
    await viewer.message<Message>((message) => envelopeType(message) === 'diagnostic');
    // Only the first hello and the marker came through.
    expect((viewer.json() as Message[]).filter((message) => envelopeType(message))).toHaveLength(2);
    expect(harness.hub.stats().rejected).toBe(4);
    // Over the cap: the device's socket is closed with 1009, the hub goes on.
    device.socket.write(encodeFrame(Buffer.alloc(0), { length: 1_000_000 }));
    expect((await device.closed())?.code).toBe(1009);
    await fromDevice(viewer, id, 'agent-disconnected');
    const next = await harness.device();
    next.sendJson(hello('s3'));
    await fromDevice(viewer, deviceIdOf(cookieOf(next)), 'agent');
  });

  it("sends a viewer's command to its device only, as a relay envelope, and lets exactly one reply through", async () => {
    harness = await startHub();
    const viewer = await harness.viewer();
    const a = await harness.device();
    const b = await harness.device();
    const [idA, idB] = [deviceIdOf(cookieOf(a)), deviceIdOf(cookieOf(b))];
    a.sendJson(hello('sa'));
    b.sendJson(hello('sb'));
    await fromDevice(viewer, idA, 'agent');
    await fromDevice(viewer, idB, 'agent');
    const command = { type: 'command', id: 'c1', name: 'abort', taskId: 't1', session: 'sa' };
    viewer.sendJson({ type: 'command', device: idA, command });
    expect(await commandNamed(a, 'abort')).toEqual({ ...command, source: SOURCE_RELAY, v: PROTOCOL_VERSION });
    viewer.sendJson({ type: 'command', device: idB, command: { ...command, id: 'c2', session: 'sb' } });
    await commandNamed(b, 'abort');
    expect(
      commands(b)
        .filter((c) => c.name === 'abort')
        .map((c) => c.id),
    ).toEqual(['c2']);
    expect(
      commands(a)
        .filter((c) => c.name === 'abort')
        .map((c) => c.id),
    ).toEqual(['c1']);
    // B cannot answer A's command; A can, once.
    const reply = (session: string, seq: number) =>
      agentEnvelope(session, seq, { type: 'reply', payload: { id: 'c1', ok: true } });
    b.sendJson(reply('sb', 1));
    a.sendJson(reply('sa', 1));
    a.sendJson(reply('sa', 2));
    a.sendJson(agentEnvelope('sa', 3, { type: 'diagnostic', payload: { at: 1, where: 'x', message: 'marker' } }));
    await viewer.message<Message>((message) => envelopeType(message) === 'diagnostic');
    const replies = (viewer.json() as Message[]).filter((message) => envelopeType(message) === 'reply');
    expect(replies.map((message) => ((message.message as Message).envelope as Message).seq)).toEqual([1]);
    await until(() => harness.hub.stats().rejected === 2);
  });

  it("sends a snapshot to each of a device's pages, and a command for a gone page to the newest one", async () => {
    harness = await startHub();
    const viewer = await harness.viewer();
    const old = await harness.device();
    const cookie = cookieOf(old);
    const id = deviceIdOf(cookie);
    const newer = await harness.device(cookie);
    old.sendJson(hello('old'));
    newer.sendJson(hello('new'));
    await viewer.until(() => (viewer.json() as Message[]).filter((message) => envelopeType(message)).length === 2);
    viewer.sendJson({ type: 'command', device: id, command: { type: 'command', id: 'snap', name: 'snapshot' } });
    await old.message<Command>((command) => command.id === 'snap');
    await newer.message<Command>((command) => command.id === 'snap');
    const gone = { type: 'command', id: 'b1', name: 'body', taskId: 't1', session: 'reloaded-away' };
    viewer.sendJson({ type: 'command', device: id, command: gone });
    await newer.message<Command>((command) => command.id === 'b1');
    // The newest page's agent answers (unknown-task), and that reply passes.
    newer.sendJson(agentEnvelope('new', 1, { type: 'reply', payload: { id: 'b1', ok: false, error: 'unknown-task' } }));
    await viewer.message<Message>((message) => envelopeType(message) === 'reply');
    expect(commands(old).some((command) => command.id === 'b1')).toBe(false);
    expect(harness.hub.stats().rejected).toBe(0);
  });

  it('drops commands for unknown devices and anything that is not a viewer command', async () => {
    harness = await startHub();
    const viewer = await harness.viewer();
    viewer.sendJson({ type: 'command', device: 'nobody', command: { type: 'command', id: 'x', name: 'snapshot' } });
    viewer.sendJson({ type: 'command', device: 'nobody', command: { type: 'command', id: 'x', name: 'presence' } });
    viewer.send('[]');
    await until(() => harness.hub.stats().rejected === 3);
    expect(viewer.ended).toBe(false);
  });
});

describe('presence and snapshots', () => {
  it('tells devices whether a viewer listens and asks them for a snapshot when one connects', async () => {
    harness = await startHub();
    const device = await harness.device();
    const id = deviceIdOf(cookieOf(device));
    device.sendJson(hello('s1'));
    expect(await commandNamed(device, 'presence')).toMatchObject({ present: false, source: SOURCE_RELAY });
    const first = await harness.viewer();
    const afterFirst = device.messages.length;
    await fromDevice(first, id, 'agent-connected');
    expect((await commandNamed(device, 'presence', afterFirst)).present).toBe(true);
    await commandNamed(device, 'snapshot', afterFirst);
    const second = await harness.viewer();
    const afterSecond = device.messages.length;
    await fromDevice(second, id, 'agent-connected');
    await commandNamed(device, 'snapshot', afterSecond);
    first.close();
    await first.closed();
    second.close();
    await second.closed();
    await device.until(() => commands(device).filter((command) => command.name === 'presence').length === 3);
    expect(
      commands(device)
        .filter((c) => c.name === 'presence')
        .map((c) => c.present),
    ).toEqual([false, true, false]);
    expect(commands(device).every((c) => /^(presence|snapshot)-\d+$/.test(c.id))).toBe(true);
  });

  it('announces a device that comes and goes to the viewers, with the devices list', async () => {
    harness = await startHub();
    const viewer = await harness.viewer();
    const device = await harness.device();
    const id = deviceIdOf(cookieOf(device));
    await fromDevice(viewer, id, 'agent-connected');
    expect(await commandNamed(device, 'presence')).toMatchObject({ present: true });
    await commandNamed(device, 'snapshot');
    const listed = await viewer.message<Message>(
      (message) => message.type === 'devices' && (message.devices as unknown[]).length === 1,
    );
    expect((listed.devices as { connected: boolean }[])[0]?.connected).toBe(true);
    device.close();
    await fromDevice(viewer, id, 'agent-disconnected');
    const after = await viewer.message<Message>(
      (message) => message.type === 'devices' && (message.devices as { connected: boolean }[])[0]?.connected === false,
    );
    expect(after.devices).toHaveLength(1);
  });
});

describe("a page's last words", () => {
  const post = (port: number, body: string, cookie?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/__uni-transfers/beacon',
          method: 'POST',
          headers: {
            'Content-Type': 'text/plain;charset=UTF-8',
            'User-Agent': 'TestPhone/2.0',
            ...(cookie ? { Cookie: cookie } : {}),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const snapshot = (session: string) =>
    agentEnvelope(session, 3, {
      type: 'snapshot',
      payload: {
        runtime: { uniApp: true, globalUni: 'full', url: 'http://app/' },
        startedAt: 1,
        tasks: [],
        dropped: 0,
      },
    });

  it('takes a beaconed snapshot from a device it knows by cookie, keeps it for later viewers', async () => {
    harness = await startHub();
    const device = await harness.device();
    const cookie = cookieOf(device);
    const id = deviceIdOf(cookie);
    const viewer = await harness.viewer();
    expect(await post(harness.port, JSON.stringify(snapshot('s-old')), cookie)).toBe(204);
    expect(await fromDevice(viewer, id, 'agent')).toMatchObject({ message: { envelope: { session: 's-old' } } });
    // A viewer that connects later gets it too.
    const late = await harness.viewer();
    expect(await fromDevice(late, id, 'agent')).toMatchObject({ message: { envelope: { type: 'snapshot' } } });
    // A cookie the hub never gave names no device, and makes none, whether or not it looks signed.
    for (const other of [
      'uni_transfers_device=0123456789abcdef0123456789abcdef',
      'uni_transfers_device=0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef',
    ]) {
      expect(await post(harness.port, JSON.stringify(snapshot('s-2')), other)).toBe(400);
    }
    expect(harness.hub.stats().devices.map((d) => d.id)).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('knows a device by its cookie after a restart with the project’s key: its beacon comes before its socket', async () => {
    const deviceKey = Buffer.alloc(32, 7);
    harness = await startHub({ deviceKey });
    const cookie = cookieOf(await harness.device());
    await harness.stop();
    // The dev server restarted (a new hub, the same key from node_modules/.cache); Vite's client reloads the page
    // before our socket is back, so the page's last words come first.
    harness = await startHub({ deviceKey });
    const viewer = await harness.viewer();
    expect(await post(harness.port, JSON.stringify(snapshot('s-before')), cookie)).toBe(204);
    expect(await fromDevice(viewer, deviceIdOf(cookie), 'agent')).toMatchObject({
      message: { envelope: { session: 's-before' } },
    });
    // A hub with another key (another project) does not know it.
    await harness.stop();
    harness = await startHub({ deviceKey: Buffer.alloc(32, 8) });
    expect(await post(harness.port, JSON.stringify(snapshot('s-other')), cookie)).toBe(400);
  });

  it('refuses a beacon without a device cookie, of another type, malformed or too large, and counts it', async () => {
    harness = await startHub();
    const cookie = cookieOf(await harness.device());
    expect(await post(harness.port, JSON.stringify(snapshot('s')))).toBe(400);
    expect(await post(harness.port, JSON.stringify(hello('s')), cookie)).toBe(400);
    expect(await post(harness.port, '{nope', cookie)).toBe(400);
    expect(harness.hub.stats().rejected).toBe(3);
    expect(await post(harness.port, 'x'.repeat(70_000), cookie).catch(() => 400)).toBe(400);
  });
});
