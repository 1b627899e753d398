// @vitest-environment happy-dom
// The diagnosis in the mounted panel (issue 18): the row's attribute and badge, the details' sections in both
// languages, the filter's terms, the copies (credentials redacted), and a HAR export that imports back with it.

import { waitFor } from '@testing-library/preact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lang } from '../../panel/i18n';
import { mountPanel } from '../../panel/mount';
import { createMemoryTransport } from '../../panel/transport';
import type { Har } from '../../shared/har';
import { type AgentMessage, isBackgroundMessage } from '../../shared/protocol';
import type { TaskEvent } from '../../shared/task-model';
import { fromAgent } from './envelopes';
import { rendered, unmountAfterAll } from './rendered';

const PAGE = 'http://127.0.0.1:5173';
const host = globalThis as {
  __uniTransferLastCopy?: { kind: string; text: string; ok: boolean };
  __uniTransferLastHar?: { name: string; json: string };
};
const transport = createMemoryTransport(isBackgroundMessage);
let seq = 0;
const runtime = { uniApp: true, globalUni: 'full' as const, vue: 3 as const, dev: true, url: `${PAGE}/` };

function send(type: string, payload: unknown): void {
  transport.deliver(fromAgent('s1', seq++, { type, payload } as AgentMessage));
}

type Step = TaskEvent extends infer E ? (E extends { taskId: string } ? Omit<E, 'taskId'> : never) : never;
const events = (taskId: string, steps: Step[]) => steps.map((step) => ({ ...step, taskId }) as TaskEvent);

function upload(id: string, url: string, at: number, end: Step[], header?: Record<string, string>): TaskEvent[] {
  return events(id, [
    {
      type: 'created',
      at,
      kind: 'upload',
      origin: 'app',
      probe: 'uni',
      url,
      call: { url, mode: 'callback', name: 'file', filePath: 'blob:x', ...(header ? { header } : {}) },
    },
    { type: 'open', at: at + 1, method: 'POST', url },
    {
      type: 'send',
      at: at + 2,
      requestHeaders: header ?? {},
      body: [{ name: 'file', file: { name: 'photo.jpg', size: 1_000_000, type: 'image/jpeg' } }],
    },
    ...end,
  ]);
}

const answered = (at: number, status: number): Step[] => [
  { type: 'progress', at: at + 10, loaded: 1_000_000, total: 1_000_000 },
  { type: 'headers', at: at + 20, statusCode: status, responseHeaders: {} },
  { type: 'end', at: at + 30, outcome: 'load', statusCode: status },
  { type: 'callback', at: at + 31, name: 'success', arg: { errMsg: 'uploadFile:ok', statusCode: status } },
];

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T;
const row = (id: string) => $(`[data-task-id="${id}"]`);
const rowIds = () =>
  [...document.querySelectorAll('[data-testid="task-row"]')].map((item) => item.getAttribute('data-task-id'));
const sections = () => [...document.querySelectorAll<HTMLElement>('[data-testid="details-diagnosis"]')];
const inSection = (section: HTMLElement, part: string) =>
  section.querySelector(`[data-testid="details-diagnosis-${part}"]`)?.textContent ?? '';

