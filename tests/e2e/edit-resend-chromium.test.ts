// Edit and resend in the REAL DevTools panel (Chromium): the dialog prefilled with the upload's URL, headers and
// parts; a changed field, a new header and a file picked in the panel reach the test server. And a replay whose
// file the page no longer holds (body budget 0) says so and offers the file picker instead.

import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureEnv, startFixtureEnv } from '../fixtures/index';
import { clickAction, selectRow, waitForRow } from './harness/actions';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import type { PanelHandle } from './harness/panel-handle';

let env: FixtureEnv;
let chromium: ChromiumSession;
const picked = path.join(mkdtempSync(path.join(tmpdir(), 'uni-edit-')), 'picked photo.png');
const pickedBytes = Buffer.from('not really a png, but bytes we know');

beforeAll(async () => {
  writeFileSync(picked, pickedBytes);
  env = await startFixtureEnv({ runtimes: ['vue3-prod', 'vue3-notree'], verbose: false });
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await env?.close();
});

/** Sets an input's value as a user would (value + input event). */
function typeInto(panel: PanelHandle, selector: string, value: string, index = 0) {
  return panel.evaluate(
    (s: string, v: string, i: number) => {
      const input = document.querySelectorAll<HTMLInputElement>(s)[i];
      if (!input) throw new Error(`no ${s}[${i}]`);
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    selector,
    value,
    index,
  );
}

async function pickFile(panel: Awaited<ReturnType<ChromiumSession['openPanel']>>) {
  await panel.waitFor(() => document.querySelector('[data-testid="edit-file"]') !== null);
  const input = await panel.frame.$('[data-testid="edit-file"]');
  await (input as unknown as { uploadFile(file: string): Promise<void> }).uploadFile(picked);
  await panel.waitFor(() =>
    [...document.querySelectorAll('[data-testid="edit-part"]')].some((part) =>
      part.textContent?.includes('picked photo.png'),
    ),
  );
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['vue3-prod', 'vue3-notree'] as const)('%s', (runtime) => {
  it('sends the edited upload', async () => {
    const page = await chromium.newPage(env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const panel = await chromium.openPanel(page);
    const original = await selectRow(panel, '/upload?tag=launch', 'success');
    await clickAction(panel, original, 'edit-task');
    await panel.waitFor(() => document.querySelector('[data-testid="edit-dialog"]') !== null);
    const prefilled = await panel.evaluate<{ url: string; parts: string[] }>(() => ({
      url: document.querySelector<HTMLInputElement>('[data-testid="edit-url"]')?.value ?? '',
      parts: [...document.querySelectorAll<HTMLInputElement>('[data-testid="edit-part-name"]')].map((i) => i.value),
    }));
    expect(prefilled.url).toContain('/upload?tag=launch');
    expect(prefilled.parts).toEqual(['from', 'scenario', 'file']);
    await typeInto(panel, '[data-testid="edit-url"]', `${env.server.origin}/upload?tag=edited-${runtime}`);
    await typeInto(panel, '[data-testid="edit-part-value"]', 'edited value');
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="edit-header-add"]')?.click());
    await panel.waitFor(() => document.querySelector('[data-testid="edit-header-name"]') !== null);
    await typeInto(panel, '[data-testid="edit-header-name"]', 'X-Edited');
    await typeInto(panel, '[data-testid="edit-header-value"]', 'yes');
    await pickFile(panel);
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="edit-send"]')?.click());
    await waitForRow(panel, {
      origin: 'replay',
      status: 'success',
      url: `${env.server.origin}/upload?tag=edited-${runtime}`,
    });
    const upload = env.server.uploads().find((record) => record.query.tag === `edited-${runtime}`);
    expect(upload?.fields).toEqual({ from: 'edited value', scenario: 'launch' });
    expect(upload?.headers['x-edited']).toBe('yes');
    expect(upload?.files.map((file) => [file.field, file.sha256])).toEqual([['file', sha(pickedBytes)]]);
    await panel.close();
    await page.close();
  });
});

describe('a replay whose file the page no longer holds', () => {
  it('says so and sends a file picked in the panel instead', async () => {
    const page = await chromium.newPage(env.appUrl('vue3-prod', 'launch'));
    await waitForFixtureDone(page);
    const panel = await chromium.openPanel(page);
    const original = await selectRow(panel, '/upload?tag=launch', 'success');
    // Body budget 0: the page lets go of every held file.
    await panel.evaluate(() => {
      document.querySelector<HTMLButtonElement>('[data-testid="settings-toggle"]')?.click();
    });
    await panel.waitFor(() => document.querySelector('[data-testid="setting-body-budget"]') !== null);
    await panel.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="setting-body-budget"]');
      if (!input) return;
      input.value = '0';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await clickAction(panel, original, 'replay-task');
    await panel.waitFor(() => document.querySelector('[data-testid="action-pick-file"]') !== null);
    expect(
      await panel.evaluate<string>(
        () => document.querySelector('[data-testid="action-message"]')?.getAttribute('data-kind') ?? '',
      ),
    ).toBe('error');
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="action-pick-file"]')?.click());
    await pickFile(panel);
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="edit-send"]')?.click());
    await waitForRow(panel, { origin: 'replay', status: 'success' });
    const uploads = env.server.uploads().filter((record) => record.query.tag === 'launch');
    expect(uploads.at(-1)?.files.map((file) => file.sha256)).toEqual([sha(pickedBytes)]);
    // Restore the default budget for other tests sharing the profile.
    await panel.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="setting-body-budget"]');
      if (!input) return;
      input.value = '100';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await panel.close();
    await page.close();
  });
});
