// The npm package's wire (issue 12): phones' agents and desktop viewers meet on the dev server's hub
// (plugin/hub.ts), over WebSockets on the dev server's own port, at DEVICE_SOCKET_PATH.
//
//   device (agent, socket-end.ts)  --AgentEnvelope JSON-->  hub  --HubToViewer-->  viewer (panel, socket-transport)
//                                  <--RelayEnvelope JSON--       <--ViewerToHub--
//
// The hub routes by device as the extension's background routes by tab, and holds no truth the device does not
// hold: a viewer that opens late, or a device that comes back, gets a snapshot from the device's agent.

import { isId, isObject } from './checks';
import { type BackgroundToPanel, isBackgroundMessage, isPanelMessage, type PanelCommand } from './protocol';

/** Every path the hub serves starts with this (the viewer page is at `${BASE_PATH}?token=…`). */
export const BASE_PATH = '/__uni-transfers/';
/** WebSocket endpoint: `?role=device` for agents, `?role=viewer&token=…` for viewers. */
export const DEVICE_SOCKET_PATH = `${BASE_PATH}ws`;

/**
 * One tab of the app on a device (issue 19): its page loads (a reload, a navigation in the same tab) follow one
 * another in it; two tabs are two pages. The hub tells a tab's next load from a new tab as the page does not say:
 * a load that starts while one of the device's pages has just closed (within PAGE_FOLLOW_MS) continues that page.
 */
export interface PageInfo {
  id: string;
  /** The page's URL as its agent last said (its runtime info); '' before it said. */
  url: string;
  firstSeen: number;
  lastSeen: number;
  /** Whether its agent is connected now; a closed tab's page stays listed, not connected. */
  connected: boolean;
}

/** One browser that loaded the app (a phone), as the hub knows it. */
export interface DeviceInfo {
  /** The hub's id for the device: stable across the page's reloads while its cookie lives. */
  id: string;
  userAgent: string;
  /** ms since the epoch (the hub's clock). */
  firstSeen: number;
  lastSeen: number;
  /** Whether one of its pages is connected now. */
  connected: boolean;
  /** Its tabs, newest first (absent from a hub before issue 19). */
  pages?: PageInfo[];
}

export type HubToViewer =
  /** On connect and whenever a device comes, goes or changes. */
  | { type: 'devices'; devices: DeviceInfo[] }
  /** What the extension's background would send a panel inspecting that device's tab. */
  | { type: 'device'; device: string; page?: string; message: BackgroundToPanel };

/** `page`: the tab the command is for (all of the device's pages when absent). */
export type ViewerToHub = { type: 'command'; device: string; page?: string; command: PanelCommand };

export function isPageInfo(value: unknown): value is PageInfo {
  return (
    isObject(value) &&
    isId(value.id) &&
    typeof value.url === 'string' &&
    Number.isFinite(value.firstSeen) &&
    Number.isFinite(value.lastSeen) &&
    typeof value.connected === 'boolean'
  );
}

export function isDeviceInfo(value: unknown): value is DeviceInfo {
  return (
    isObject(value) &&
    isId(value.id) &&
    typeof value.userAgent === 'string' &&
    Number.isFinite(value.firstSeen) &&
    Number.isFinite(value.lastSeen) &&
    typeof value.connected === 'boolean' &&
    (value.pages === undefined || (Array.isArray(value.pages) && value.pages.every(isPageInfo)))
  );
}

/** Shape check at the viewer's boundary; the panel checks the agent's envelopes deeply, as in DevTools. */
export function isHubToViewer(value: unknown): value is HubToViewer {
  if (!isObject(value)) return false;
  if (value.type === 'devices') return Array.isArray(value.devices) && value.devices.every(isDeviceInfo);
  return (
    value.type === 'device' &&
    isId(value.device) &&
    (value.page === undefined || isId(value.page)) &&
    isBackgroundMessage(value.message)
  );
}

export function isViewerToHub(value: unknown): value is ViewerToHub {
  return (
    isObject(value) &&
    value.type === 'command' &&
    isId(value.device) &&
    (value.page === undefined || isId(value.page)) &&
    isPanelMessage(value.command) &&
    (value.command as { type?: unknown }).type === 'command'
  );
}
