// Original locations for the Initiator tab's stack frames, from the source maps the page serves (the dev server
// always inlines them; a production build has them when `build.sourcemap` is on). The page agent fetches each
// script's map (agent/source-reply.ts: the panel has no host permission); @jridgewell/trace-mapping, loaded only
// when a stack is shown, maps the frame; the enclosing function's original name is read from the map's
// sourcesContent (as stacktrace-gps does: the map names identifiers, not the function around a position).

import type { TraceMap } from '@jridgewell/trace-mapping';
import { decodeDataUrlText } from '../../shared/data-url';
import { MAX_BODY_TRANSFER } from '../../shared/protocol';
import { request } from '../requests';
import type { StackFrame } from './stack';

export interface OriginalFrame {
  /** The enclosing function's name in the original source ('' when none is found). */
  fn: string;
  /** The source's URL, resolved against the map (shown, and opened in Sources). */
  url: string;
  /** The source as the map names it (a path the dev server can open in an editor). */
  source: string;
  /** 1-based, as stack text. */
  line: number;
  column: number;
}

type Loaded = { map: TraceMap; lib: typeof import('@jridgewell/trace-mapping') } | null;

/** Maps by script URL and page session: a reload (or HMR's `?t=`) may serve another map. At most 50 kept. */
const maps = new Map<string, Promise<Loaded>>();
const MAX_MAPS = 50;

function loadMap(scriptUrl: string, session: string | undefined): Promise<Loaded> {
  const key = `${session ?? ''} ${scriptUrl}`;
  let loaded = maps.get(key);
  if (!loaded) {
    loaded = fetchMap(scriptUrl);
    maps.set(key, loaded);
    if (maps.size > MAX_MAPS) maps.delete(maps.keys().next().value as string);
  }
  return loaded;
}

async function fetchMap(scriptUrl: string): Promise<Loaded> {
  const reply = await request({ name: 'source', url: scriptUrl });
  if (!reply.ok || !reply.mapUrl) return null;
  const text = reply.map ?? decodeDataUrlText(reply.mapUrl, MAX_BODY_TRANSFER)?.text;
  if (!text) return null;
  try {
    const lib = await import('@jridgewell/trace-mapping');
    // Sources resolve against the map's own URL (an inline map's: the script's).
    const base = reply.mapUrl.startsWith('data:') ? scriptUrl : reply.mapUrl;
    return { map: new lib.TraceMap(text, base), lib };
  } catch {
    return null; // not JSON, or not a source map: the frame stays as the browser gave it
  }
}

/** The original location of one frame, or null when its script has no usable map. */
export async function originalFrame(frame: StackFrame, session?: string): Promise<OriginalFrame | null> {
  const loaded = await loadMap(frame.url, session);
  if (!loaded) return null;
  const { map, lib } = loaded;
  const position = lib.originalPositionFor(map, { line: frame.line, column: Math.max(0, frame.column - 1) });
  if (position.source === null || position.line === null || position.column === null) return null;
  const index = map.resolvedSources.indexOf(position.source);
  const content = lib.sourceContentFor(map, position.source);
  return {
    fn: content ? enclosingFunction(content, position.line, position.column + 1) : '',
    url: position.source,
    source: (index >= 0 ? map.sources[index] : null) ?? position.source,
    line: position.line,
    column: position.column + 1,
  };
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'function', 'typeof']);
// `function name(`, `name(args) {` (methods), `name = (args) =>` / `name: function`, `name = async x =>`.
const FUNCTION_PATTERNS = [
  /function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/,
  /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?(?:function\b|\([^()]*\)\s*(?:=>|:)|[A-Za-z_$][\w$]*\s*=>)/,
  /^\s*(?:async\s+|static\s+|get\s+|set\s+)*([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*\{/,
];
const LOOK_BACK_LINES = 400;

function functionName(text: string): string {
  for (const pattern of FUNCTION_PATTERNS) {
    const name = pattern.exec(text)?.[1];
    if (name && !KEYWORDS.has(name)) return name;
  }
  return '';
}

/**
 * The name of the function around `line`:`column` (1-based) in `content`, '' if none is found: the call's own line
 * up to the column (an arrow function on one line), then, going up, each line that opens a block the position is
 * in (braces counted; a non-function block such as `if (…) {` is passed through). Braces in strings and comments
 * can mislead it: the tab says the name is read from the source.
 */
export function enclosingFunction(content: string, line: number, column = Number.POSITIVE_INFINITY): string {
  const lines = content.split('\n', line);
  const own = (lines[line - 1] ?? '').slice(0, Math.max(0, column - 1));
  let depth = 0;
  for (let index = line - 1; index >= 0 && index >= line - LOOK_BACK_LINES; index--) {
    const text = index === line - 1 ? own : (lines[index] ?? '');
    for (let at = text.length - 1; at >= 0; at--) {
      if (text[at] === '}') depth++;
      else if (text[at] === '{' && --depth < 0) {
        const name = functionName(text.slice(0, at + 1));
        if (name) return name;
        depth = 0; // an `if`, a loop or an object literal: look further out
      }
    }
    if (index === line - 1 && depth === 0) {
      const name = functionName(text);
      if (name) return name;
    }
  }
  return '';
}
