// data: URLs: how bodies cross the runtime port as text (the agent's body replies, files picked in the panel
// for edit and resend), and back to bytes. Used by the page agent and the panel alike.

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

/** A Blob's bytes as a data: URL. */
export function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
