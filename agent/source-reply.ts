// Answers the Initiator tab's `source` and `open-in-editor` commands. The panel has no host permission (and the
// viewer may sit on another origin than the phone's page), while the page may fetch its own scripts: so the page
// fetches the script a stack frame names, finds its source map (the last `//# sourceMappingURL=` comment; the
// SourceMap header is not read), and returns the map's text; the panel maps the frame (panel/details/source-map.ts).
// Only same-origin http(s) URLs are fetched, and only when a developer opens the Initiator tab: a page never sees
// a request of ours otherwise. `open-in-editor` asks Vite's dev server middleware (`/__open-in-editor?file=`,
// launch-editor-middleware) to open a file, as Vue DevTools does.

import { type CommandReply, MAX_BODY_TRANSFER } from '../shared/protocol';
import { apply } from './own';

// Captured at document_start (own.ts says why): a page's replacements never see the URLs we fetch.
const nativeFetch = fetch;
const responseText = Response.prototype.text;
const NativeURL = URL;
const lastIndexOf = String.prototype.lastIndexOf;
const slice = String.prototype.slice;
const regexpExec = RegExp.prototype.exec;
const MAP_COMMENT = /[#@] sourceMappingURL=([^\s'"]+)\s*$/;

/** `url` resolved against `base`, if it is an http(s) URL of this page's origin (or, for a map, a data: URL). */
function sameOrigin(url: string, base: string, allowData = false): string | null {
  try {
    const parsed = new NativeURL(url, base);
    if (allowData && parsed.protocol === 'data:') return parsed.href;
    return parsed.origin === location.origin ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A GET from this page, as text; `cache` 'force-cache' for scripts and maps (the page loaded them a moment ago). */
async function pageGet(url: string, cache: RequestCache): Promise<string> {
  const response: Response = await apply(nativeFetch, window, [url, { cache }]);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text: string = await apply(responseText, response, []);
  if (text.length > MAX_BODY_TRANSFER) throw new Error('too-large');
  return text;
}

const failed = (id: string, error: unknown): CommandReply => ({
  id,
  ok: false,
  error: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
});

export async function sourceReply(id: string, url: string): Promise<CommandReply> {
  try {
    const scriptUrl = sameOrigin(url, location.href);
    if (!scriptUrl) return { id, ok: false, error: 'not-same-origin' };
    const text = await pageGet(scriptUrl, 'force-cache');
    // The last sourceMappingURL comment names the map (a data: URL on the dev server).
    const at = apply(lastIndexOf, text, ['sourceMappingURL=']);
    const match = at < 3 ? null : (apply(regexpExec, MAP_COMMENT, [apply(slice, text, [at - 3])]) as string[] | null);
    const mapUrl = match ? sameOrigin(match[1] as string, scriptUrl, true) : null;
    if (!mapUrl) return { id, ok: false, error: 'no-source-map' };
    return mapUrl.startsWith('data:')
      ? { id, ok: true, mapUrl }
      : { id, ok: true, mapUrl, map: await pageGet(mapUrl, 'force-cache') };
  } catch (error) {
    return failed(id, error);
  }
}

/** Asks this page's dev server to open `file` (path:line:column) in the developer's editor. */
export async function openInEditorReply(id: string, file: string): Promise<CommandReply> {
  try {
    // Every click reaches the server: no cached answer.
    await pageGet(`/__open-in-editor?file=${encodeURIComponent(file)}`, 'no-store');
    return { id, ok: true };
  } catch (error) {
    return failed(id, error);
  }
}
