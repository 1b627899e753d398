import path from 'node:path';
import type { CrxPlugin } from '@crxjs/vite-plugin';
import type { ResolvedConfig } from 'vite';
import { buildIife } from './iife-build.ts';

// The manifest's content scripts, each built as one classic, self-contained IIFE file. crxjs's default async
// loader would run them too late for document_start (the MAIN-world agent must hook before the page's first
// script: shared/docs/browsers.md, crxjs traps). crxjs 3.0.0 can build IIFEs itself (`standaloneFiles`), but
// its inner lib build sets rollup's `inlineDynamicImports`, which vite 8 (rolldown) ignores with a warning per
// script on every build, and that inner build takes no options from our config. So we run the same lib build
// here and hand crxjs the content-script entries with no files; the files are put back once crxjs has rendered
// the manifest. The output is byte-identical to crxjs's (same file names, code and manifest).

type ContentScript = { js?: string[] };

/** agent/index.ts → agent/index.js (the name crxjs gave it: benches look for it). */
const outputName = (file: string) => file.replace(/\.[cm]?[jt]sx?$/, '.js');

export function iifeContentScripts<M extends { content_scripts?: ContentScript[] }>(
  source: M,
): { manifest: M; plugin: CrxPlugin } {
  const entries = source.content_scripts ?? [];
  const files = [...new Set(entries.flatMap(({ js = [] }) => js))];
  // crxjs keeps each entry (matches, run_at, world, key order) but builds nothing for it.
  const manifest = { ...source, content_scripts: entries.map((entry) => ({ ...entry, js: [] })) };
  let config: ResolvedConfig;
  return {
    manifest,
    plugin: {
      name: 'uni-transfer-devtools:iife-content-scripts',
      // 'post' and listed after crx(): renderCrxManifest then runs after crxjs's own manifest plugins.
      enforce: 'post',
      configResolved(resolved) {
        config = resolved;
        if (config.command === 'serve') throw new Error('content scripts are built by `vite build` (or --watch) only');
      },
      async buildStart() {
        await Promise.all(
          files.map(async (file) => {
            const fileName = outputName(file);
            // crxjs's inner build minus `inlineDynamicImports` (an IIFE has no code splitting anyway):
            // no config file or plugins of the main build (crx must not run inside it), same target and minify.
            const chunk = await buildIife({
              root: config.root,
              entry: path.join(config.root, file),
              name: path.basename(fileName, '.js').replace(/\W/g, '_'),
              fileName,
              minify: config.build.minify,
              target: config.build.target,
              sourcemap: config.build.sourcemap,
              config: { mode: config.mode, resolve: config.resolve, define: config.define },
            });
            this.emitFile({ type: 'asset', fileName, source: chunk.code });
            // `vite build --watch` rebuilds when a module of the content script changes.
            for (const id of chunk.moduleIds) if (path.isAbsolute(id)) this.addWatchFile(id);
          }),
        );
      },
      renderCrxManifest(rendered) {
        rendered.content_scripts?.forEach((entry, i) => {
          entry.js = entries[i]?.js?.map(outputName);
        });
        return rendered;
      },
    },
  };
}
