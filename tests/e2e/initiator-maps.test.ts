// The Initiator tab maps the app's frames through the page's source maps (issue 17): the dev server's inline maps
// and a build's .map files (vue3-notree is built with `sourcemap`), in Chromium's and Firefox's real DevTools
// panel; the Vue 2 build serves none and keeps its frames as they are (vue3-prod's tasks have no stack: no global
// uni to see the call). On the dev server, "Editor" asks Vite's
// /__open-in-editor to open the line: launch-editor runs $LAUNCH_EDITOR, here a script that writes down its file.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, describe, expect, it } from 'vitest';
import { PANEL_TITLE } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { type PanelHandle, showDetailsTab, waitForFinalRows } from './harness/panel-handle';
import { launchExtensionFirefox, useChromium } from './harness/setup';

const editorLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'uni-editor-')), 'opened.txt');
const editorScript = path.join(path.dirname(editorLog), 'editor.sh');
fs.writeFileSync(editorScript, `#!/bin/sh\necho "$@" >> '${editorLog}'\n`, { mode: 0o755 });
// Read by the dev server that useChromium starts (tests/fixtures/index.ts passes the environment on).
process.env.LAUNCH_EDITOR = editorScript;
afterAll(() => fs.rmSync(path.dirname(editorLog), { recursive: true, force: true }));

const setup = useChromium({ runtimes: ['vue3-dev', 'vue3-notree', 'vue2'] });
const LAUNCH_UPLOAD = '[data-testid="task-row"][data-url*="/upload?tag=launch"]';

/** The line of the app's own `uni.uploadFile` call in the fixture's source (scenarios.js, the API table). */
const SOURCE_LINE =
  fs
    .readFileSync('tests/fixtures/scenarios/scenarios.js', 'utf8')
    .split('\n')
    .findIndex((line) => line.includes('uploadFile: (options) => uni.uploadFile(options)')) + 1;

/** Its column is the engine's (V8 points at the property, Gecko at the call) as the map resolves it. */
const ORIGINAL_LOCATION = new RegExp(`scenarios\\.js:${SOURCE_LINE}:\\d+$`);

interface FrameView {
  mapped: string;
  fn: string;
  original: string;
  editorFile: string | null;
}

async function initiatorOfLaunchUpload(panel: PanelHandle): Promise<{ maps: string; frames: FrameView[] }> {
  await waitForFinalRows(panel, 2);
  await showDetailsTab(panel, 'initiator', LAUNCH_UPLOAD);
  await panel.waitFor(() =>
    ['mapped', 'none'].includes(
      document.querySelector('[data-testid="details-initiator"]')?.getAttribute('data-source-maps') ?? '',
    ),
  );
  return panel.evaluate(() => ({
    maps: document.querySelector('[data-testid="details-initiator"]')?.getAttribute('data-source-maps') ?? '',
    frames: [...document.querySelectorAll<HTMLElement>('[data-testid="details-stack-frame"]')].map((row) => ({
      mapped: row.dataset.mapped ?? '',
      fn: row.querySelector('.dt-frame-fn')?.textContent ?? '',
      original: row.querySelector('[data-testid="details-original-location"]')?.textContent ?? '',
      editorFile: row.querySelector('[data-testid="details-open-in-editor"]')?.getAttribute('data-file') ?? null,
    })),
  }));
}

async function openLaunch(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForFixtureDone(page);
}

describe('source-mapped initiator', () => {
  it('Chromium, dev server: the original line, and "Editor" opens it through /__open-in-editor', async () => {
    const page = await setup.chromium.newPage();
    const panel = await setup.chromium.openPanel(page);
    await openLaunch(page, setup.env.appUrl('vue3-dev', 'launch'));
    const { maps, frames } = await initiatorOfLaunchUpload(panel);
    expect(maps).toBe('mapped');
    const [first] = frames;
    expect(first).toMatchObject({ mapped: 'true', fn: 'uploadFile' });
    expect(first?.original).toMatch(ORIGINAL_LOCATION);
    expect(first?.editorFile).toMatch(ORIGINAL_LOCATION);

    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="details-open-in-editor"]')?.click());
    const opened = await waitForFile(editorLog);
    expect(opened).toMatch(/scenarios\.js/);
    expect(fs.existsSync(opened.trim().split(/\s+/)[0]?.split(':')[0] ?? '')).toBe(true);
    await panel.close();
    await page.close();
  });

  it('Chromium, a build with .map files maps its frames; a build without keeps them as built', async () => {
    const page = await setup.chromium.newPage();
    const panel = await setup.chromium.openPanel(page);
    await openLaunch(page, setup.env.appUrl('vue3-notree', 'launch'));
    const mapped = await initiatorOfLaunchUpload(panel);
    expect(mapped.maps).toBe('mapped');
    expect(mapped.frames[0]).toMatchObject({ mapped: 'true', fn: 'uploadFile', editorFile: null });
    expect(mapped.frames[0]?.original).toMatch(ORIGINAL_LOCATION);

    await openLaunch(page, setup.env.appUrl('vue2', 'launch'));
    const built = await initiatorOfLaunchUpload(panel);
    expect(built.maps).toBe('none');
    expect(built.frames.every((frame) => frame.mapped === 'false' && frame.original === '')).toBe(true);
    await panel.close();
    await page.close();
  });

  it('Firefox: the same original line', async () => {
    const firefox = await launchExtensionFirefox();
    try {
      const page = await firefox.newPage(setup.env.appUrl('vue3-notree', 'launch'));
      await waitForFixtureDone(page);
      const panel = await firefox.openDevToolsPanel(page, PANEL_TITLE);
      const { maps, frames } = await initiatorOfLaunchUpload(panel);
      expect(maps).toBe('mapped');
      expect(frames[0]).toMatchObject({ mapped: 'true', fn: 'uploadFile' });
      expect(frames[0]?.original).toMatch(ORIGINAL_LOCATION);
      await panel.close();
    } finally {
      await firefox.close();
    }
  });
});

/** The file's text once it exists and is not empty (launch-editor spawns the editor after answering). */
async function waitForFile(file: string): Promise<string> {
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text.trim()) return text;
    await new Promise<void>((resolve) => {
      const watcher = fs.watch(path.dirname(file), () => {
        watcher.close();
        resolve();
      });
      // A write between the read above and the watch: look again at once.
      if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim()) {
        watcher.close();
        resolve();
      }
    });
  }
}
