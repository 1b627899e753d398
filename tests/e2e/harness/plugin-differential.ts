// Issue 12, transparency: every fixture scenario, run with the npm package's plugin and without it, observed by
// the app identically (`__uniFixture.log`, as tests/e2e/harness/differential.ts does for the extension):
// - on the dev server: the plugin's dev server against the plain fixture's;
// - in builds: the tree-shaken `build: true` build against the plain build of the same project.
// Both sides run in one Chromium without the extension, so only the plugin differs; a viewer watches throughout.
// One test file per half (plugin-differential-dev/-build.test.ts), so that the e2e stage runs them side by side.

import { isDeepStrictEqual } from 'node:util';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureEnv, SCENARIOS, startFixtureEnv } from '../../fixtures/index';
import { type PluginApp, type PluginServer, preparePluginApp, startPluginServer } from '../../fixtures/plugin-app';
import { waitForRow } from './actions';
import { type ChromiumSession, launchChromium } from './chromium';
import { withFixturePage } from './fixture-page';
import type { PanelHandle } from './panel-handle';
import { openViewer } from './viewer';

const COMPARED = SCENARIOS.filter((scenario) => scenario !== 'demo');

let env: FixtureEnv;
let app: PluginApp;
let withPlugin: PluginServer;
let plainBuild: PluginServer | undefined;
let chromium: ChromiumSession;
let viewer: PanelHandle;

function useServers(half: 'dev' | 'build'): void {
  beforeAll(async () => {
    env = await startFixtureEnv({ runtimes: half === 'dev' ? ['vue3-dev'] : [], verbose: false });
    app = await preparePluginApp();
    if (half === 'dev') withPlugin = await startPluginServer(app, 'dev');
    else {
      withPlugin = await startPluginServer(app, 'preview');
      plainBuild = await startPluginServer(app, 'preview', { outDir: app.plainBuildDir });
    }
    chromium = await launchChromium({ withExtension: false });
    // A viewer watches the plugin's server, so the agents post every event (without one they only record).
    viewer = await openViewer(chromium.browser, withPlugin.viewerUrl);
  });

  afterAll(async () => {
    await chromium?.close();
    await Promise.all([withPlugin?.stop(), plainBuild?.stop()]);
    await env?.close();
  });
}

const urlOn = (origin: string, scenario: string) =>
  `${origin}/?${new URLSearchParams({ scenario, api: env.server.origin })}`;

function observe(browser: Browser, url: string): Promise<unknown> {
  return withFixturePage(browser, url, (page) =>
    page.evaluate(() => (window as unknown as { __uniFixture: { log: unknown } }).__uniFixture.log),
  );
}

/** As harness/differential.ts: a few scenarios depend on timing, so a mismatch re-runs the plain side twice. */
async function expectSame(withUrl: string, withoutUrl: string): Promise<void> {
  const withPlugin = await observe(chromium.browser, withUrl);
  let without = await observe(chromium.browser, withoutUrl);
  for (let retry = 0; retry < 2 && !isDeepStrictEqual(withPlugin, without); retry++) {
    without = await observe(chromium.browser, withoutUrl);
  }
  expect(withPlugin).toEqual(without);
}

/** The plugin was not inert: its viewer lists the compared pages' tasks, every one seen by the uni probe too. */
async function expectListedWithCalls(viewer: PanelHandle): Promise<void> {
  await waitForRow(viewer, { kind: 'upload', status: 'success' });
  const probes = await viewer.evaluate<string[]>(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => row.dataset.probes ?? ''),
  );
  expect(probes.length).toBeGreaterThan(0);
  expect(probes.filter((probe) => !probe.includes('uni'))).toEqual([]);
}

/** The dev server: the plugin's against the plain fixture's. */
export function describePluginDevDifferential(): void {
  useServers('dev');
  describe('dev server: the app observes the same with and without the plugin', () => {
    it.each(COMPARED)('%s', async (scenario) => {
      await expectSame(urlOn(withPlugin.origin, scenario), env.appUrl('vue3-dev', scenario));
    });
    it("and the plugin's viewer listed those tasks", () => expectListedWithCalls(viewer));
  });
}

/** The tree-shaken `build: true` build against the plain build of the same project. */
export function describePluginBuildDifferential(): void {
  useServers('build');
  describe('`build: true` build (tree-shaken): the app observes the same as in the plain build', () => {
    it.each(COMPARED)('%s', async (scenario) => {
      await expectSame(urlOn(withPlugin.origin, scenario), urlOn((plainBuild as PluginServer).origin, scenario));
    });
    it("and the plugin's viewer listed those tasks", () => expectListedWithCalls(viewer));
  });
}
