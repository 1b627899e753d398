// What a HAR export leaves out unless the developer keeps it (the `har-keep-sensitive` option): a HAR file gets
// attached to bug reports, so credentials in it must not travel with it. Pure; values become '[redacted]'.
// - Headers (request, response, the uni call's `header`): Cookie, Set-Cookie, and any name holding `token`, `auth`,
//   `secret`, `session`, `sign`, `key` or `passw` (any case): Authorization, X-Auth-Token, X-Api-Key, X-Signature…
// - URLs (request.url and queryString, the uni call's `url`): the user-info part (`https://user:pass@host`), and
//   the value of every query (and fragment) parameter whose name is credential-like. Parameter names are matched by
//   word (`access_token`, `accessToken`, `X-Amz-Signature`, `api_key`, `apikey`, `sessionId`), not by substring,
//   so that common innocent names (`keyword`, `design`, `monkey`) keep their values.
// Form fields are not redacted (they are the upload's data, and names like `key` are common there).

export const REDACTED = '[redacted]';

const SENSITIVE_HEADER = /cookie|token|auth|secret|session|sign|key|passw/i;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

const PARAM_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'sign',
  'signature',
  'sig',
  'key',
  'auth',
  'authorization',
  'session',
  'sessionid',
  'sid',
  'jsessionid',
  'phpsessid',
  'credential',
  'credentials',
  'ticket',
  'apikey',
  'appkey',
  'accesskey',
  'secretkey',
  'authkey',
  'privatekey',
  'sessionkey',
  'signkey',
]);

// One word of a name ending in one of these is a credential too: usertoken, appsecret, newpassword.
const PARAM_SUFFIX = /(?:token|secret|password|passwd)$/;

/** The words of a parameter name: split at non-letters and at lower-to-upper case changes (apiKey, APIKey). */
function words(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter(Boolean);
}

export function isSensitiveParam(name: string): boolean {
  return words(name).some((word) => PARAM_WORDS.has(word) || PARAM_SUFFIX.test(word));
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** `a=1&token=x` with credential-like values redacted; everything else exactly as it was. */
function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1 || !isSensitiveParam(decodeName(pair.slice(0, eq)))) return pair;
      return `${pair.slice(0, eq + 1)}${REDACTED}`;
    })
    .join('&');
}

/**
 * The URL with its user info and credential-like query and fragment parameters redacted (string work: the rest
 * of the URL stays byte for byte as recorded, where URL serialization would re-encode it).
 */
export function redactUrl(url: string): string {
  // Everything between `scheme://` and `@` is user info: a token is often the user name alone.
  let out = url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
  const hash = out.indexOf('#');
  const query = out.indexOf('?');
  if (hash !== -1) out = `${out.slice(0, hash + 1)}${redactParams(out.slice(hash + 1))}`;
  if (query !== -1 && (hash === -1 || query < hash)) {
    const end = hash === -1 ? out.length : hash;
    out = `${out.slice(0, query + 1)}${redactParams(out.slice(query + 1, end))}${out.slice(end)}`;
  }
  return out;
}

export function redactHeaders(
  headers: Record<string, string> | undefined,
  keep: boolean,
): Record<string, string> | undefined {
  if (headers === undefined || keep) return headers;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isSensitiveHeader(name) ? REDACTED : value]),
  );
}
