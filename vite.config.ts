import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { manifestFor, type TargetBrowser } from './scripts/manifest.ts';
import { iifeContentScripts } from './scripts/vite-iife-content-scripts.ts';
import { noInnerHtml } from './scripts/vite-no-inner-html.ts';

// `vite build --mode firefox` writes dist/firefox; any other mode writes dist/chrome (scripts/build.ts runs both).
export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  // The content scripts (agent, relay) are standalone IIFEs built by our plugin, not by crxjs; the plugin goes
  // after crx() (scripts/vite-iife-content-scripts.ts says why).
  const contentScripts = iifeContentScripts(manifestFor(browser));
  return {
    plugins: [noInnerHtml(), crx({ manifest: contentScripts.manifest as never, browser }), contentScripts.plugin],
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
