// A device's tabs (issue 19): each connection of its agent belongs to one page, so a viewer shows one tab's tasks
// and two tabs of the app on one phone no longer take turns in one list. A page does not say which tab it is in
// (the agent writes nothing to the page's storage, where a tab id could live), so the hub decides, at the
// connection's first envelope:
//   - a session it already knows (a page back from the back/forward cache, a socket that reconnected) → its page;
//   - else the page of the device that closed last, if it closed within PAGE_FOLLOW_MS and nothing took it since:
//     a reload, or a navigation in the same tab, closes the old page's socket just before the new one opens;
//   - else a new page (a new tab).
// Two tabs reloading at the same moment can swap pages; their tasks stay apart all the same.

import { randomBytes } from 'node:crypto';
import type { PageInfo } from '../shared/device-protocol';
import type { Device, DeviceLink, DevicePage } from './hub-types';

/** How soon after a page closed a new load of the device continues it (a reload takes well under a second). */
export const PAGE_FOLLOW_MS = 10_000;
/** Pages kept per device; the oldest closed one goes first. */
export const MAX_PAGES_PER_DEVICE = 20;
/** Sessions remembered per page (to find a page again by its session). */
const MAX_SESSIONS_PER_PAGE = 20;
const MAX_URL = 2048;

export const pageConnected = (device: Device, page: DevicePage) => [...device.links].some((link) => link.page === page);

export function pageInfo(device: Device, page: DevicePage): PageInfo {
  return {
    id: page.id,
    url: page.url,
    firstSeen: page.firstSeen,
    lastSeen: page.lastSeen,
    connected: pageConnected(device, page),
  };
}

/** Newest first. */
export const pageList = (device: Device) => [...device.pages.values()].sort((a, b) => b.rank - a.rank);

let rank = 0;

/** The page a connection's first envelope (of `session`) belongs to, made now if new. */
export function pageOf(device: Device, session: string, now = Date.now()): DevicePage {
  const pages = [...device.pages.values()];
  const known = pages.find((page) => page.sessions.includes(session));
  const followed =
    known ??
    pages
      .filter((page) => page.closedAt !== null && now - page.closedAt <= PAGE_FOLLOW_MS && !pageConnected(device, page))
      .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))[0];
  const page = followed ?? newPage(device, now);
  if (!page.sessions.includes(session)) {
    page.sessions.push(session);
    if (page.sessions.length > MAX_SESSIONS_PER_PAGE) page.sessions.shift();
  }
  page.closedAt = null;
  page.lastSeen = now;
  page.rank = ++rank;
  return page;
}

function newPage(device: Device, now: number): DevicePage {
  if (device.pages.size >= MAX_PAGES_PER_DEVICE) {
    const oldest = pageList(device)
      .reverse()
      .find((page) => !pageConnected(device, page));
    if (oldest) device.pages.delete(oldest.id);
  }
  const page: DevicePage = {
    id: randomBytes(8).toString('hex'),
    url: '',
    firstSeen: now,
    lastSeen: now,
    rank: 0,
    sessions: [],
    closedAt: null,
  };
  device.pages.set(page.id, page);
  return page;
}

/** The link's connection closed: its page is gone unless another connection of the page is open. */
export function linkClosed(link: DeviceLink, now = Date.now()): void {
  if (link.page) pageClosed(link.device, link.page, now);
}

/** A page with no open connection is gone (closed now), and may be continued by the device's next load. */
export function pageClosed(device: Device, page: DevicePage, now = Date.now()): void {
  if (pageConnected(device, page)) return;
  page.closedAt = now;
  page.lastSeen = now;
}

/** The page's URL, from its agent's runtime info (hello, runtime, snapshot). */
export function notePageUrl(page: DevicePage, envelope: { type: string; payload?: unknown }): void {
  const runtime = (envelope.payload as { runtime?: { url?: unknown } } | undefined)?.runtime;
  if (typeof runtime?.url === 'string') page.url = runtime.url.slice(0, MAX_URL);
}

/** The page of a beaconed snapshot's session, if the hub knows it. */
export const pageOfSession = (device: Device, session: string) =>
  [...device.pages.values()].find((page) => page.sessions.includes(session));
