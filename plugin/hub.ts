// The hub: where phones' agents and desktop viewers meet on the dev server's port (shared/device-protocol.ts).
// It routes by device as extension/background.ts routes by tab, and holds no truth the device does not hold:
// a viewer that opens late, or a device that comes back, gets a snapshot from the device's own agent. The one
// thing kept is each device's last beacon (onBeacon): a page's record that would otherwise be lost.
//
// Devices are untrusted (any client that can reach the port can claim to be one), so their messages are checked
// and only ever shown as data; viewers hold the token the dev server printed, so only they can send commands.
// Pages of other sites get nothing (hub-origin.ts), slots are shared out by address (hub-devices.ts), and all that
// peers make the hub hold is weighed in one budget of bytes (hub-budget.ts).

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DEVICE_SOCKET_PATH, type HubToViewer, isViewerToHub } from '../shared/device-protocol';
import { type CommandMessage, isAgentEnvelope, PROTOCOL_VERSION, SOURCE_RELAY } from '../shared/protocol';
import { deviceCookies, sameToken } from './hub-auth';
import { DEFAULT_MEMORY_BUDGET, MemoryBudget } from './hub-budget';
import { commandTargets, takeReply } from './hub-commands';
import { addressOf, createDeviceTable } from './hub-devices';
import { createHttpHandler, requestUrl } from './hub-http';
import { requestAllowed } from './hub-origin';
import { linkClosed, notePageUrl, pageClosed, pageOf, pageOfSession } from './hub-pages';
import { type DeviceLink, type Hub, type HubOptions, MAX_LINKS_PER_DEVICE, MAX_VIEWERS } from './hub-types';
import { type Connection, createSocketServer, refuseUpgrade } from './websocket';

export type { Hub, HubOptions, HubStats } from './hub-types';

