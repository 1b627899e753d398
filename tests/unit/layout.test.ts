// The layout's rules, checked on every run (shared/docs/architecture.md, "Layout"; issue 17): which folder may import
// which, and no import circle anywhere (a type import counts: a shared type lives below both files). A regex reads
// the import specifiers: our sources write imports one way (biome formats them), and a miss here would only hide a
// circle, never invent one.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FOLDERS = ['agent', 'extension', 'plugin', 'panel', 'viewer', 'shared', 'scripts', 'bench', 'tests'];
const SKIP = new Set(['node_modules', 'fixtures-cache', '.cache']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      // The uni-app fixture apps are apps of their own, not our code.
      if (full === path.join(ROOT, 'tests/fixtures/apps')) continue;
      out.push(...sources(full));
    } else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  return candidates.find((file) => {
    try {
      return statSync(file).isFile() && /\.(ts|tsx)$/.test(file);
    } catch {
      return false;
    }
  });
}

function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const folder of FOLDERS) {
    for (const file of sources(path.join(ROOT, folder))) {
      const text = readFileSync(file, 'utf8');
      const targets: string[] = [];
      for (const match of text.matchAll(IMPORT)) {
        const target = resolveImport(file, (match[1] ?? match[2]) as string);
        if (target) targets.push(target);
      }
      edges.set(file, targets);
    }
  }
  return edges;
}

const rel = (file: string) => path.relative(ROOT, file);
const top = (file: string) => rel(file).split(path.sep)[0] as string;

/** Every import circle, each as the list of its files (Tarjan's strongly connected components). */
function circles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowlink.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlink.set(node, Math.min(lowlink.get(node) as number, lowlink.get(next) as number));
      } else if (onStack.has(next))
        lowlink.set(node, Math.min(lowlink.get(node) as number, indices.get(next) as number));
    }
    if (lowlink.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(rel(member));
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return found;
}

/** What each product folder may import besides itself (architecture.md's import rules). */
const MAY_IMPORT: Record<string, string[]> = {
  shared: [],
  agent: ['shared'],
  extension: ['shared'],
  plugin: ['shared'],
  panel: ['shared'],
  viewer: ['shared', 'panel'],
};

describe('the layout', () => {
  const edges = graph();

  it('has no import circle', () => {
    expect(circles(edges)).toEqual([]);
  });

  it('keeps the import rules between folders', () => {
    const broken: string[] = [];
    for (const [file, targets] of edges) {
      const allowed = MAY_IMPORT[top(file)];
      if (!allowed) continue;
      for (const target of targets) {
        const folder = top(target);
        if (folder !== top(file) && !allowed.includes(folder)) broken.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
