// `npm run package`: store-ready archives in artifacts/ (Chrome Web Store zip, addons.mozilla.org zip).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { buildExtension } from './build';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
await buildExtension();
mkdirSync('artifacts', { recursive: true });
for (const browser of ['chrome', 'firefox']) {
  const file = `uni-transfer-devtools-${version}-${browser}.zip`;
  rmSync(`artifacts/${file}`, { force: true });
  execFileSync(
    'npx',
    [
      'web-ext',
      'build',
      '--source-dir',
      `dist/${browser}`,
      '--artifacts-dir',
      'artifacts',
      '--filename',
      file,
      '--overwrite-dest',
    ],
    { stdio: 'inherit' },
  );
  console.log(`artifacts/${file}`);
}
