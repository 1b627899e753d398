// What the details make of the agent's body replies: which mimes preview as text, and JSON trees (pure). The
// data: URL decoding itself is shared with the page agent (shared/data-url.ts).

export { dataUrlToBlob, decodeDataUrlText, TEXT_PREVIEW_BYTES } from '../../shared/data-url';

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
