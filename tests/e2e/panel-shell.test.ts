// Fast UI tests of the real panel outside DevTools: the shell page (tests/shell) mounts it on the in-memory
// transport, and each test feeds envelopes through window.__shell and checks the automation contract
// (docs/automation.md). One Chromium for the file, a fresh page per test, nothing beyond 127.0.0.1.

import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShellWindow } from '../shell/api';
import { buildShell } from '../shell/build';
import { type StaticServer, serveStatic } from '../shell/serve';
import { type ChromiumSession, launchChromium } from './harness/chromium';
import type { RowData } from './harness/panel-handle';
import { WAIT_MS } from './harness/wait';

let server: StaticServer;
let chromium: ChromiumSession;

beforeAll(async () => {
  server = await serveStatic(await buildShell());
  chromium = await launchChromium({ withExtension: false });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function openShell(query = ''): Promise<Page> {
  const page = await chromium.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // Some transforms wrap named functions in __name(); the page has none.
  await page.evaluateOnNewDocument('globalThis.__name ??= (target) => target');
  await page.goto(`${server.origin}/index.html${query}`, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="panel"]', { timeout: WAIT_MS });
  if (errors.length > 0) throw new Error(`shell page errors: ${errors.join('\n')}`);
  return page;
}

async function withShell(use: (page: Page) => Promise<void>, query = ''): Promise<void> {
  const page = await openShell(query);
  try {
    await use(page);
  } finally {
    await page.close();
  }
}

/** Says hello and streams `count` generated tasks (with some progress) as a few event envelopes. */
function feed(page: Page, count: number, options: { running?: number; seed?: number } = {}) {
  return page.evaluate(
    (count: number, running: number, seed: number) => {
      const s = (window as unknown as ShellWindow).__shell;
      const tasks = s.gen.generateTasks(count, { running, seed });
      const events = s.gen.eventStream(tasks, s.gen.generateProgress(tasks, count * 5, seed + 1));
      s.deliver(s.hello());
      for (const batch of s.gen.batches(events, 25)) s.deliver(s.events(batch));
      const records = s.gen.foldRecords(events);
      return { session: s.session, records, fileNames: Object.fromEntries(tasks.map((t) => [t.id, t.fileName])) };
    },
    count,
    options.running ?? 1,
    options.seed ?? 7,
  );
}

const count = (page: Page) =>
  page.$eval('[data-testid="task-count"]', (element) => Number((element as HTMLElement).dataset.count));

function waitForCount(page: Page, expected: number) {
  return page.waitForFunction(
    (expected: number) =>
      Number(document.querySelector<HTMLElement>('[data-testid="task-count"]')?.dataset.count) === expected,
    { timeout: WAIT_MS, polling: 'raf' },
    expected,
  );
}

function readRows(page: Page): Promise<RowData[]> {
  return page.$$eval('[data-testid="task-row"]', (rows) =>
    rows.map((row) => ({ ...(row as HTMLElement).dataset }) as never),
  );
}

function setFilter(page: Page, value: string) {
  return page.$eval(
    '[data-testid="filter"]',
    (input, value) => {
      (input as HTMLInputElement).value = value as string;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

describe('panel shell (in-memory transport)', () => {
  it('connects on hello and lists rows with the contract attributes', async () => {
    await withShell(async (page) => {
      expect(await page.$eval('[data-testid="panel"]', (el) => el.getAttribute('data-connected'))).toBe('false');
      const { session, records } = await feed(page, 12, { running: 2 });
      await page.waitForSelector('[data-testid="panel"][data-connected="true"]', { timeout: WAIT_MS });
      await waitForCount(page, 12);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="task-row"]').length === 12, {
        timeout: WAIT_MS,
      });
      const rows = await readRows(page);
      expect(new Set(rows.map((row) => row.taskId)).size).toBe(12);
      for (const record of records) {
        const row = rows.find((candidate) => candidate.taskId === `${session}/${record.id}`);
        expect(row, record.id).toBeDefined();
        const failed = record.status === 'fail' || record.status === 'abort';
        expect(row).toMatchObject({
          kind: record.kind,
          status: record.status,
          url: record.url,
          bytes: String(record.bytes),
          progressEvents: String(record.progressEvents),
          origin: record.origin,
        });
        expect(row?.statusCode).toBe(record.statusCode === undefined ? undefined : String(record.statusCode));
        expect(row?.total).toBe(record.total === null ? undefined : String(record.total));
        expect(row?.errMsg).toBe(failed ? record.errMsg : undefined);
        if (failed) expect(row?.errMsg).toMatch(/^(uploadFile|downloadFile):fail/);
      }
      expect(rows.filter((row) => row.status === 'running')).toHaveLength(2);
    });
  });

  it('narrows the task count with a text filter and restores it when cleared', async () => {
    await withShell(async (page) => {
      const { records } = await feed(page, 40, { seed: 11 });
      await waitForCount(page, 40);
      const term = 'OSS-CN-HANGZHOU'; // only ever in download URLs: case-insensitive URL substring
      const expected = records.filter((record) => record.url.toLowerCase().includes(term.toLowerCase())).length;
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(40);
      await setFilter(page, term);
      await waitForCount(page, expected);
      const rows = await readRows(page);
      expect(rows).toHaveLength(expected);
      expect(rows.every((row) => row.url.toLowerCase().includes(term.toLowerCase()))).toBe(true);
      await setFilter(page, '');
      await waitForCount(page, 40);
    });
  });

  it('clears the list', async () => {
    await withShell(async (page) => {
      await feed(page, 8);
      await waitForCount(page, 8);
      await page.$eval('[data-testid="clear"]', (button) => (button as HTMLElement).click());
      await waitForCount(page, 0);
      expect(await page.$$('[data-testid="task-row"]')).toHaveLength(0);
    });
  });

  it('rejects and counts a malformed message, and keeps rendering', async () => {
    await withShell(async (page) => {
      await feed(page, 5);
      await waitForCount(page, 5);
      await page.evaluate(() => {
        const s = (window as unknown as ShellWindow).__shell;
        s.deliver({ type: 'agent', envelope: { bogus: 1 } });
      });
      await page.waitForFunction(
        () => /\b1\b/.test(document.querySelector('[data-testid="rejected-count"]')?.textContent ?? ''),
        { timeout: WAIT_MS },
      );
      expect(await page.$$('[data-testid="task-row"]')).toHaveLength(5);
      // The stream goes on: a later task still shows up.
      await page.evaluate(() => {
        const s = (window as unknown as ShellWindow).__shell;
        const [late] = s.gen.generateTasks(1, { prefix: 'late', running: 0, seed: 99 });
        s.deliver(s.events(late?.events ?? []));
      });
      await waitForCount(page, 6);
    });
  });

  it('keeps updating while a page forges messages on the agent channel, and counts what it rejects', async () => {
    await withShell(async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      const { records } = await feed(page, 5);
      await waitForCount(page, 5);
      const forged = await page.evaluate((genuine: unknown[]) => {
        const s = (window as unknown as ShellWindow).__shell;
        // The genuine agent answers a snapshot request with its whole record (its seq counter is s.nextSeq).
        s.data.records = genuine;
        s.onCommand = (command) => {
          if (command.name === 'snapshot') setTimeout(() => s.deliver(s.snapshot(s.data.records as never[])));
        };
        // The forger takes whatever seq it likes without moving the genuine agent's counter.
        const forge = (seq: number, build: () => unknown) => {
          const genuineSeq = s.nextSeq;
          s.nextSeq = seq;
          s.deliver(build());
          s.nextSeq = genuineSeq;
        };
        const next = s.nextSeq;
        const at = Date.now();
        const upload = { type: 'created', taskId: 'evil-1', at, kind: 'upload', origin: 'app', probe: 'xhr' };
        const frozeThePanel = { type: 'send', taskId: 'evil-1', at: at + 1, requestHeaders: {}, body: [null] };
        // 1. The event that froze the panel, with a task for it to break (the task itself is page data: listed).
        forge(next, () => s.events([{ ...upload, url: 'http://127.0.0.1/evil' }, frozeThePanel] as never[]));
        // 2. A diagnostic far ahead, which used to silence every later event.
        forge(Number.MAX_SAFE_INTEGER, () => s.diagnostic({ at, where: 'x', message: 'y' }));
        // 3. The same event alone, and a snapshot of records none of which reads.
        forge(next, () => s.events([{ type: 'send', body: [null] }] as never[]));
        const bad = [{ body: [null] }, { progress: [[1, 'x', 2]] }, { callbacks: [null] }, { call: { url: 1 } }];
        const base = genuine[0] as Record<string, unknown>;
        forge(next, () =>
          s.snapshot(bad.map((fields, index) => ({ ...base, id: `bad-${index}`, ...fields })) as never[]),
        );
        // 4. Not even an envelope.
        s.deliver({ type: 'agent', envelope: { bogus: 1 } });
        // The genuine agent goes on: a new task.
        const [late] = s.gen.generateTasks(1, { prefix: 'late', running: 0, seed: 99 });
        s.deliver(s.events(late?.events ?? []));
        s.data.records = [...genuine, ...s.gen.foldRecords(late?.events ?? [])];
        return { session: s.session, late: late?.id, lateUrl: late?.url };
      }, records);
      // The forged envelope took the genuine agent's next seq, so the genuine one looks old: the panel asks for a
      // snapshot rather than dropping it silently, and the snapshot (the agent's whole record) puts things right.
      await page.waitForFunction(
        (late: string) => {
          const ids = [...document.querySelectorAll('[data-testid="task-row"]')].map((row) =>
            row.getAttribute('data-task-id'),
          );
          return ids.some((id) => id?.endsWith(`/${late}`)) && !ids.some((id) => id?.endsWith('/evil-1'));
        },
        { timeout: WAIT_MS },
        forged.late as string,
      );
      await waitForCount(page, 6);
      const rejected = await page.$eval('[data-testid="rejected-count"]', (el) => (el as HTMLElement).dataset.count);
      expect(rejected).toBe('4');
      expect(await page.$('[data-testid="render-error"]')).toBeNull();
      expect(errors).toEqual([]);
      // Still usable: the filter narrows the list.
      const expected = [...records.map((record) => record.url), forged.lateUrl].filter((url) => url === forged.lateUrl);
      await setFilter(page, forged.lateUrl as string);
      await waitForCount(page, expected.length);
    });
  });

  it('asks for a snapshot on a seq gap, and follows the snapshot', async () => {
    await withShell(async (page) => {
      await feed(page, 3);
      await waitForCount(page, 3);
      const snapshotsBefore = await page.evaluate(
        () => (window as unknown as ShellWindow).__shell.sent.filter((command) => command.name === 'snapshot').length,
      );
      expect(snapshotsBefore).toBe(0);
      await page.evaluate(() => {
        const s = (window as unknown as ShellWindow).__shell;
        // Answer the snapshot request as the agent would: all of its tasks, 5 of them now.
        s.onCommand = (command) => {
          if (command.name !== 'snapshot') return;
          const tasks = s.gen.generateTasks(5, { running: 1, seed: 7 });
          const records = s.gen.foldRecords(s.gen.eventStream(tasks));
          setTimeout(() => s.deliver(s.snapshot(records)));
        };
        s.nextSeq += 2; // two envelopes lost
        const [lost] = s.gen.generateTasks(1, { prefix: 'gap', running: 0 });
        s.deliver(s.events(lost?.events ?? []));
      });
      await page.waitForFunction(
        () => (window as unknown as ShellWindow).__shell.sent.some((command) => command.name === 'snapshot'),
        { timeout: WAIT_MS },
      );
      await waitForCount(page, 5);
      expect(await count(page)).toBe(5);
    });
  });

  it('answers a body command through the reply hook', async () => {
    await withShell(async (page) => {
      const { records } = await feed(page, 30, { seed: 5 });
      const download = records.find(
        (record) => record.kind === 'download' && record.status === 'success' && record.bodyHeld === true,
      );
      expect(download).toBeDefined();
      const marker = 'shell-reply-marker.txt';
      await page.evaluate((marker: string) => {
        const s = (window as unknown as ShellWindow).__shell;
        s.answerBodies(() => [
          { name: marker, mime: 'text/plain', size: 5, dataUrl: 'data:text/plain;base64,aGVsbG8=' },
        ]);
      }, marker);
      await waitForCount(page, 30);
      const rowSelector = `[data-testid="task-row"][data-task-id$="/${download?.id}"]`;
      // The grid may be virtualized: filter down to the row first.
      await setFilter(page, download?.url ?? '');
      await page.waitForSelector(rowSelector, { timeout: WAIT_MS });
      await page.$eval(rowSelector, (row) => (row as HTMLElement).click());
      await page.waitForSelector('[data-testid="task-details"]', { timeout: WAIT_MS });
      // Bodies are asked for when a view that shows them is open: try each tab of the details.
      const tabs = await page.$$('[data-testid="task-details"] [role="tab"]');
      const bodyCommands = () =>
        page.evaluate(() =>
          (window as unknown as ShellWindow).__shell.sent.filter((command) => command.name === 'body'),
        );
      for (const tab of [null, ...tabs]) {
        if ((await bodyCommands()).length > 0) break;
        await tab?.evaluate((element) => (element as HTMLElement).click());
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
      }
      const commands = await bodyCommands();
      expect(commands.length).toBeGreaterThan(0);
      expect(commands[0]).toMatchObject({ type: 'command', name: 'body', taskId: download?.id });
      await page.waitForFunction(
        (marker: string) => document.querySelector('[data-testid="task-details"]')?.textContent?.includes(marker),
        { timeout: WAIT_MS },
        marker,
      );
      expect(await page.$('[data-testid="rejected-count"]')).toBeNull();
    });
  });

  it('honours ?theme=dark and ?lang=zh_CN', async () => {
    await withShell(async (page) => {
      expect(await page.evaluate(() => document.documentElement.classList.contains('theme-dark'))).toBe(true);
      // Chinese UI text somewhere in the panel (the status line, the empty list, the toolbar).
      const text = await page.$eval('[data-testid="panel"]', (el) => el.textContent ?? '');
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }, '?theme=dark&lang=zh_CN');
  });
});
