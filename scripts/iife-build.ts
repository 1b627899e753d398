// One classic, self-contained IIFE file from an entry, with Vite's lib build in memory: the extension's content
// scripts (scripts/vite-iife-content-scripts.ts) and the npm package's agent (scripts/pack-npm.ts).

import { type BuildOptions, build, type InlineConfig, type Rolldown } from 'vite';

export interface IifeOptions {
  root: string;
  entry: string;
  /** The global name rollup wants for an IIFE (our entries assign none). */
  name: string;
  fileName: string;
  minify: BuildOptions['minify'];
  target: BuildOptions['target'];
  sourcemap?: BuildOptions['sourcemap'];
  /** More of the caller's config (mode, resolve, define). */
  config?: Pick<InlineConfig, 'mode' | 'resolve' | 'define'>;
}

/** Builds the entry; throws unless the output is exactly one chunk (a CSS or asset import would need handling). */
export async function buildIife(options: IifeOptions): Promise<Rolldown.OutputChunk> {
  const result = await build({
    configFile: false,
    root: options.root,
    ...options.config,
    logLevel: 'warn',
    plugins: [],
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: options.minify,
      sourcemap: options.sourcemap ?? false,
      target: options.target,
      lib: { entry: options.entry, formats: ['iife'], name: options.name, fileName: () => options.fileName },
    },
  });
  if (!Array.isArray(result) && !('output' in result)) throw new Error(`${options.entry}: unexpected watcher`);
  const outputs = [result].flat().flatMap((item) => (item as Rolldown.RolldownOutput).output);
  const [chunk] = outputs;
  if (outputs.length !== 1 || chunk?.type !== 'chunk') {
    throw new Error(`${options.entry}: expected one IIFE chunk, got ${outputs.map((o) => o.fileName).join(', ')}`);
  }
  return chunk;
}
