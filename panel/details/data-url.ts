// data: URLs from the agent's body replies: decoding for text previews and Blobs for saving (pure).

/** Text previews decode at most this many bytes. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

interface ParsedDataUrl {
  mime: string;
  base64: boolean;
  payload: string;
}

export function parseDataUrl(url: string): ParsedDataUrl | null {
  if (!url.startsWith('data:')) return null;
  const comma = url.indexOf(',');
  if (comma < 0) return null;
  const meta = url.slice(5, comma).split(';');
  const base64 = meta[meta.length - 1]?.toLowerCase() === 'base64';
  return { mime: (meta[0] ?? '').toLowerCase(), base64, payload: url.slice(comma + 1) };
}

function bytesOf(parsed: ParsedDataUrl, limit: number): { bytes: Uint8Array; truncated: boolean } {
  if (!parsed.base64) {
    let text: string;
    try {
      text = decodeURIComponent(parsed.payload);
    } catch {
      text = parsed.payload;
    }
    const bytes = new TextEncoder().encode(text);
    return { bytes: bytes.subarray(0, limit), truncated: bytes.length > limit };
  }
  const clean = parsed.payload.replace(/\s+/g, '');
  const maxChars = Math.ceil(limit / 3) * 4;
  const slice = clean.slice(0, maxChars);
  const binary = atob(slice);
  const bytes = new Uint8Array(Math.min(binary.length, limit));
  for (let index = 0; index < bytes.length; index++) bytes[index] = binary.charCodeAt(index);
  return { bytes, truncated: clean.length > maxChars || binary.length > limit };
}

/** The first `limit` bytes of a data: URL decoded as UTF-8 text. */
export function decodeDataUrlText(
  url: string,
  limit = TEXT_PREVIEW_BYTES,
): { text: string; truncated: boolean } | null {
  const parsed = parseDataUrl(url);
  if (!parsed) return null;
  try {
    const { bytes, truncated } = bytesOf(parsed, limit);
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), truncated };
  } catch {
    return null;
  }
}

/** The whole data: URL as a Blob of the given type. */
export function dataUrlToBlob(url: string, mime: string): Blob | null {
  const parsed = parseDataUrl(url);
  if (!parsed) return null;
  try {
    const { bytes } = bytesOf(parsed, Number.POSITIVE_INFINITY);
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime || parsed.mime });
  } catch {
    return null;
  }
}

/** Mimes previewed as text (and as a JSON tree when they parse). */
export function isTextMime(mime: string): boolean {
  const base = mime.toLowerCase().split(';')[0]?.trim() ?? '';
  return (
    base.startsWith('text/') ||
    base.endsWith('+json') ||
    base.endsWith('+xml') ||
    ['application/json', 'application/xml', 'application/javascript', 'application/x-www-form-urlencoded'].includes(
      base,
    )
  );
}

/** JSON.parse that returns undefined instead of throwing; only objects and arrays count as a tree. */
export function parseJsonTree(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return { value: JSON.parse(trimmed) };
  } catch {
    return undefined;
  }
}
