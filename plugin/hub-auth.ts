// Who is who at the hub: the viewer by the token the dev server printed, a device by the cookie the hub gave it.
//
// A device's cookie is its id and a MAC of that id under the project's device key (device-key.ts, kept under
// node_modules/.cache so that it outlives a restart of the dev server). So a beacon that comes after a restart,
// before the page's socket is back (Vite's client reloads the page first), is still known as the phone's own,
// while a made-up cookie names no device and makes none.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const COOKIE = 'uni_transfers_device';
const COOKIE_VALUE = /^([0-9a-f]{32})\.([0-9a-f]{32})$/;

/** Compares through fixed-length digests, so neither the content nor the length of the token leaks in timing. */
export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}

export interface DeviceCookies {
  /** The Set-Cookie header naming a device: HttpOnly and scoped to our path, so the app can neither read the id
   * nor send it to its own servers. */
  header(id: string): string;
  /** The device id of the request's cookie; null when it is absent or was not issued under this key. */
  deviceId(req: IncomingMessage): string | null;
}

export function deviceCookies(key: Buffer): DeviceCookies {
  const mac = (id: string) => createHmac('sha256', key).update(id, 'utf8').digest('hex').slice(0, 32);
  return {
    header: (id) => `${COOKIE}=${id}.${mac(id)}; Path=/__uni-transfers/; HttpOnly; SameSite=Strict; Max-Age=31536000`,
    deviceId(req) {
      for (const part of (req.headers.cookie ?? '').split(';')) {
        const [name, value] = part.trim().split('=', 2);
        const match = name === COOKIE && value !== undefined ? COOKIE_VALUE.exec(value) : null;
        if (!match) continue;
        const [, id, given] = match as unknown as [string, string, string];
        if (timingSafeEqual(Buffer.from(given), Buffer.from(mac(id)))) return id;
      }
      return null;
    },
  };
}
