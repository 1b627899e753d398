/**
 * Manual use: `npx tsx tests/server/main.ts [--static /prefix/=dir ...] [--verbose] [--fixtures]`
 * Starts the transfer server and prints its origin. With --fixtures, also serves the built
 * fixture apps (after `npx tsx tests/fixtures/prepare.ts`) and prints their URLs.
 */
import path from 'node:path';
import { startTransferServer } from './server.js';

const args = process.argv.slice(2);
const statics: Record<string, string> = {};
let verbose = false;
let fixtures = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--verbose' || a === '-v') verbose = true;
  else if (a === '--fixtures') fixtures = true;
  else if (a === '--static') {
    const spec = args[++i] ?? '';
    const eq = spec.indexOf('=');
    if (eq < 1) throw new Error(`--static expects /prefix/=dir, got ${spec}`);
    statics[spec.slice(0, eq)] = path.resolve(spec.slice(eq + 1));
  } else if (a === '--help' || a === '-h') {
    console.log('usage: tsx tests/server/main.ts [--static /prefix/=dir]... [--fixtures] [--verbose]');
    process.exit(0);
  }
}

if (fixtures) {
  const { staticMounts } = await import('../fixtures/paths.js');
  Object.assign(statics, staticMounts());
}

const server = await startTransferServer({ static: statics, verbose });
console.log(server.origin);
for (const [prefix, dir] of Object.entries(statics)) console.log(`  ${server.origin}${prefix}  ->  ${dir}`);
if (fixtures) {
  console.log(`  e.g. ${server.origin}/app/vue3-prod/?scenario=demo`);
  console.log(`       ${server.origin}/app/vue2/?scenario=demo`);
}
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
