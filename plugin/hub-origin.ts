// Who may talk to the hub at all, from the request's Host and Origin, as Vite guards its own HMR socket
// (vite/src/node/server/ws.ts: allowed hosts, then the Origin) — Vite 5.2, which uni-app ships, checks neither.
//
// Host: a browser sends the name it resolved. A loopback name or an IP address cannot be rebound by someone else's
// DNS; any other name must be one the server was configured for (Vite's `server.allowedHosts`, `server.host`),
// else a page of another site could rebind its own name to this machine and read us as same-origin.
//
// Origin: a browser always sends it on a WebSocket upgrade and on a POST, and a page cannot forge it. A page of
// another site gets nothing. Our own pages are the dev server's (same origin: Origin's host = Host), or, for
// `uni-transfer-devtools serve` and `build: true`, an app server on another port of the same machine (same host
// name: the same site in the browser's sense), or an origin the developer listed. No Origin at all means a client
// that is not a web page (curl, a script): it could send any Origin it liked, so refusing it would protect
// nothing; such clients are held by the limits per address and the memory budget instead.

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface OriginPolicy {
  /** Host names besides loopback names and IP addresses; `true` allows any (Vite's `allowedHosts: true`). A
   * leading dot allows the name and its subdomains, as in Vite. */
  allowedHosts?: readonly string[] | true;
  /** Origins of app pages served elsewhere (`http://devbox.lan:8080`), allowed on the device socket and beacon. */
  allowedOrigins?: readonly string[];
}

/** The host name of a Host header or URL host (`[::1]:5173` → `::1`), lower-cased; null when malformed. */
export function hostName(host: string): string | null {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end > 0 && isIP(trimmed.slice(1, end)) === 6 ? trimmed.slice(1, end) : null;
  }
  const name = trimmed.replace(/:\d*$/, '');
  return name && /^[a-z0-9.-]+$/.test(name) ? name : null;
}

const isLoopbackName = (name: string) =>
  name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);

/** Vite's rule for the Host header (isHostAllowed): absent (HTTP/1.0), an IP, a loopback name, or listed. */
export function hostAllowed(host: string | undefined, policy: OriginPolicy): boolean {
  if (host === undefined || policy.allowedHosts === true) return true;
  const name = hostName(host);
  if (name === null) return false;
  if (isIP(name) !== 0 || isLoopbackName(name)) return true;
  return (policy.allowedHosts ?? []).some((allowed) => {
    const entry = allowed.toLowerCase();
    return entry === name || (entry.startsWith('.') && (entry.slice(1) === name || name.endsWith(entry)));
  });
}

/** The Origin header's host (`example.com:8080`), or null for a missing, `null` or malformed one. */
function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * Whether the request may reach the hub: its Host is allowed, and its Origin (if any) is ours. `sameSite` also
 * takes another port of the same machine (device socket and beacon: the app may be served by another server);
 * the viewer is only ever the hub's own page, so it must be exactly same-origin.
 */
export function requestAllowed(req: IncomingMessage, policy: OriginPolicy, sameSite: boolean): boolean {
  const host = req.headers.host;
  if (!hostAllowed(host, policy)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const from = originHost(origin);
  if (from === null || host === undefined) return false;
  if (from === host.toLowerCase()) return true;
  if (!sameSite) return false;
  if (policy.allowedOrigins?.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())) return true;
  const [a, b] = [hostName(from), hostName(host)];
  return a !== null && (a === b || (b !== null && isLoopbackName(a) && isLoopbackName(b)));
}
