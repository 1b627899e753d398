// Stack frames from the `new Error().stack` text the page agent captured at the uni call (pure, unit-tested).
// Chromium: "    at fn (url:line:col)", "    at url:line:col", "    at async fn (url:line:col)";
// Firefox / Safari: "fn@url:line:col", "@url:line:col". Lines and columns are 1-based, as in the stack text.

export interface StackFrame {
  /** The function name as the engine printed it; empty for anonymous/top-level code. */
  fn: string;
  url: string;
  line: number;
  column: number;
}

const CHROMIUM = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?\s*$/;
const FIREFOX = /^\s*([^@]*)@(.+?):(\d+):(\d+)\s*$/;
const MAX_FRAMES = 50;

/** Our own agent's frames (the wrapper around uni) are not the app's initiator. */
export function isExtensionUrl(url: string): boolean {
  return /^(?:chrome|moz|safari-web)-extension:\/\//i.test(url);
}

export function parseStack(stack: string | undefined): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const raw of stack.split('\n')) {
    const frame = parseLine(raw);
    if (!frame || isExtensionUrl(frame.url)) continue;
    frames.push(frame);
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames;
}

function parseLine(raw: string): StackFrame | null {
  if (raw.length > 2000) return null;
  const chromium = /^\s*at /.test(raw) ? CHROMIUM.exec(raw) : null;
  const match = chromium ?? FIREFOX.exec(raw);
  if (!match) return null;
  const [, fn = '', url = '', line = '', column = ''] = match;
  // "at eval (eval at f (url:1:2), <anonymous>:1:1)": no single location worth opening.
  if (url.includes(' ') || url === '<anonymous>') return null;
  return { fn: fn.replace(/^async[* ]/, '').trim(), url, line: Number(line), column: Number(column) };
}

/** The last path segment of a URL without query or hash ("index.js"), else the URL itself. */
export function fileName(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname.split('/').filter(Boolean).pop() || parsed.host || url;
  } catch {
    return url;
  }
}
