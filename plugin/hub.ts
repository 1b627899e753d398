// The hub: where phones' agents and desktop viewers meet on the dev server's port (shared/device-protocol.ts).
// It routes by device as extension/background.ts routes by tab, and holds no truth the device does not hold:
// a viewer that opens late, or a device that comes back, gets a snapshot from the device's own agent. The one
// thing kept is each device's last beacon (onBeacon): a page's record that would otherwise be lost.
//
// Devices are untrusted (any page that can reach the port can claim to be one), so their messages are checked
// and only ever shown as data; viewers hold the token the dev server printed, so only they can send commands.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DEVICE_SOCKET_PATH, type DeviceInfo, type HubToViewer, isViewerToHub } from '../shared/device-protocol';
import { type CommandMessage, isAgentEnvelope, PROTOCOL_VERSION, SOURCE_RELAY } from '../shared/protocol';
import { cookieDeviceId, cookieHeader, sameToken } from './hub-auth';
import { createHttpHandler, requestUrl } from './hub-http';
import {
  type Device,
  type DeviceLink,
  type Hub,
  type HubOptions,
  MAX_DEVICES,
  MAX_LINKS_PER_DEVICE,
  MAX_PENDING_COMMANDS,
  MAX_USER_AGENT,
  MAX_VIEWERS,
} from './hub-types';
import { acceptWebSocket, type Connection, refuseUpgrade } from './websocket';

export type { Hub, HubOptions, HubStats } from './hub-types';

