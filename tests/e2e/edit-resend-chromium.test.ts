// Edit and resend in the REAL DevTools panel (Chromium): the dialog prefilled with the upload's URL, headers and
// parts; a changed field, a new header and a file picked in the panel reach the test server. And a replay whose
// file the page no longer holds (body budget 0) says so and offers the file picker instead.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../fixtures/index';
import { clickAction, selectRow, waitForRow } from './harness/actions';
import type { ChromiumSession } from './harness/chromium';
import { waitForFixtureDone } from './harness/fixture-page';
import { changeSetting, setInputValue } from './harness/panel-handle';
import { useChromium } from './harness/setup';

const picked = path.join(mkdtempSync(path.join(tmpdir(), 'uni-edit-')), 'picked photo.png');
const pickedBytes = Buffer.from('not really a png, but bytes we know');
writeFileSync(picked, pickedBytes);
const setup = useChromium({ runtimes: ['vue3-prod', 'vue3-notree'], verbose: false });

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

describe.each(['vue3-prod', 'vue3-notree'] as const)('%s', (runtime) => {
  it('sends the edited upload', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    const original = await selectRow(panel, '/upload?tag=launch', 'success');
    await clickAction(panel, original, 'edit-task');
    await panel.waitFor(() => document.querySelector('[data-testid="edit-dialog"]') !== null);
    const prefilled = await panel.evaluate<{ url: string; parts: string[] }>(() => ({
      url: document.querySelector<HTMLInputElement>('[data-testid="edit-url"]')?.value ?? '',
      parts: [...document.querySelectorAll<HTMLInputElement>('[data-testid="edit-part-name"]')].map((i) => i.value),
    }));
    expect(prefilled.url).toContain('/upload?tag=launch');
    expect(prefilled.parts).toEqual(['from', 'scenario', 'file']);
    await setInputValue(panel, '[data-testid="edit-url"]', `${setup.env.server.origin}/upload?tag=edited-${runtime}`);
    await setInputValue(panel, '[data-testid="edit-part-value"]', 'edited value');
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="edit-header-add"]')?.click());
    await panel.waitFor(() => document.querySelector('[data-testid="edit-header-name"]') !== null);
    await setInputValue(panel, '[data-testid="edit-header-name"]', 'X-Edited');
    await setInputValue(panel, '[data-testid="edit-header-value"]', 'yes');
    await pickFile(panel);
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="edit-send"]')?.click());
    await waitForRow(panel, {
      origin: 'replay',
      status: 'success',
      url: `${setup.env.server.origin}/upload?tag=edited-${runtime}`,
    });
    const upload = setup.env.server.uploads().find((record) => record.query.tag === `edited-${runtime}`);
    expect(upload?.fields).toEqual({ from: 'edited value', scenario: 'launch' });
    expect(upload?.headers['x-edited']).toBe('yes');
    expect(upload?.files.map((file) => [file.field, file.sha256])).toEqual([['file', sha256(pickedBytes)]]);
    await panel.close();
    await page.close();
  });
});

describe('a replay whose file the page no longer holds', () => {
  it('says so and sends a file picked in the panel instead', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl('vue3-prod', 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    const original = await selectRow(panel, '/upload?tag=launch', 'success');
    // Body budget 0: the page lets go of every held file.
    await changeSetting(panel, 'setting-body-budget', '0');
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
    const uploads = setup.env.server.uploads().filter((record) => record.query.tag === 'launch');
    expect(uploads.at(-1)?.files.map((file) => file.sha256)).toEqual([sha256(pickedBytes)]);
    // Restore the default budget for other tests sharing the profile.
    await changeSetting(panel, 'setting-body-budget', '100');
    await panel.close();
    await page.close();
  });
});
