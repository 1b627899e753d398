// Where a function of the built extension comes from, for the benches' top self-time lists. The unminified bundle
// keeps function names and marks most modules with a `// path.ts` comment (not all: rolldown hoists some shared
// modules without one), so a name is looked up as a declaration in the sources next to the build
// (<extensionDir>/../../{extension,shared}), preferring the module the marker names.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function markers(bundle: string): (line: number) => string | null {
  let lines: string[] = [];
  try {
    lines = readFileSync(bundle, 'utf8').split('\n');
  } catch {
    return () => null;
  }
  const starts: [number, string][] = [];
  lines.forEach((text, index) => {
    const match = /^\s*\/\/ ((?:extension|shared|panel)\/[\w./-]+\.tsx?)\s*$/.exec(text);
    if (match) starts.push([index + 1, match[1] as string]);
  });
  return (line) => {
    let found: string | null = null;
    for (const [start, name] of starts) if (start <= line) found = name;
    return found;
  };
}

function sourceFiles(root: string): { file: string; lines: string[] }[] {
  const out: { file: string; lines: string[] }[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[] = [];
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name))
        out.push({ file: rel, lines: readFileSync(path.join(root, rel), 'utf8').split('\n') });
    }
  };
  walk('extension');
  walk('shared');
  return out;
}

const escapeName = (name: string) => name.replace(/[$]/g, '\\$');

/** A locator for the scripts of the extension built in `extensionDir`. */
export function sourceLocator(extensionDir: string) {
  const root = path.resolve(extensionDir, '..', '..');
  const sources = sourceFiles(root);
  const bundles = new Map<string, (line: number) => string | null>();
  return (script: string, name: string, line: number): string | null => {
    const bundle = bundles.get(script) ?? markers(path.join(extensionDir, script));
    bundles.set(script, bundle);
    const marked = bundle(line);
    if (!/^[\w$]+$/.test(name)) return marked;
    const id = escapeName(name);
    const modifiers = '(?:(?:private|public|protected|static|readonly|async|get|set)\\s+)*';
    const declaration = new RegExp(
      [
        `function\\s*\\*?\\s*${id}\\b`, // function name(
        `(?:const|let|var)\\s+${id}\\s*=`, // const name = ...
        `^\\s*${modifiers}${id}\\s*=(?!=)`, // class field: name = (...) => ...
        `^\\s*${modifiers}${id}\\s*(?:<[^>]*>)?\\(.*\\)\\s*(?::[^=;]*)?\\{\\s*$`, // method: name(...): T {
      ].join('|'),
    );
    const found: string[] = [];
    for (const { file, lines } of sources) {
      const index = lines.findIndex((text) => declaration.test(text));
      if (index >= 0) found.push(`${file}:${index + 1}`);
    }
    return found.find((at) => marked !== null && at.startsWith(`${marked}:`)) ?? found[0] ?? marked;
  };
}
