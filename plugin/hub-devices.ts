// The devices the hub knows, and who gets a slot. Anyone who reaches the port can claim to be a device (a page
// of the app, or a script that sends no Origin), so the slots are shared out by network address: one address
// cannot take the list that other phones need, and a newcomer never pushes out a device of another address
// (it is refused instead). Only a device's own address may make way for it: a browser in private mode gets a
// new cookie at each start, and its gone devices would otherwise fill its share for good.

import type { IncomingMessage } from 'node:http';
import type { DeviceInfo } from '../shared/device-protocol';
import { ADDRESS_SHARE, MemoryBudget } from './hub-budget';
import { pageInfo, pageList } from './hub-pages';
import {
  type Device,
  MAX_CONNECTIONS_PER_ADDRESS,
  MAX_DEVICES,
  MAX_DEVICES_PER_ADDRESS,
  MAX_USER_AGENT,
} from './hub-types';

/** The peer's address as the TCP connection says (a header could be made up). */
export const addressOf = (req: IncomingMessage) => req.socket.remoteAddress ?? '';

export function createDeviceTable(budget: MemoryBudget) {
  const devices = new Map<string, Device>();
  /** Open sockets and their share of the budget, by address. */
  const sockets = new Map<string, { open: number; share: MemoryBudget }>();
  let seen = 0;

  const forget = (device: Device) => {
    devices.delete(device.id);
    budget.give(device.lastWords?.length ?? 0);
  };

  return {
    get: (id: string) => devices.get(id),
    /** Most recently seen first. */
    list: () => [...devices.values()].sort((a, b) => b.rank - a.rank),
    info: (device: Device): DeviceInfo => ({
      id: device.id,
      userAgent: device.userAgent,
      firstSeen: device.firstSeen,
      lastSeen: device.lastSeen,
      connected: device.links.size > 0,
      pages: pageList(device).map((page) => pageInfo(device, page)),
    }),
    saw(device: Device): void {
      device.lastSeen = Date.now();
      device.rank = ++seen;
    },

    /** Counts one more open socket from this address: its share of the budget, or null when it has its count. */
    openSocket(address: string): MemoryBudget | null {
      const entry = sockets.get(address) ?? { open: 0, share: new MemoryBudget(budget.limit * ADDRESS_SHARE, budget) };
      if (entry.open >= MAX_CONNECTIONS_PER_ADDRESS) return null;
      entry.open += 1;
      sockets.set(address, entry);
      return entry.share;
    },
    closeSocket(address: string): void {
      const entry = sockets.get(address);
      if (entry && --entry.open <= 0) sockets.delete(address);
    },

    /** Makes room for a new device from this address, forgetting at most one of its own gone devices. */
    room(address: string): boolean {
      const own = [...devices.values()].filter((device) => device.address === address);
      if (own.length < MAX_DEVICES_PER_ADDRESS && devices.size < MAX_DEVICES) return true;
      let oldest: Device | null = null;
      for (const device of own) {
        if (device.links.size === 0 && (!oldest || device.rank < oldest.rank)) oldest = device;
      }
      if (!oldest) return false;
      forget(oldest);
      return devices.size < MAX_DEVICES;
    },

    /** The device of this id (made now, from this address, if new), with the request's user agent, seen now. */
    remember(id: string, req: IncomingMessage): Device {
      const userAgent = String(req.headers['user-agent'] ?? '').slice(0, MAX_USER_AGENT);
      const device = devices.get(id) ?? {
        id,
        userAgent,
        firstSeen: Date.now(),
        lastSeen: 0,
        rank: 0,
        address: addressOf(req),
        links: new Set(),
        pages: new Map(),
      };
      device.userAgent = userAgent;
      this.saw(device);
      devices.set(id, device);
      return device;
    },

    /** Keeps a page's last words in the budget, in place of the device's earlier ones; false if they do not fit. */
    keepLastWords(device: Device, text: string): boolean {
      const before = device.lastWords?.length ?? 0;
      budget.give(before);
      if (!budget.take(text.length)) {
        budget.take(before);
        return false;
      }
      device.lastWords = text;
      return true;
    },
  };
}

export type DeviceTable = ReturnType<typeof createDeviceTable>;
