// Exports from the REAL DevTools panel (Chromium): the exported HAR validates against the HAR 1.2 schema and
// redacts Authorization by default; importing it lists the same transfers marked as imported, while a broken file
// says why and leaves the list alone; the cURL command copied from a row's menu, run against the test server,
// uploads the same fields and file bytes.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../fixtures/index';
import { harSchemaErrors } from '../har-validator';
import { selectRow } from './harness/actions';
import { waitForFixtureDone } from './harness/fixture-page';
import { useChromium } from './harness/setup';

const setup = useChromium({ runtimes: ['vue3-prod'], verbose: false });
const FILE_BYTES = Buffer.alloc(3000, 9);
const work = mkdtempSync(path.join(tmpdir(), 'uni-exports-'));

describe('exports', () => {
  it('exports a valid HAR, imports it back, and copies a cURL that uploads the same', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl('vue3-prod', 'launch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    await page.evaluate(async (api: string) => {
      type Api = (options: Record<string, unknown>) => unknown;
      const fixture = (window as unknown as { __fixtureApi: { uploadFile: Api } }).__fixtureApi;
      await new Promise((resolve) =>
        fixture.uploadFile({
          url: `${api}/upload?tag=curl`,
          filePath: URL.createObjectURL(new Blob([new Uint8Array(3000).fill(9)])),
          name: 'photo',
          header: { Authorization: 'Bearer secret-token' },
          formData: { note: `it's "quoted" & @not-a-file`, city: '杭州' },
          complete: resolve,
        }),
      );
    }, setup.env.server.origin);
    const curlRow = await selectRow(panel, 'tag=curl', 'success');

    // HAR export: valid, redacted.
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="har-export"]')?.click());
    await panel.waitFor(() => (globalThis as { __uniTransferLastHar?: unknown }).__uniTransferLastHar !== undefined);
    const exported = await panel.evaluate<{ name: string; json: string }>(
      () => (globalThis as unknown as { __uniTransferLastHar: { name: string; json: string } }).__uniTransferLastHar,
    );
    const har = JSON.parse(exported.json);
    expect(harSchemaErrors(har)).toEqual([]);
    expect(har.log.entries).toHaveLength(3);
    expect(exported.json).not.toContain('secret-token');

    // Import it back: three more rows, marked imported; a broken file changes nothing.
    const harFile = path.join(work, exported.name);
    writeFileSync(harFile, exported.json);
    const broken = path.join(work, 'broken.har');
    writeFileSync(broken, exported.json.slice(0, 200));
    const importFile = async (file: string) => {
      const input = await panel.frame.$('[data-testid="har-file"]');
      await (input as unknown as { uploadFile(file: string): Promise<void> }).uploadFile(file);
    };
    await importFile(broken);
    await panel.waitFor(
      () => document.querySelector('[data-testid="har-message"]')?.getAttribute('data-kind') === 'error',
    );
    expect(await panel.evaluate<number>(() => document.querySelectorAll('[data-testid="task-row"]').length)).toBe(3);
    await importFile(harFile);
    await panel.waitFor(() => document.querySelectorAll('[data-testid="task-row"][data-imported="true"]').length === 3);

    // Copy as cURL from the row's context menu, then run it where the file placeholder exists.
    await panel.evaluate((key: string) => {
      const row = document.querySelector<HTMLElement>(`[data-task-id="${key}"]`);
      row?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 50, clientY: 50 }));
    }, curlRow);
    await panel.waitFor(() => document.querySelector('[data-testid="menu-copy-curl"]') !== null);
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="menu-copy-curl"]')?.click());
    await panel.waitFor(
      () => (globalThis as { __uniTransferLastCopy?: { kind: string } }).__uniTransferLastCopy?.kind === 'curl',
    );
    const command = await panel.evaluate<string>(
      () => (globalThis as unknown as { __uniTransferLastCopy: { text: string } }).__uniTransferLastCopy.text,
    );
    const placeholder = /@"([^"]+)"/.exec(command)?.[1];
    expect(placeholder).toBeTruthy();
    writeFileSync(path.join(work, placeholder as string), FILE_BYTES);
    // Asynchronously: the test server runs in this process and must answer curl meanwhile.
    await promisify(execFile)('/bin/sh', ['-c', `${command} --silent --show-error --output /dev/null`], { cwd: work });
    const uploads = setup.env.server.uploads().filter((upload) => upload.query.tag === 'curl');
    expect(uploads).toHaveLength(2);
    const [fromApp, fromCurl] = uploads;
    expect(fromCurl?.fields).toEqual(fromApp?.fields);
    expect(fromCurl?.files.map((file) => [file.field, file.filename, file.sha256])).toEqual(
      fromApp?.files.map((file) => [file.field, file.filename, file.sha256]),
    );
    expect(fromCurl?.files[0]?.sha256).toBe(sha256(FILE_BYTES));
    expect(fromCurl?.headers.authorization).toBe('Bearer secret-token');
    await panel.close();
    await page.close();
  });
});
