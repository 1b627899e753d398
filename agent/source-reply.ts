// Answers the Initiator tab's `source` and `open-in-editor` commands. The panel has no host permission (and the
// viewer may sit on another origin than the phone's page), while the page may fetch its own scripts: so the page
// fetches the script a stack frame names, finds its source map (the last `//# sourceMappingURL=` comment, or the
// SourceMap header), and returns the map's text; the panel maps the frame (panel/details/source-map.ts).
// Only same-origin http(s) URLs are fetched, and only when a developer opens the Initiator tab: a page never sees
// a request of ours otherwise. `open-in-editor` asks Vite's dev server middleware (`/__open-in-editor?file=`,
// launch-editor-middleware) to open a file, as Vue DevTools does.

import { type CommandReply, MAX_BODY_TRANSFER } from '../shared/protocol';
import { apply } from './own';

// Captured at document_start (own.ts says why): a page's replacements never see the URLs we fetch.
const nativeFetch = typeof fetch === 'function' ? fetch : undefined;
const responseText = Response.prototype.text;
const headersGet = Headers.prototype.get;
const NativeURL = URL;
const lastIndexOf = String.prototype.lastIndexOf;
const slice = String.prototype.slice;
const MAP_COMMENT = /[#@] sourceMappingURL=([^\s'"]+)\s*$/;
const regexpExec = RegExp.prototype.exec;

/** `url` resolved against `base`, if it is an http(s) URL of this page's origin (or, for a map, a data: URL). */
function sameOrigin(url: string, base: string, allowData = false): string | null {
  let parsed: URL;
  try {
    parsed = new NativeURL(url, base);
  } catch {
    return null;
  }
  if (allowData && parsed.protocol === 'data:') return parsed.href;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin === location.origin ? parsed.href : null;
}

async function fetchText(url: string): Promise<{ text: string; mapHeader: string | null }> {
  if (!nativeFetch) throw new Error('no fetch');
  // The HTTP cache first: the page loaded this script a moment ago.
  const response: Response = await apply(nativeFetch, window, [
    url,
    { cache: 'force-cache', credentials: 'same-origin' },
  ]);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const length = Number(apply(headersGet, response.headers, ['content-length']));
  if (length > MAX_BODY_TRANSFER) throw new Error('too-large');
  const text: string = await apply(responseText, response, []);
  if (text.length > MAX_BODY_TRANSFER) throw new Error('too-large');
  const mapHeader =
    apply(headersGet, response.headers, ['sourcemap']) ?? apply(headersGet, response.headers, ['x-sourcemap']);
  return { text, mapHeader };
}

/** The map URL a script names: its last sourceMappingURL comment (within the last 64 kB: data: maps are long). */
function mapReference(text: string, header: string | null): string | null {
  if (header) return header;
  const at = apply(lastIndexOf, text, ['sourceMappingURL=']);
  if (at < 3) return null;
  const match = apply(regexpExec, MAP_COMMENT, [apply(slice, text, [at - 3])]) as RegExpExecArray | null;
  return match ? (match[1] as string) : null;
}

export async function sourceReply(id: string, url: string): Promise<CommandReply> {
  try {
    const scriptUrl = sameOrigin(url, location.href);
    if (!scriptUrl) return { id, ok: false, error: 'not-same-origin' };
    const script = await fetchText(scriptUrl);
    const reference = mapReference(script.text, script.mapHeader);
    if (!reference) return { id, ok: false, error: 'no-source-map' };
    const mapUrl = sameOrigin(reference, scriptUrl, true);
    if (!mapUrl) return { id, ok: false, error: 'not-same-origin' };
    if (mapUrl.startsWith('data:')) return { id, ok: true, mapUrl };
    const map = await fetchText(mapUrl);
    return { id, ok: true, mapUrl, map: map.text };
  } catch (error) {
    return { id, ok: false, error: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300) };
  }
}

/** Asks this page's dev server to open `file` (path:line:column) in the developer's editor. */
export async function openInEditorReply(id: string, file: string): Promise<CommandReply> {
  try {
    if (!nativeFetch) throw new Error('no fetch');
    const target = `${location.origin}/__open-in-editor?file=${encodeURIComponent(file)}`;
    const response: Response = await apply(nativeFetch, window, [target, { credentials: 'same-origin' }]);
    return response.ok ? { id, ok: true } : { id, ok: false, error: `failed: HTTP ${response.status}` };
  } catch (error) {
    return { id, ok: false, error: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300) };
  }
}
