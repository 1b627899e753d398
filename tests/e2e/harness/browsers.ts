// Which Chromium the tests use. Here (and in CI) Debian's chromium; on a user's machine without it, puppeteer's
// own downloaded Chrome (see .puppeteerrc.cjs). Firefox: resolveFirefoxPath() in firefox.ts.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

function firstExisting(candidates: (string | undefined)[]): string | undefined {
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

/** undefined = let puppeteer use the browser it downloaded. */
export function chromiumPath(): string | undefined {
  return firstExisting([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']);
}

/** Browser profiles go here, so a failed launch leaves nothing behind in the system temp folder. */
export function testTempDir(): string {
  const dir = path.resolve(process.env.UNI_TEST_TMP ?? '.tmp/browsers');
  mkdirSync(dir, { recursive: true });
  process.env.TMPDIR = dir;
  return dir;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // Without these Chromium floods a closed network with refused connections (shared/docs/browsers.md).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];