export function createHub(options: HubOptions): Hub {
  const { token, log } = options;
  const cookies = deviceCookies(options.deviceKey ?? randomBytes(32));
  const budget = new MemoryBudget(options.memoryBudget ?? DEFAULT_MEMORY_BUDGET);
  const sockets = createSocketServer(options.socket ?? {}, budget);
  const devices = createDeviceTable(budget);
  const viewers = new Set<Connection>();
  let rejected = 0;
  let forbidden = 0;
  let overBudget = 0;
  let commandNumber = 0;
  let closed = false;

  const count = (accepted: boolean) => {
    if (!accepted) rejected += 1;
  };
  /** Parses a peer's message; undefined (counted as rejected) if it is not JSON. */
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  /** Our own bugs must not take the dev server down: they are logged, and the peer's socket let go. */
  const guard = (where: string, act: () => void, socket?: Duplex) => {
    try {
      act();
    } catch (error) {
      log?.(`[uni-transfer-devtools] hub ${where}: ${error instanceof Error ? error.message : String(error)}`);
      socket?.destroy();
    }
  };

  const { info: deviceInfo, list: deviceList, saw: sawDevice } = devices;

  /**
   * Sends one message to peers, its bytes held in the budget once (the peers share one Buffer) until every copy
   * left for the OS. Over budget, the peers that are behind (what holds the budget) are cut, and they reconnect
   * and get snapshots; the message is not sent: nothing is queued beyond the budget.
   */
  const deliver = (message: string, peers: Iterable<Connection>) => {
    const open = [...peers].filter((peer) => peer.open);
    if (open.length === 0) return;
    const bytes = Buffer.from(message, 'utf8');
    if (!budget.take(bytes.length)) {
      overBudget += 1;
      for (const peer of open) if (peer.backlog > 0) peer.cut();
      return;
    }
    let left = open.length;
    for (const peer of open) peer.send(bytes, () => --left === 0 && budget.give(bytes.length));
  };
  const toViewers = (message: HubToViewer | string) =>
    deliver(typeof message === 'string' ? message : JSON.stringify(message), viewers);
  /** A device's envelope (text that passed the checks) as the viewers get it: spliced in, not stringified again. */
  const deviceMessage = (id: string, page: string | undefined, envelope: string) =>
    `{"type":"device","device":${JSON.stringify(id)},${page === undefined ? '' : `"page":${JSON.stringify(page)},`}"message":{"type":"agent","envelope":${envelope}}}`;
  const sendDevices = () => toViewers({ type: 'devices', devices: deviceList().map(deviceInfo) });
  const toDevice = (link: DeviceLink, command: CommandMessage) =>
    deliver(JSON.stringify({ ...command, source: SOURCE_RELAY, v: PROTOCOL_VERSION }), [link.ws]);
  const presence = (link: DeviceLink) =>
    toDevice(link, {
      type: 'command',
      id: `presence-${++commandNumber}`,
      name: 'presence',
      present: viewers.size > 0,
    });
  const snapshot = (link: DeviceLink) =>
    toDevice(link, { type: 'command', id: `snapshot-${++commandNumber}`, name: 'snapshot' });
  const allLinks = () => deviceList().flatMap((device) => [...device.links]);

  /** Forwards one envelope of a device's page to the viewers; false if it fails a check. */
  function onDeviceMessage(link: DeviceLink, text: string): boolean {
    const value = parse(text);
    if (!isAgentEnvelope(value)) return false;
    if (link.session !== null && value.session !== link.session) return false;
    if (value.type === 'reply' && !takeReply(link, value.payload)) return false;
    link.session ??= value.session;
    sawDevice(link.device);
    // The connection's tab, decided at its first envelope (hub-pages.ts); the viewers learn of a new or returning
    // page, and of its URL, from the device list.
    const arrived = link.page === null;
    link.page ??= pageOf(link.device, value.session);
    const url = link.page.url;
    notePageUrl(link.page, value);
    // The text parsed as this envelope, so it is spliced in as it came: a 32 MB snapshot is not stringified again.
    toViewers(deviceMessage(link.device.id, link.page.id, text));
    if (arrived || url !== link.page.url) sendDevices();
    return true;
  }

  /** Forwards a viewer's command to its device's page(s); false if it fails a check or names no connected device. */
  function onViewerMessage(text: string): boolean {
    const value = parse(text);
    if (!isViewerToHub(value)) return false;
    const device = devices.get(value.device);
    const all = device ? [...device.links] : [];
    // The tab's connections; a tab that has gone leaves the choice to commandTargets (the newest page answers).
    const ofPage = value.page === undefined ? all : all.filter((link) => link.page?.id === value.page);
    const links = ofPage.length > 0 ? ofPage : all;
    if (links.length === 0) return false;
    for (const link of commandTargets(links, value.command)) toDevice(link, value.command as CommandMessage);
    return true;
  }

  function acceptDevice(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const known = cookies.deviceId(req);
    const existing = known === null ? undefined : devices.get(known);
    const address = addressOf(req);
    // Refused rather than closing an older page's socket: a page that was closed would reconnect, and two
    // pages could take turns forever. A stale socket goes with the heartbeat.
    if (existing && existing.links.size >= MAX_LINKS_PER_DEVICE) {
      refuseUpgrade(socket, 503, 'Too many connections from this device');
      return;
    }
    if (!existing && !devices.room(address)) {
      refuseUpgrade(socket, 503, 'Too many devices');
      return;
    }
    const share = devices.openSocket(address);
    if (!share) {
      refuseUpgrade(socket, 503, 'Too many connections from this address');
      return;
    }
    const id = known ?? randomBytes(16).toString('hex');
    const ws = sockets.accept(req, socket, head, known === null ? { 'Set-Cookie': cookies.header(id) } : {}, share);
    if (!ws) {
      devices.closeSocket(address);
      return;
    }
    const device = devices.remember(id, req);
    const link: DeviceLink = { ws, device, session: null, page: null, pending: new Set() };
    device.links.add(link);
    ws.on('message', (text) => guard('device message', () => count(onDeviceMessage(link, text))));
    ws.on('close', () =>
      guard('device close', () => {
        devices.closeSocket(address);
        device.links.delete(link);
        linkClosed(link);
        sawDevice(device);
        if (closed) return;
        if (device.links.size > 0) {
          // Another tab of the device is still there: only this page is gone.
          sendDevices();
          return;
        }
        toViewers({ type: 'device', device: device.id, message: { type: 'agent-disconnected' } });
        sendDevices();
      }),
    );
    presence(link);
    if (viewers.size > 0) {
      toViewers({ type: 'device', device: id, message: { type: 'agent-connected' } });
      sendDevices();
      snapshot(link);
    }
  }

  function acceptViewer(req: IncomingMessage, socket: Duplex, head: Buffer, given: string | null): void {
    if (!sameToken(given, token)) {
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    if (viewers.size >= MAX_VIEWERS) {
      refuseUpgrade(socket, 503, 'Too many viewers');
      return;
    }
    const ws = sockets.accept(req, socket, head);
    if (!ws) return;
    viewers.add(ws);
    ws.on('message', (text) => guard('viewer message', () => count(onViewerMessage(text))));
    ws.on('close', () =>
      guard('viewer close', () => {
        viewers.delete(ws);
        // Without a viewer the agents keep recording but post no events (as with DevTools closed).
        if (viewers.size === 0 && !closed) for (const link of allLinks()) presence(link);
      }),
    );
    const list = deviceList();
    deliver(JSON.stringify({ type: 'devices', devices: list.map(deviceInfo) } satisfies HubToViewer), [ws]);
    for (const device of list) {
      // A page's last words first: its successor's snapshot (asked for below) comes after it.
      if (device.lastWords) deliver(device.lastWords, [ws]);
      if (device.links.size === 0) continue;
      const message: HubToViewer = { type: 'device', device: device.id, message: { type: 'agent-connected' } };
      deliver(JSON.stringify(message), [ws]);
    }
    const links = allLinks();
    if (viewers.size === 1) for (const link of links) presence(link);
    for (const link of links) snapshot(link);
  }

  /**
   * A page's last snapshot, sent with navigator.sendBeacon at pagehide when its socket was down (socket-end.ts): on
   * the dev server, Vite's client reloads the page as soon as the server answers again, before our socket is back,
   * and what the page recorded meanwhile would be lost. The device is the one of the cookie the beacon carries,
   * which this project's hub signed on one of its sockets' 101, before a restart of the dev server too
   * (hub-auth.ts): a made-up cookie names no device and makes none.
   */
  function onBeacon(req: IncomingMessage, text: string): boolean {
    const id = cookies.deviceId(req);
    const value = parse(text);
    if (id === null || !isAgentEnvelope(value) || value.type !== 'snapshot') return false;
    if (!devices.get(id) && !devices.room(addressOf(req))) return false;
    const device = devices.remember(id, req);
    // Its page, as known by its session (a page that had connected before), else the tab it continues or a new one.
    const page = pageOfSession(device, value.session) ?? pageOf(device, value.session);
    notePageUrl(page, value);
    pageClosed(device, page);
    const lastWords = deviceMessage(device.id, page.id, text);
    if (!devices.keepLastWords(device, lastWords)) return false;
    sendDevices();
    toViewers(lastWords);
    return true;
  }

  const http = createHttpHandler({
    allowed: (given) => sameToken(given, token),
    policy: options,
    budget,
    forbidden: () => {
      forbidden += 1;
    },
    beacon: (req, text) => {
      let accepted = false;
      guard('beacon', () => {
        accepted = onBeacon(req, text);
        count(accepted);
      });
      return accepted;
    },
    viewerDir: options.viewerDir ?? fileURLToPath(new URL('./viewer/', import.meta.url)),
    agentFile: options.agentFile ?? fileURLToPath(new URL('./agent.js', import.meta.url)),
    stats: () => hub.stats(),
  });

  const hub: Hub = {
    handleUpgrade(req, socket, head) {
      const url = requestUrl(req);
      if (url?.pathname !== DEVICE_SOCKET_PATH) return false;
      guard(
        'upgrade',
        () => {
          const role = url.searchParams.get('role');
          // A device's page may be served from another port of this machine; the viewer only by the hub itself.
          if (!requestAllowed(req, options, role !== 'viewer')) {
            forbidden += 1;
            refuseUpgrade(socket, 403, 'Forbidden');
          } else if (closed) refuseUpgrade(socket, 503, 'Closed');
          else if (role === 'device') acceptDevice(req, socket, head);
          else if (role === 'viewer') acceptViewer(req, socket, head, url.searchParams.get('token'));
          else refuseUpgrade(socket, 400, 'role must be device or viewer');
        },
        socket,
      );
      return true;
    },
    middleware: http,
    close() {
      if (closed) return;
      closed = true;
      for (const viewer of viewers) viewer.close(1001, 'server closing');
      for (const link of allLinks()) link.ws.close(1001, 'server closing');
    },
    stats: () => ({
      devices: deviceList().map((device) => ({ ...deviceInfo(device), connections: device.links.size })),
      viewers: viewers.size,
      rejected,
      forbidden,
      overBudget,
      memory: { used: budget.used, limit: budget.limit },
    }),
  };
  return hub;
}
