// What the browser's own network record (DevTools: devtools.network.onRequestFinished, a HAR entry per request)
// tells the diagnosis that the page cannot see (issue 18): why a request failed (Chromium's `_error`,
// net::ERR_CONNECTION_REFUSED, net::ERR_INTERNET_DISCONNECTED…), whether the server answered the CORS preflight,
// and a redirect's status. With it, the panel in DevTools says "certain" where the page's record alone says
// "likely"; the phone viewer has no such record and keeps "likely".
//
// Figures seen in Chromium (2026-12, tests/e2e/diagnosis-chromium.test.ts): a refused port → the preflight and the
// request both `net::ERR_CONNECTION_REFUSED`; a server without CORS headers → the preflight answered 204, the request
// status 0 `net::ERR_FAILED`; a refused preflight → OPTIONS 403; offline → `net::ERR_INTERNET_DISCONNECTED`; a cut
// body → `net::ERR_CONTENT_LENGTH_MISMATCH`; a 302 on an upload → the POST's entry 302 with its redirectURL.

/** The browser's record of a task's request (and of its CORS preflight), matched to the task by the panel. */
export interface NetworkEvidence {
  /** The HTTP status the browser saw (0: none). */
  status: number;
  /** The browser's network error (Chromium: `net::ERR_…`), when it gave one. */
  error?: string;
  /** Where a redirect pointed (the request's own answer was 3xx). */
  redirectUrl?: string;
  /** The CORS preflight (OPTIONS) of the same URL, when there was one. */
  preflight?: { status: number; error?: string };
}

export type NetworkVerdict =
  | {
      cause: 'offline' | 'unreachable' | 'cors' | 'connection-lost';
      evidence: Record<string, string | number | null>;
    }
  | undefined;

/** Errors that mean the server was never reached (Chromium's net_error_list.h names). */
const UNREACHABLE = new Set([
  'net::ERR_CONNECTION_REFUSED',
  'net::ERR_NAME_NOT_RESOLVED',
  'net::ERR_ADDRESS_UNREACHABLE',
  'net::ERR_CONNECTION_TIMED_OUT',
  'net::ERR_TIMED_OUT',
  'net::ERR_NAME_RESOLUTION_FAILED',
  'net::ERR_ADDRESS_INVALID',
]);
const OFFLINE = new Set(['net::ERR_INTERNET_DISCONNECTED', 'net::ERR_NETWORK_CHANGED']);
/** Errors of a connection that broke after the server answered (the page may not even have seen the headers). */
const LOST = new Set([
  'net::ERR_CONTENT_LENGTH_MISMATCH',
  'net::ERR_INCOMPLETE_CHUNKED_ENCODING',
  'net::ERR_CONNECTION_RESET',
  'net::ERR_CONNECTION_CLOSED',
  'net::ERR_EMPTY_RESPONSE',
  'net::ERR_HTTP2_PROTOCOL_ERROR',
]);

/**
 * A failure before any answer reached the page, as the browser saw it: offline, unreachable, or CORS (the server
 * answered, but the browser kept the answer from the page). Undefined when the record does not tell.
 */
export function networkVerdict(network: NetworkEvidence | undefined): NetworkVerdict {
  if (!network) return undefined;
  const errors = [network.preflight?.error, network.error].filter((error): error is string => Boolean(error));
  const offline = errors.find((error) => OFFLINE.has(error));
  if (offline) return { cause: 'offline', evidence: { netError: offline } };
  const unreachable = errors.find((error) => UNREACHABLE.has(error));
  if (unreachable) return { cause: 'unreachable', evidence: { netError: unreachable } };
  if (network.error && (LOST.has(network.error) || (network.status > 0 && network.error !== 'net::ERR_FAILED'))) {
    return { cause: 'connection-lost', evidence: { serverStatus: network.status || null, netError: network.error } };
  }
  const preflight = network.preflight;
  if (preflight && preflight.status > 0 && (preflight.status >= 400 || network.status === 0)) {
    // The server answered the preflight: it was reachable, and the browser refused the request for CORS.
    return {
      cause: 'cors',
      evidence: { preflightStatus: preflight.status, netError: network.error ?? null },
    };
  }
  if (network.status > 0 && network.error === 'net::ERR_FAILED') {
    // An answer came (a request without preflight) and the browser did not hand it to the page.
    return { cause: 'cors', evidence: { serverStatus: network.status, netError: network.error } };
  }
  return undefined;
}

/** A redirect's status that makes the browser resend a POST as a GET without its body (Fetch, "HTTP-redirect fetch"). */
export function dropsBody(status: number): boolean {
  return status === 301 || status === 302 || status === 303;
}
