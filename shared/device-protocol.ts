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
}

export type HubToViewer =
  /** On connect and whenever a device comes, goes or changes. */
  | { type: 'devices'; devices: DeviceInfo[] }
  /** What the extension's background would send a panel inspecting that device's tab. */
  | { type: 'device'; device: string; message: BackgroundToPanel };

export type ViewerToHub = { type: 'command'; device: string; command: PanelCommand };

export function isDeviceInfo(value: unknown): value is DeviceInfo {
  return (
    isObject(value) &&
    isId(value.id) &&
    typeof value.userAgent === 'string' &&
    Number.isFinite(value.firstSeen) &&
    Number.isFinite(value.lastSeen) &&
    typeof value.connected === 'boolean'
  );
}

/** Shape check at the viewer's boundary; the panel checks the agent's envelopes deeply, as in DevTools. */
export function isHubToViewer(value: unknown): value is HubToViewer {
  if (!isObject(value)) return false;
  if (value.type === 'devices') return Array.isArray(value.devices) && value.devices.every(isDeviceInfo);
  return value.type === 'device' && isId(value.device) && isBackgroundMessage(value.message);
}

export function isViewerToHub(value: unknown): value is ViewerToHub {
  return (
    isObject(value) &&
    value.type === 'command' &&
    isId(value.device) &&
    isPanelMessage(value.command) &&
    (value.command as { type?: unknown }).type === 'command'
  );
}
