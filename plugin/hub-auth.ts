// Who is who at the hub: the viewer by the token the dev server printed, a device by the cookie the hub gave it.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const COOKIE = 'uni_transfers_device';
const COOKIE_VALUE = /^[0-9a-f]{32}$/;
/** HttpOnly and scoped to our path: the app can neither read the id nor send it to its own servers. */
export const cookieHeader = (id: string) =>
  `${COOKIE}=${id}; Path=/__uni-transfers/; HttpOnly; SameSite=Strict; Max-Age=31536000`;

/** Compares through fixed-length digests, so neither the content nor the length of the token leaks in timing. */
export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** The device id of the hub's cookie; null when it is absent or not one of ours (the device then gets a new one). */
export function cookieDeviceId(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === COOKIE && value !== undefined && COOKIE_VALUE.test(value)) return value;
  }
  return null;
}
