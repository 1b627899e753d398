// Network conditions (issue 11) in the real panel outside DevTools: the shell page (tests/shell) mounts it on the
// in-memory transport, where the rules live in the panel's memory (no storage.local). The editor is driven through
// the automation contract (docs/automation.md): clicks, values and `change` events. Tasks that carry a condition
// (as the agent reports it) say so in their rows and details.
// The screenshot for the README: docs/screenshots/conditions-en.png with UPDATE_SCREENSHOTS=1, else .tmp/screenshots.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShellWindow } from '../shell/api';
import { buildShell } from '../shell/build';
import { type StaticServer, serveStatic } from '../shell/serve';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { WAIT_MS } from './harness/wait';

const outDir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.tmp/screenshots';
let server: StaticServer;
let chromium: ChromiumSession;

beforeAll(async () => {
  // Its own build directory: other shell tests may build theirs meanwhile.
  server = await serveStatic(await buildShell({ outDir: path.resolve('.cache/shell-conditions') }));
  chromium = await launchChromium({ withExtension: false });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/** Automation's way to set a control of the rule at `index`: value (or checked), then `change`. */
function setControl(page: Page, index: number, name: string, value: string | boolean) {
  return page.evaluate(
    (index: number, name: string, value: string | boolean) => {
      const rule = document.querySelectorAll('[data-testid="condition"]')[index];
      const control = rule?.querySelector(`[data-testid="condition-${name}"]`) as HTMLInputElement | null;
      if (!control) throw new Error(`no condition-${name} in rule ${index}`);
      if (typeof value === 'boolean') control.checked = value;
      else control.value = value;
      control.dispatchEvent(new Event('change', { bubbles: true }));
    },
    index,
    name,
    value,
  );
}

const click = (page: Page, testid: string) =>
  page.$eval(`[data-testid="${testid}"]`, (element) => (element as HTMLElement).click());
const frame = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(0))));

describe('network conditions in the panel shell', () => {
  it('edits rules through the contract, marks the invalid one, and shows the tasks a rule touched', async () => {
    const page = await chromium.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.evaluateOnNewDocument('globalThis.__name ??= (target) => target');
    await page.goto(`${server.origin}/index.html?theme=light`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="panel"]', { timeout: WAIT_MS });

    await click(page, 'conditions-toggle');
    await page.waitForSelector('[data-testid="conditions-toggle"][aria-expanded="true"]', { timeout: WAIT_MS });
    await click(page, 'condition-add');
    await page.waitForSelector('[data-testid="condition"]', { timeout: WAIT_MS });
    await setControl(page, 0, 'match', '/upload/');
    await setControl(page, 0, 'kind', 'upload');
    await setControl(page, 0, 'up', '50');
    await setControl(page, 0, 'latency', '400');
    await click(page, 'condition-add');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="condition"]').length === 2);
    await setControl(page, 1, 'effect', 'fail');
    await page.waitForSelector('[data-testid="condition"]:nth-child(2) [data-testid="condition-at"]');
    await setControl(page, 1, 'match', 'report.pdf');
    await setControl(page, 1, 'kind', 'download');
    await setControl(page, 1, 'at', '150');
    await page.waitForSelector('[data-testid="condition"][data-invalid="at"]', { timeout: WAIT_MS });

    const rules = await page.$$eval('[data-testid="condition"]', (elements) =>
      elements.map(
        (element): Record<string, string | null | undefined> => ({
          ...(element as HTMLElement).dataset,
          atInvalid: element.querySelector('[data-testid="condition-at"]')?.getAttribute('aria-invalid') ?? null,
          title: element.getAttribute('title'),
        }),
      ),
    );
    expect(rules).toMatchObject([
      { effect: 'throttle', enabled: 'true', atInvalid: null, title: null },
      {
        effect: 'fail',
        enabled: 'true',
        invalid: 'at',
        atInvalid: 'true',
        title: 'Not applied: X must be from 0 to 100.',
      },
    ]);
    expect(rules[0]?.invalid).toBeUndefined();
    expect(await page.$eval('[data-testid="conditions-active"]', (el) => (el as HTMLElement).dataset.count)).toBe('1');

    // Tasks as the agent reports them, two of them touched by the first rule.
    const ruleId = rules[0]?.ruleId as string;
    const touched = await page.evaluate((ruleId: string) => {
      const s = (window as unknown as ShellWindow).__shell;
      const tasks = s.gen.generateTasks(14, { running: 2, seed: 11, startAt: Date.now() - 8_000 });
      const events = s.gen.eventStream(tasks, s.gen.generateProgress(tasks, 120, 12));
      const uploads = tasks.filter((task) => task.kind === 'upload').slice(0, 2);
      for (const task of uploads) {
        events.push({
          type: 'condition',
          taskId: task.id,
          at: task.createdAt + 1,
          condition: {
            ruleId,
            effect: 'throttle',
            // As the agent words it (agent/conditions/timeline.ts).
            detail:
              'throttle (simulated): progress and answer paced at 50 kB/s up, 50 kB/s down, 400 ms latency; ' +
              'the server received the whole body at full speed',
          },
        });
      }
      s.deliver(s.hello());
      for (const batch of s.gen.batches(events, 40)) s.deliver(s.events(batch));
      return uploads.map((task) => `${s.session}/${task.id}`);
    }, ruleId);
    await page.waitForSelector('[data-testid="panel"][data-connected="true"]', { timeout: WAIT_MS });
    await page.waitForFunction(
      (keys: string[]) =>
        keys.every(
          (key) => document.querySelector(`[data-task-id="${key}"]`)?.getAttribute('data-condition') === 'throttle',
        ),
      { timeout: WAIT_MS },
      touched,
    );
    const marked = await page.$$eval('[data-testid="task-row"][data-condition]', (rows) =>
      rows.map((row) => (row as HTMLElement).dataset.taskId),
    );
    expect(marked.sort()).toEqual([...touched].sort());

    await page.$eval(`[data-task-id="${touched[0]}"]`, (row) => (row as HTMLElement).click());
    await page.waitForSelector('[data-testid="details-condition"]', { timeout: WAIT_MS });
    expect(await page.$eval('[data-testid="details-condition-rule"]', (el) => el.textContent)).toBe(
      'Rule 1: “/upload/” · upload',
    );
    expect(await page.$eval('[data-testid="details-condition-detail"]', (el) => el.textContent)).toContain(
      'paced at 50 kB/s up',
    );

    await frame(page);
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'conditions-en.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