export function createHub(options: HubOptions): Hub {
  const { token, log } = options;
  const devices = new Map<string, Device>();
  const viewers = new Set<Connection>();
  let rejected = 0;
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

  const deviceInfo = (device: Device): DeviceInfo => ({
    id: device.id,
    userAgent: device.userAgent,
    firstSeen: device.firstSeen,
    lastSeen: device.lastSeen,
    connected: device.links.size > 0,
  });
  /** Most recently seen first. */
  const deviceList = () => [...devices.values()].sort((a, b) => b.rank - a.rank);
  let seen = 0;
  const sawDevice = (device: Device) => {
    device.lastSeen = Date.now();
    device.rank = ++seen;
  };

  const toViewers = (message: HubToViewer | string) => {
    if (viewers.size === 0) return;
    const bytes = Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8');
    for (const viewer of viewers) viewer.send(bytes);
  };
  /** A device's envelope (text that passed the checks) as the viewers get it: spliced in, not stringified again. */
  const deviceMessage = (id: string, envelope: string) =>
    `{"type":"device","device":${JSON.stringify(id)},"message":{"type":"agent","envelope":${envelope}}}`;
  const sendDevices = () => toViewers({ type: 'devices', devices: deviceList().map(deviceInfo) });
  const toDevice = (link: DeviceLink, command: CommandMessage) =>
    link.ws.send(JSON.stringify({ ...command, source: SOURCE_RELAY, v: PROTOCOL_VERSION }));
  const presence = (link: DeviceLink) =>
    toDevice(link, {
      type: 'command',
      id: `presence-${++commandNumber}`,
      name: 'presence',
      present: viewers.size > 0,
    });
  const snapshot = (link: DeviceLink) =>
    toDevice(link, { type: 'command', id: `snapshot-${++commandNumber}`, name: 'snapshot' });
  const allLinks = () => [...devices.values()].flatMap((device) => [...device.links]);

  /** Forwards one envelope of a device's page to the viewers; false if it fails a check. */
  function onDeviceMessage(link: DeviceLink, text: string): boolean {
    const value = parse(text);
    if (!isAgentEnvelope(value)) return false;
    if (link.session !== null && value.session !== link.session) return false;
    // A reply must answer a command this connection was given: a page cannot make up answers to other commands.
    if (value.type === 'reply') {
      const id = (value.payload as { id?: unknown }).id;
      if (typeof id !== 'string' || !link.pending.delete(id)) return false;
    }
    link.session ??= value.session;
    sawDevice(link.device);
    // The text parsed as this envelope, so it is spliced in as it came: a 32 MB snapshot is not stringified again.
    toViewers(deviceMessage(link.device.id, text));
    return true;
  }

  /** Forwards a viewer's command to its device's page(s); false if it fails a check or names no connected device. */
  function onViewerMessage(text: string): boolean {
    const value = parse(text);
    if (!isViewerToHub(value)) return false;
    const device = devices.get(value.device);
    const links = device ? [...device.links] : [];
    if (links.length === 0) return false;
    const { command } = value;
    const session = 'session' in command ? command.session : undefined;
    let targets = session === undefined ? links : links.filter((link) => link.session === session);
    // A command for a page that has gone (reloaded) goes to the newest page, whose agent answers `unknown-task`
    // (as the extension's background forwards it to the tab's current page): the panel gets an answer, not a wait.
    if (targets.length === 0) targets = links.slice(-1);
    for (const link of targets) {
      if (link.pending.size >= MAX_PENDING_COMMANDS) {
        link.pending.delete(link.pending.values().next().value as string);
      }
      link.pending.add(command.id);
      toDevice(link, command as CommandMessage);
    }
    return true;
  }

  /** Makes room for one more remembered device: the one gone longest is forgotten. False if all are connected. */
  function roomForDevice(): boolean {
    if (devices.size < MAX_DEVICES) return true;
    let oldest: Device | null = null;
    for (const device of devices.values()) {
      if (device.links.size === 0 && (!oldest || device.rank < oldest.rank)) oldest = device;
    }
    if (!oldest) return false;
    devices.delete(oldest.id);
    return true;
  }

  /** The device of this id (made now if new), with the request's user agent, seen now. */
  function rememberDevice(id: string, req: IncomingMessage): Device {
    const userAgent = String(req.headers['user-agent'] ?? '').slice(0, MAX_USER_AGENT);
    const device = devices.get(id) ?? { id, userAgent, firstSeen: Date.now(), lastSeen: 0, rank: 0, links: new Set() };
    device.userAgent = userAgent;
    sawDevice(device);
    devices.set(id, device);
    return device;
  }

  function acceptDevice(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const known = cookieDeviceId(req);
    const existing = known === null ? undefined : devices.get(known);
    // Refused rather than closing an older page's socket: a page that was closed would reconnect, and two
    // pages could take turns forever. A stale socket goes with the heartbeat.
    if (existing && existing.links.size >= MAX_LINKS_PER_DEVICE) {
      refuseUpgrade(socket, 503, 'Too many connections from this device');
      return;
    }
    if (!existing && !roomForDevice()) {
      refuseUpgrade(socket, 503, 'Too many devices');
      return;
    }
    const id = known ?? randomBytes(16).toString('hex');
    const ws = acceptWebSocket(req, socket, head, {
      ...options.socket,
      headers: known === null ? { 'Set-Cookie': cookieHeader(id) } : {},
    });
    if (!ws) return;
    const device = rememberDevice(id, req);
    const link: DeviceLink = { ws, device, session: null, pending: new Set() };
    device.links.add(link);
    ws.on('message', (text) => guard('device message', () => count(onDeviceMessage(link, text))));
    ws.on('close', () =>
      guard('device close', () => {
        device.links.delete(link);
        sawDevice(device);
        if (device.links.size > 0 || closed) return;
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
    const ws = acceptWebSocket(req, socket, head, options.socket);
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
    ws.send(JSON.stringify({ type: 'devices', devices: list.map(deviceInfo) } satisfies HubToViewer));
    for (const device of list) {
      // A page's last words first: its successor's snapshot (asked for below) comes after it.
      if (device.lastWords) ws.send(device.lastWords);
      if (device.links.size === 0) continue;
      const message: HubToViewer = { type: 'device', device: device.id, message: { type: 'agent-connected' } };
      ws.send(JSON.stringify(message));
    }
    const links = allLinks();
    if (viewers.size === 1) for (const link of links) presence(link);
    for (const link of links) snapshot(link);
  }

  /**
   * A page's last snapshot, sent with navigator.sendBeacon at pagehide when its socket was down (socket-end.ts): on
   * the dev server, Vite's client reloads the page as soon as the server answers again, before our socket is back,
   * and what the page recorded meanwhile would be lost. The device is the one of the cookie the beacon carries.
   */
  function onBeacon(req: IncomingMessage, text: string): boolean {
    const id = cookieDeviceId(req);
    const value = parse(text);
    if (id === null || !isAgentEnvelope(value) || value.type !== 'snapshot') return false;
    // The dev server may have restarted meanwhile (a new hub): the cookie still names the device.
    if (!devices.has(id) && !roomForDevice()) return false;
    const device = rememberDevice(id, req);
    device.lastWords = deviceMessage(device.id, text);
    sendDevices();
    toViewers(device.lastWords);
    return true;
  }

  const http = createHttpHandler({
    allowed: (given) => sameToken(given, token),
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
          if (closed) refuseUpgrade(socket, 503, 'Closed');
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
    }),
  };
  return hub;
}
