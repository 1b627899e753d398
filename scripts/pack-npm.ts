// `npm run pack:npm`: the npm package `uni-transfer-devtools` (Vite plugin, hub, viewer, agent) built into
// build/npm/ and packed to artifacts/uni-transfer-devtools-<version>.tgz. The extension's dist/ is not touched.
//
//   dist/agent.js       the agent as one classic IIFE (agent/standalone.ts), inlined by the plugin
//   dist/viewer/        the viewer page (viewer/index.html), served by the hub under /__uni-transfers/
//   dist/vite.js, cli.js (+ a shared chunk)  Node ESM: the plugin, the standalone hub; dist/vite.d.ts
//   dist/vite.cjs       the plugin again as CommonJS, for Vite 5 configs of packages that are not ESM
//
// Prints {"agentBytes":…,"agentGzipBytes":…} as its last line.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { buildAgent } from './agent-build.ts';
import { noInnerHtml } from './vite-no-inner-html.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'build/npm');
const dist = path.join(out, 'dist');
const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  license?: string;
  description?: string;
  dependencies: Record<string, string>;
};

async function buildViewer(): Promise<void> {
  const viewerRoot = path.join(root, 'viewer');
  if (!existsSync(path.join(viewerRoot, 'index.html'))) {
    throw new Error('viewer/index.html is missing: the viewer page cannot be built');
  }
  await build({
    configFile: false,
    root: viewerRoot,
    base: '/__uni-transfers/',
    logLevel: 'warn',
    plugins: [noInnerHtml()],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // The HAR export's creator.version (no extension manifest to read it from here).
    define: { __UNI_TRANSFERS_VERSION__: JSON.stringify(rootPackage.version) },
    build: { outDir: path.join(dist, 'viewer'), emptyOutDir: true, sourcemap: false },
  });
}

/**
 * The package's runtime dependencies: `ws`, the WebSocket server Vite itself uses (the hub's sockets), at the
 * root package.json's range. Everything else is bundled.
 */
const RUNTIME_DEPENDENCIES = ['ws'];

/** A Node build of the plugin's entries: only Node's builtins, the host's own Vite and the runtime dependencies
 * stay imports (shared/ is bundled). */
function buildForNode(input: Record<string, string>, output: Record<string, unknown>) {
  return build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [],
    build: {
      ssr: true,
      outDir: dist,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: false,
      sourcemap: false,
      target: 'node18',
      rollupOptions: {
        input: Object.fromEntries(Object.entries(input).map(([name, file]) => [name, path.join(root, file)])),
        external: (id) => id.startsWith('node:') || id === 'vite' || RUNTIME_DEPENDENCIES.includes(id),
        output,
      },
    },
  });
}

/** dist/vite.js and dist/cli.js (ESM). */
const buildNode = () =>
  buildForNode(
    { vite: 'plugin/vite.ts', cli: 'plugin/cli.ts' },
    {
      format: 'es',
      entryFileNames: '[name].js',
      // Beside the entries: the hub finds ./viewer/ and ./agent.js from its own file's URL.
      chunkFileNames: 'hub-[hash].js',
      banner: (chunk: { name: string }) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    },
  );

/**
 * dist/vite.cjs: Vite 5 bundles a vite.config.js of a package without `"type": "module"` (most uni-app projects)
 * to CommonJS and refuses to `require` an ES module, so the plugin also ships as one CommonJS file.
 */
const buildNodeCommonJs = () =>
  buildForNode({ vite: 'plugin/vite.ts' }, { format: 'cjs', entryFileNames: '[name].cjs', exports: 'named' });

/**
 * dist/vite.d.ts is emitted by tsc from plugin/vite.ts itself (never out of step with the code); it must stand
 * alone, since the package ships no other declarations.
 */
function buildDeclarations(): void {
  const temp = path.join(out, 'types');
  const config = path.join(out, 'tsconfig.types.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        outDir: temp,
        rootDir: root,
        types: ['node'],
      },
      include: [],
      files: [path.join(root, 'plugin/vite.ts')],
    }),
  );
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', config], { stdio: 'inherit' });
  const declaration = readFileSync(path.join(temp, 'plugin/vite.d.ts'), 'utf8');
  const relative = /from\s+['"]\.\.?\//.exec(declaration);
  if (relative) throw new Error(`dist/vite.d.ts imports a file the package does not ship: ${relative[0]}`);
  writeFileSync(path.join(dist, 'vite.d.ts'), declaration);
  rmSync(temp, { recursive: true, force: true });
  rmSync(config);
}

function writePackage(): void {
  const manifest = {
    name: 'uni-transfer-devtools',
    version: rootPackage.version,
    description:
      'See uni.uploadFile / uni.downloadFile tasks of uni-app H5 pages on phones, in a desktop viewer served by your Vite dev server',
    keywords: ['uni-app', 'uniapp', 'vite-plugin', 'devtools', 'upload', 'download', 'debug', 'mobile'],
    license: rootPackage.license ?? 'UNLICENSED',
    type: 'module',
    exports: {
      './vite': { types: './dist/vite.d.ts', import: './dist/vite.js', require: './dist/vite.cjs' },
      './agent': './dist/agent.js',
      './package.json': './package.json',
    },
    bin: { 'uni-transfer-devtools': './dist/cli.js' },
    files: ['dist', 'README.md'],
    engines: { node: '>=18' },
    dependencies: Object.fromEntries(
      RUNTIME_DEPENDENCIES.map((name) => {
        const range = rootPackage.dependencies[name];
        if (!range) throw new Error(`${name} is missing from the root package.json's dependencies`);
        return [name, range];
      }),
    ),
    peerDependencies: { vite: '>=5' },
    peerDependenciesMeta: { vite: { optional: true } },
  };
  writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(path.join(root, 'package-npm/README.md'), path.join(out, 'README.md'));
  for (const name of ['LICENSE', 'LICENSE.md']) {
    if (existsSync(path.join(root, name))) copyFileSync(path.join(root, name), path.join(out, name));
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const agent = await buildAgent(root);
writeFileSync(path.join(dist, 'agent.js'), agent);
await buildViewer();
await buildNode();
await buildNodeCommonJs();
buildDeclarations();
writePackage();
const unexpected = readdirSync(dist).filter(
  (name) => !/^(agent|vite|cli|hub-[\w-]+)\.js$|^vite\.(cjs|d\.ts)$|^viewer$/.test(name),
);
if (unexpected.length > 0) throw new Error(`unexpected files in dist/: ${unexpected.join(', ')}`);

const artifacts = path.join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const tarball = path.join(artifacts, `uni-transfer-devtools-${rootPackage.version}.tgz`);
rmSync(tarball, { force: true });
execFileSync('npm', ['pack', '--pack-destination', artifacts, '--silent'], { cwd: out, stdio: 'inherit' });
if (!existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
console.log(path.relative(root, tarball));
const bytes = Buffer.from(agent, 'utf8');
console.log(JSON.stringify({ agentBytes: bytes.length, agentGzipBytes: gzipSync(bytes).length }));
