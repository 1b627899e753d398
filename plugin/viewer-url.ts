// The viewer's URL as the dev server (or the CLI) prints it. A phone reaches the dev server over the LAN, so the
// printed URL uses the LAN address whenever the server listens on one: the desktop opening it is on the LAN too.

import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { BASE_PATH } from '../shared/device-protocol';

/** Tests find this text in the dev server's output: keep it exact. */
export const VIEWER_LINE_PREFIX = '  uni Transfers viewer: ';

export const viewerUrl = (origin: string, token: string) => `${origin}${BASE_PATH}?token=${encodeURIComponent(token)}`;

/** The first external IPv4 address of this machine, if any. */
export function lanAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (!entry.internal && (entry.family === 'IPv4' || (entry.family as unknown) === 4)) return entry.address;
    }
  }
  return undefined;
}

/** The origin a listening server is reached at: the LAN address when it listens on all interfaces. */
export function listeningOrigin(address: AddressInfo | string | null, secure: boolean): string | undefined {
  if (!address || typeof address === 'string') return undefined;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? (lanAddress() ?? 'localhost') : address.address;
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `${secure ? 'https' : 'http'}://${bracketed}:${address.port}`;
}
