import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { manifestFor, type TargetBrowser } from './scripts/manifest.ts';
import { noInnerHtml } from './scripts/vite-no-inner-html.ts';

// `vite build --mode firefox` writes dist/firefox; any other mode writes dist/chrome (scripts/build.ts runs both).
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [
      noInnerHtml(),
      crx({
        manifest: manifestFor(browser) as never,
        browser,
        // Standalone IIFEs, not crxjs's async loader: the MAIN-world agent must run synchronously at
        // document_start, before the page's first script (shared/docs/browsers.md, crxjs traps).
        contentScripts: { standaloneFiles: ['extension/agent/index.ts', 'extension/relay.ts'] },
      }),
    ],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      minify: false,
      target: browser === 'firefox' ? 'firefox140' : 'chrome111',
      // crxjs emits only pages the manifest names; the panel page is named by devtools.panels.create().
      rollupOptions: { input: { panel: 'panel/index.html' } },
    },
  };
});
