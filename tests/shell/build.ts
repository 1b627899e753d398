// Builds the shell page into .cache/shell (always: it takes a second or two) and returns the directory.

import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { SHELL_OUT_DIR } from './vite.config';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

export interface ShellBuildOptions {
  /** false keeps names readable (CPU profiles); default true, as the production panel build. */
  minify?: boolean;
  outDir?: string;
}

export async function buildShell(options: ShellBuildOptions = {}): Promise<string> {
  const outDir = options.outDir ?? SHELL_OUT_DIR;
  await build({
    configFile: CONFIG,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: options.minify ?? true },
  });
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await buildShell());
}
