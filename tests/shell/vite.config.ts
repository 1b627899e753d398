// The shell page (tests/shell/index.html): the real panel on the in-memory transport, built like the extension's
// production panel (minified, preact JSX through oxc) into .cache/shell. Built by buildShell() (tests/shell/build.ts).

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
export const SHELL_OUT_DIR = fileURLToPath(new URL('../../.cache/shell', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: SHELL_OUT_DIR,
    emptyOutDir: true,
    minify: true,
    target: 'chrome111',
    sourcemap: false,
  },
});