function typeFilter(value: string): void {
  const input = $<HTMLInputElement>('[data-testid="filter"]');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function select(id: string): Promise<void> {
  row(id).click();
  await rendered();
}

const root = document.createElement('div');
unmountAfterAll(root);
const writeText = vi.fn().mockResolvedValue(undefined);

beforeAll(async () => {
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
  lang.value = 'en';
  document.body.append(root);
  mountPanel(root, transport, { dark: false });
  send('hello', { runtime: { ...runtime, networkTimeout: { uploadFile: 4000 } }, startedAt: 0 });
  send('events', {
    events: [
      ...upload('ok', `${PAGE}/upload`, 1000, answered(1000, 200)),
      // uni's own timer, set by __uniConfig.networkTimeout.uploadFile, with bytes still moving at the cut.
      ...upload(
        'slow',
        `${PAGE}/upload?access_token=s3cret`,
        2000,
        [
          { type: 'progress', at: 3500, loaded: 400_000, total: 1_000_000 },
          { type: 'progress', at: 5900, loaded: 900_000, total: 1_000_000 },
          { type: 'end', at: 6000, outcome: 'timeout' },
        ],
        { Authorization: 'Bearer s3cret' },
      ),
      // A bare fail to another origin: CORS or an unreachable server, both likely.
      ...upload('api', 'http://api.example.test/upload?sign=abc123', 7000, [
        { type: 'end', at: 7030, outcome: 'error' },
      ]),
      ...upload('err', `${PAGE}/upload`, 8000, answered(8000, 500)),
      ...events('run', [
        { type: 'created', at: 9000, kind: 'download', origin: 'app', probe: 'xhr', url: `${PAGE}/big.bin` },
        { type: 'open', at: 9001, method: 'GET', url: `${PAGE}/big.bin` },
      ]),
    ],
  });
  await rendered();
});

afterAll(() => {
  vi.unstubAllGlobals();
  lang.value = 'en';
});

describe('the diagnosis in the panel', () => {
  it('marks diagnosed rows with their causes and a badge, and leaves healthy and running rows alone', () => {
    expect(rowIds()).toEqual(['s1/ok', 's1/slow', 's1/api', 's1/err', 's1/run']);
    expect(row('s1/slow').dataset.diagnosis).toBe('uni-timeout');
    expect(row('s1/api').dataset.diagnosis).toBe('cors unreachable');
    expect(row('s1/err').dataset.diagnosis).toBe('http-error');
    for (const id of ['s1/ok', 's1/run']) {
      expect(row(id).hasAttribute('data-diagnosis')).toBe(false);
      expect(row(id).querySelector('.badge-diagnosis')).toBeNull();
    }
    const badge = row('s1/slow').querySelector<HTMLElement>('.col-status .badge-diagnosis');
    expect(badge?.textContent).toContain('uni timeout');
    expect(badge?.title).toContain("uni's timer of 4.00 s (__uniConfig.networkTimeout.uploadFile) ran out");
    expect(row('s1/api').querySelector<HTMLElement>('.badge-diagnosis')?.title).toMatch(/^Likely: /);
  });

  it('explains each cause first in the overview, with its figures and fix, in English and Chinese', async () => {
    await select('s1/slow');
    const [timeout] = sections();
    expect([sections().length, timeout?.dataset.cause, timeout?.dataset.certainty]).toEqual([
      1,
      'uni-timeout',
      'certain',
    ]);
    // First in the tab, above the call.
    expect($('[data-testid="details-panel-overview"] .dt-overview')?.firstElementChild).toBe(timeout);
    const slow = timeout as HTMLElement;
    expect(inSection(slow, 'summary')).toContain('progress does not reset it');
    expect(inSection(slow, 'summary')).toContain('Bytes were still arriving');
    const evidence = inSection(slow, 'evidence');
    for (const figure of ['4.00 s', '__uniConfig.networkTimeout.uploadFile', '879 kB', '977 kB', 'yes']) {
      expect(evidence).toContain(figure);
    }
    expect(inSection(slow, 'fix')).toContain('networkTimeout in manifest.json');
    expect($('[data-testid="copy-diagnosis"]')).not.toBeNull();

    await select('s1/api');
    expect(sections().map((section) => [section.dataset.cause, section.dataset.certainty])).toEqual([
      ['cors', 'likely'],
      ['unreachable', 'likely'],
    ]);
    const [cors, unreachable] = sections() as [HTMLElement, HTMLElement];
    // Alternatives, not two claims.
    expect(inSection(cors, 'summary')).toMatch(
      /^Likely: The browser refused the answer from http:\/\/api\.example\.test/,
    );
    expect(inSection(unreachable, 'summary')).toMatch(/^Or: The server at http:\/\/api\.example\.test/);
    expect(inSection(cors, 'evidence')).toContain('30 ms');
    expect(inSection(cors, 'evidence')).toContain(PAGE);

    lang.value = 'zh_CN';
    await rendered();
    expect(inSection(cors, 'summary')).toMatch(/^可能：浏览器因 CORS 拒绝了/);
    expect(inSection(unreachable, 'summary')).toMatch(/^也可能：/);
    expect(cors.querySelector('h3')?.textContent).toBe('诊断：跨域？');
    expect(inSection(cors, 'fix')).toContain('Access-Control-Allow-Origin');
    expect(row('s1/slow').querySelector('.badge-diagnosis')?.textContent).toContain('uni 超时');
    lang.value = 'en';
    await rendered();

    await select('s1/err');
    const [http] = sections() as [HTMLElement];
    expect(http.dataset.cause).toBe('http-error');
    expect(inSection(http, 'summary')).toContain('HTTP 500, yet uni reported success');
    // A null figure (no server text) has no row.
    expect(inSection(http, 'evidence')).not.toContain("Server's answer");

    await select('s1/ok');
    expect(sections()).toEqual([]);
    expect($('[data-testid="copy-diagnosis"]')).toBeNull();
  });

  it('filters by cause, by any cause, and negated; an unknown cause is an error term', async () => {
    const cases: [string, string[]][] = [
      ['diagnosis:any', ['s1/slow', 's1/api', 's1/err']],
      ['-diagnosis:any', ['s1/ok', 's1/run']],
      ['diagnosis:uni-timeout', ['s1/slow']],
      ['diagnosis:unreachable kind:upload', ['s1/api']],
    ];
    for (const [filter, ids] of cases) {
      typeFilter(filter);
      await rendered();
      expect([filter, ...rowIds()]).toEqual([filter, ...ids]);
    }
    typeFilter('diagnosis:bogus');
    await rendered();
    expect($('[data-testid="filter"]').getAttribute('aria-invalid')).toBe('true');
    typeFilter('');
    await rendered();
  });

  it('copies the diagnosis as Markdown from the row menu and the details, with credentials redacted', async () => {
    row('s1/ok').dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 5, clientY: 5 }));
    await rendered();
    expect($('[data-testid="menu-copy-diagnosis"]').getAttribute('aria-disabled')).toBe('true');
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));

    row('s1/slow').dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 5, clientY: 5 }));
    await rendered();
    expect($('[data-testid="menu-copy-diagnosis"]').getAttribute('aria-disabled')).toBe('false');
    $('[data-testid="menu-copy-diagnosis"]').click();
    await waitFor(() => expect(host.__uniTransferLastCopy?.kind).toBe('diagnosis'));
    const text = host.__uniTransferLastCopy?.text ?? '';
    expect(host.__uniTransferLastCopy?.ok).toBe(true);
    expect(text).toMatch(
      /^# Diagnosis of uni\.uploadFile http:\/\/127\.0\.0\.1:5173\/upload\?access_token=\[redacted\]/,
    );
    expect(text).toContain('uni.uploadFile({');
    expect(text).toContain("Authorization: '[redacted]'");
    expect(text).toContain('## Diagnosis: uni timeout (uni-timeout)');
    expect(text).toContain('- Set by: `__uniConfig.networkTimeout.uploadFile`');
    expect(text).toContain('**What to change:**');
    expect(text).not.toContain('s3cret');

    lang.value = 'zh_CN';
    await select('s1/api');
    $('[data-testid="copy-diagnosis"]').click();
    await waitFor(() => expect(host.__uniTransferLastCopy?.text).toContain('(cors)'));
    const chinese = host.__uniTransferLastCopy?.text ?? '';
    expect(chinese).toContain('## 诊断：跨域？ (cors)');
    expect(chinese).toContain('也可能：');
    expect(chinese).toContain('sign=[redacted]');
    expect(chinese).not.toContain('abc123');
    lang.value = 'en';
    await rendered();
  });

  it('exports the diagnosis in the HAR, redacted, and an import shows it as exported', async () => {
    $('[data-testid="har-export"]').click();
    const har = JSON.parse(host.__uniTransferLastHar?.json ?? '{}') as Har;
    const byId = new Map(har.log.entries.map((entry) => [entry._uniTask.id, entry._uniTask]));
    expect(byId.get('ok')).not.toHaveProperty('diagnosis');
    expect(byId.get('slow')?.diagnosis).toEqual([
      {
        cause: 'uni-timeout',
        certainty: 'certain',
        evidence: {
          timeoutMs: 4000,
          setBy: '__uniConfig.networkTimeout.uploadFile',
          elapsedMs: 4000,
          bytes: 900_000,
          total: 1_000_000,
          stillMoving: true,
        },
      },
    ]);
    expect(byId.get('api')?.diagnosis?.[0]?.evidence.url).toBe('http://api.example.test/upload?sign=[redacted]');
    expect(host.__uniTransferLastHar?.json).not.toContain('abc123');

    const input = $<HTMLInputElement>('[data-testid="har-file"]');
    const file = new File([host.__uniTransferLastHar?.json ?? ''], 'saved.har', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(row('import-1/slow')).not.toBeNull());
    expect(row('import-1/slow').dataset.diagnosis).toBe('uni-timeout');
    expect(row('import-1/api').dataset.diagnosis).toBe('cors unreachable');
    expect(row('import-1/ok').hasAttribute('data-diagnosis')).toBe(false);
    // The file's own diagnosis: the timer's origin came from the page's runtime, which the import does not have.
    await select('import-1/slow');
    expect(inSection(sections()[0] as HTMLElement, 'evidence')).toContain('__uniConfig.networkTimeout.uploadFile');
  });
});
