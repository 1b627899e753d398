// The hub's shapes and limits (plugin/hub.ts): what it promises its hosts (the Vite plugin, the CLI) and what it
// keeps per device and per page.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DeviceInfo } from '../shared/device-protocol';
import type { OriginPolicy } from './hub-origin';
import type { Connection, SocketOptions } from './websocket';

export const MAX_VIEWERS = 20;
export const MAX_DEVICES = 100;
export const MAX_LINKS_PER_DEVICE = 10;
/** Devices one network address may hold: a desktop with a few browsers, a phone with a few private tabs. More from
 * one address is someone making them up; it must not fill the list that real phones need. */
export const MAX_DEVICES_PER_ADDRESS = 10;
/** Open sockets (devices and viewers) from one address: each may hold an unfinished message of up to 33 MiB. */
export const MAX_CONNECTIONS_PER_ADDRESS = 32;
/** Command ids forwarded to one connection and not answered yet: enough for any panel, bounded for a bad one. */
export const MAX_PENDING_COMMANDS = 256;
export const MAX_USER_AGENT = 300;

export interface HubOptions extends OriginPolicy {
  /** The viewer's secret: required in `?token=` by the viewer page, its socket and the stats. */
  token: string;
  /** Signs the devices' cookies (device-key.ts); default: a key of this hub's own, so a restart forgets devices. */
  deviceKey?: Buffer;
  /** Unexpected internal errors (never the peers' mistakes, which are only counted). */
  log?: (message: string) => void;
  /** The built viewer (index.html, assets/); default `./viewer/` beside the built plugin file. */
  viewerDir?: string;
  /** The agent script, served at `/__uni-transfers/agent.js`; default `./agent.js` beside the built plugin. */
  agentFile?: string;
  /** Socket limits and heartbeat (tests shorten them). */
  socket?: SocketOptions;
  /** The bytes peers may make the hub hold, all together (DEFAULT_MEMORY_BUDGET). */
  memoryBudget?: number;
}

export interface HubStats {
  devices: (DeviceInfo & { connections: number })[];
  viewers: number;
  /** Messages and commands dropped because they failed a check. */
  rejected: number;
  /** Upgrades and beacons refused for their Host or Origin. */
  forbidden: number;
  /** Messages not sent because the memory budget was full (the peers behind were cut). */
  overBudget: number;
  /** Bytes held against the memory budget now, and the budget. */
  memory: { used: number; limit: number };
}

export interface Hub {
  /** Takes an http 'upgrade' on DEVICE_SOCKET_PATH; false (socket untouched) for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Connect-style middleware for the viewer page, its assets, the agent script and the stats. */
  middleware(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  close(): void;
  stats(): HubStats;
}

export interface Device {
  id: string;
  userAgent: string;
  firstSeen: number;
  lastSeen: number;
  /** Order of last sight (clocks tie within a millisecond): the list's order and who is forgotten first. */
  rank: number;
  /** The network address it first came from: its slots are counted there. */
  address: string;
  links: Set<DeviceLink>;
  /** Its tabs (hub-pages.ts), by id. */
  pages: Map<string, DevicePage>;
  /** The last snapshot one of its pages beaconed at pagehide (at most 64 KiB), for viewers that connect later. */
  lastWords?: string;
}

/** One page of a device (a connection of its agent). */
export interface DeviceLink {
  ws: Connection;
  device: Device;
  /** Fixed by the first valid envelope: a page load's agent keeps one session. */
  session: string | null;
  /** The tab it belongs to (hub-pages.ts), fixed with the session. */
  page: DevicePage | null;
  /** Ids of viewer commands forwarded here; a reply must name one of them. */
  pending: Set<string>;
}

/** One tab of a device (hub-pages.ts). */
export interface DevicePage {
  id: string;
  url: string;
  firstSeen: number;
  lastSeen: number;
  /** Order of last sight: the list's order. */
  rank: number;
  /** The sessions (page loads) seen in it, the latest last. */
  sessions: string[];
  /** When its last connection closed; null while one is open (or before any closed). */
  closedAt: number | null;
}
