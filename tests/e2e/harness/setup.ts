// What most e2e files start once for all their tests: the fixture env and a browser, opened in beforeAll and
// closed in afterAll (browser first). Each helper returns an object whose fields are set once beforeAll ran.

import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { GECKO_ID } from '../../../scripts/manifest';
import { type FixtureEnv, type StartFixtureEnvOptions, startFixtureEnv } from '../../fixtures/index';
import { launchChromium } from './chromium';
import { launchComparison } from './comparison';
import { type FirefoxLaunchOptions, type FirefoxSession, launchFirefox } from './firefox';

/**
 * Firefox with the built extension (dist/firefox) installed as a temporary add-on; UNI_TRANSFER_EXTENSION_DIR_FIREFOX
 * runs a test against another build (e.g. an older commit's, to see an attack succeed).
 */
export function launchExtensionFirefox(options: Partial<FirefoxLaunchOptions> = {}): Promise<FirefoxSession> {
  const extensionDir = path.resolve(process.env.UNI_TRANSFER_EXTENSION_DIR_FIREFOX ?? 'dist/firefox');
  return launchFirefox({ extensionDir, geckoId: GECKO_ID, ...options });
}

function useEnvAnd<K extends string, B extends { close(): Promise<void> }>(
  options: StartFixtureEnvOptions,
  key: K,
  launch: () => Promise<B>,
): { env: FixtureEnv } & Record<K, B> {
  const context = {} as { env: FixtureEnv } & Record<K, B>;
  beforeAll(async () => {
    context.env = await startFixtureEnv(options);
    context[key] = (await launch()) as (typeof context)[K];
  });
  afterAll(async () => {
    await context[key]?.close();
    await context.env?.close();
  });
  return context;
}

/** The fixture env alone (files that launch a browser per test). */
export function useFixtureEnv(options: StartFixtureEnvOptions): { env: FixtureEnv } {
  const context = {} as { env: FixtureEnv };
  beforeAll(async () => {
    context.env = await startFixtureEnv(options);
  });
  afterAll(async () => {
    await context.env?.close();
  });
  return context;
}

/** The fixture env and one Chromium with the extension, shared by the file's tests. */
export function useChromium(options: StartFixtureEnvOptions) {
  return useEnvAnd(options, 'chromium', () => launchChromium());
}

/** The fixture env and one Firefox with the extension, shared by the file's tests. */
export function useFirefox(options: StartFixtureEnvOptions) {
  return useEnvAnd(options, 'firefox', () => launchExtensionFirefox());
}

/** The fixture env and two Chromiums, without and with the extension (comparison.ts). */
export function useComparison(options: StartFixtureEnvOptions) {
  return useEnvAnd(options, 'browsers', launchComparison);
}
