// What a HAR export leaves out unless the developer keeps it (the `har-keep-sensitive` option): a HAR file gets
// attached to bug reports, so credentials in it must not travel with it. Pure; values become '[redacted]'.
// - Headers (request, response, the uni call's `header`, a success callback's `header`): Cookie, Set-Cookie, and
//   any name holding `token`, `jwt`, `bearer`, `auth`, `secret`, `session`, `sign`, `key`, `credential` or `passw`
//   (any case): Authorization, X-Auth-Token, X-Api-Key, X-Signature, X-Jwt, X-Bearer…
// - URLs, wherever one is recorded (request.url and queryString, the uni call's `url`, `filePath` and `files[].uri`,
//   and URLs inside other header values: Location, Content-Location, Link targets, Refresh's `url=`, any
//   `http(s)://…` in a value): the user-info part (`https://user:pass@host`), path parameters (`;jsessionid=…`)
//   and query (and fragment) parameters whose name is credential-like. Parameter names are matched by word
//   (`access_token`, `accessToken`, `X-Amz-Signature`, `api_key`, `apikey`, `sessionId`), not by substring, so
//   that common innocent names (`keyword`, `design`, `monkey`) keep their values. A signed URL (a `Signature`,
//   `sig` or `X-Amz-Signature` parameter) also loses what signs along with it: `Expires`, `Policy`,
//   `GoogleAccessId`, `X-Amz-Date`…
// Form fields are not redacted (they are the upload's data, and names like `key` are common there).

export const REDACTED = '[redacted]';

const SENSITIVE_HEADER = /cookie|token|jwt|bearer|auth|secret|session|sign|key|credential|passw/i;

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
  'jwt',
  'bearer',
]);

/** The words that make a URL a signed one, and the parameters that sign along with the signature. */
const SIGNATURE_WORDS = new Set(['signature', 'sig', 'sign']);
const SIGNED_COMPANIONS = new Set([
  'expires',
  'x-amz-expires',
  'x-amz-date',
  'x-goog-expires',
  'x-goog-date',
  'policy',
  'googleaccessid',
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

const isSignature = (name: string) => words(name).some((word) => SIGNATURE_WORDS.has(word));

/** `a=1&token=x` with credential-like values redacted; everything else exactly as it was. */
function redactParams(params: string): string {
  const pairs = params.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return { pair, eq, name: eq === -1 ? '' : decodeName(pair.slice(0, eq)) };
  });
  const signed = pairs.some(({ eq, name }) => eq !== -1 && isSignature(name));
  return pairs
    .map(({ pair, eq, name }) => {
      if (eq === -1) return pair;
      if (!isSensitiveParam(name) && !(signed && SIGNED_COMPANIONS.has(name.toLowerCase()))) return pair;
      return `${pair.slice(0, eq + 1)}${REDACTED}`;
    })
    .join('&');
}

/** `/a;jsessionid=X/b;v=1` with credential-like path (matrix) parameters redacted. */
function redactPathParams(path: string): string {
  return path.replace(/;([^;=/]*)=([^;/]*)/g, (whole, name: string) =>
    isSensitiveParam(decodeName(name)) ? `;${name}=${REDACTED}` : whole,
  );
}

/**
 * The URL with its user info, credential-like path parameters and credential-like query and fragment parameters
 * redacted (string work: the rest of the URL stays byte for byte as recorded, where URL serialization would
 * re-encode it). Relative URLs (a Location header's `/login;jsessionid=…`) too.
 */
export function redactUrl(url: string): string {
  // Everything between `scheme://` and `@` is user info: a token is often the user name alone.
  let out = url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
  const hash = out.indexOf('#');
  if (hash !== -1) out = `${out.slice(0, hash + 1)}${redactParams(out.slice(hash + 1))}`;
  const query = out.indexOf('?');
  const pathEnd = query !== -1 && (hash === -1 || query < hash) ? query : hash === -1 ? out.length : hash;
  if (query !== -1 && (hash === -1 || query < hash)) {
    const end = hash === -1 ? out.length : hash;
    out = `${out.slice(0, query + 1)}${redactParams(out.slice(query + 1, end))}${out.slice(end)}`;
  }
  return `${redactPathParams(out.slice(0, pathEnd))}${out.slice(pathEnd)}`;
}

/** Headers whose whole value is a URL, or holds one in a known place. */
const URL_HEADERS = new Set(['location', 'content-location']);

/** A header value with the URLs in it redacted: Link targets, Refresh's url=, and any absolute URL. */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (URL_HEADERS.has(lower)) return redactUrl(value);
  let out = value;
  if (lower === 'link') out = out.replace(/<([^>]*)>/g, (_, target: string) => `<${redactUrl(target)}>`);
  if (lower === 'refresh') {
    out = out.replace(
      /(url\s*=\s*['"]?)([^'"\s]+)/i,
      (_, before: string, target: string) => `${before}${redactUrl(target)}`,
    );
  }
  return out.replace(/[a-z][a-z\d+.-]*:\/\/[^\s<>"',]+/gi, (found) => redactUrl(found));
}

export function redactHeaders(
  headers: Record<string, string> | undefined,
  keep: boolean,
): Record<string, string> | undefined {
  if (headers === undefined || keep) return headers;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isSensitiveHeader(name) ? REDACTED : typeof value === 'string' ? redactHeaderValue(name, value) : value,
    ]),
  );
}
