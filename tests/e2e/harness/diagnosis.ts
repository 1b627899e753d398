// Real faults for the diagnosis (issue 18): each case makes the fault happen for real (the test server misbehaving
// as a real server does, a port nobody listens on, a revoked blob URL, the browser offline), through the app's own
// uni call (harness/fault-equivalence.ts), and states the causes the panel must name, in order, with their
// certainty, and figures of the first cause's evidence (read from the HAR export's `_uniTask.diagnosis`).
//
// Where a case depends on the runtime, `expect` gets it (Vue 2's downloads time out by `networkTimeout.request`),
// and what is seen (Seen, below): in Chromium's DevTools the browser's own network record makes a refused port, a
// CORS refusal and a 302 certain; a phone has the page's record only, and those stay "likely" with both causes
// named.

import type { Page } from 'puppeteer';
import type { Runtime } from '../../fixtures/index';
import { abortCall, type CallSpec, finishCall, type ObservedRecord, startCall } from './fault-equivalence';
import { type PanelHandle, setInputValue, showDetailsTab } from './panel-handle';

export interface Where {
  /** The fixture's API server (the page's own origin, but for vue3-dev). */
  api: string;
  /** Another origin (a second server on 127.0.0.1). */
  other: string;
  /** An origin where nothing listens. */
  refused: string;
  /** Unique per case and runtime: in the URL, so the row is found by it. */
  tag: string;
}

export interface Expected {
  /** `cause:certainty`, in the panel's order. */
  causes: string[];
  /** Values of the first cause's evidence (a subset). */
  evidence?: Record<string, unknown>;
}

/**
 * What the panel sees: 'devtools', Chromium's network record too (its `_error` names a refused connection, a CORS
 * refusal shows as a preflight answered and a request failed); 'firefox', Firefox's record (a redirect's status,
 * but no error names and no preflight entry: failures stay "likely"); 'page', the page's record only (a phone).
 */
export type Seen = 'devtools' | 'firefox' | 'page';

export interface DiagnosisCase {
  name: string;
  call: (where: Where) => CallSpec;
  /** The app calls task.abort() once the server has the request (before, uni may abort before its XHR exists). */
  appAborts?: boolean;
  /**
   * The runtimes where the panel can see it. A build without global uni (vue3-prod) shows uni's XHRs only: an
   * upload whose file uni cannot read makes no upload XHR, so no row (a known limit, docs/uni-h5-runtime.md).
   */
  runtimes?: Runtime[];
  /** Chromium only: the page is taken offline (CDP) for the call. */
  offline?: boolean;
  expect: (runtime: Runtime, seen: Seen) => Expected;
}

const same = (expected: Expected) => () => expected;
const UPLOAD = { kind: 'upload', mode: 'callback' } as const;
const DOWNLOAD = { kind: 'download', mode: 'callback' } as const;
const crossOriginFailure = (certain: 'cors' | 'unreachable') => (_runtime: Runtime, seen: Seen) =>
  seen === 'devtools' ? { causes: [`${certain}:certain`] } : { causes: ['cors:likely', 'unreachable:likely'] };

export const DIAGNOSIS_CASES: DiagnosisCase[] = [
  {
    name: "an upload past the call's timeout",
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/upload?slow=20000&${tag}`, fileBytes: 200_000, timeout: 600 }),
    // Without global uni (vue3-prod) the call is unseen: its timeout is not claimed, only that uni's timer ran out.
    expect: (runtime) => ({
      causes: ['uni-timeout:certain'],
      evidence: runtime === 'vue3-prod' ? { timeoutMs: null, setBy: 'unseen' } : { timeoutMs: 600, setBy: 'call' },
    }),
  },
  {
    name: 'a trickling download past the timeout the app configured',
    call: ({ api, tag }) => ({
      ...DOWNLOAD,
      url: `${api}/download?bytes=2000000&rate=50000&${tag}`,
      configTimeout: 500,
    }),
    // The agent read networkTimeout at load (60 s); the app changed it later, so the value is not claimed.
    expect: (runtime) => ({
      causes: ['uni-timeout:certain'],
      evidence: {
        timeoutMs: null,
        setBy:
          runtime === 'vue3-prod'
            ? 'unseen'
            : `__uniConfig.networkTimeout.${runtime === 'vue2' ? 'request' : 'downloadFile'}`,
      },
    }),
  },
  {
    name: 'an upload answered 500 (uni calls success)',
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/upload?status=500&body=database%20down&${tag}` }),
    // Which callback uni called is known where the call is seen (not in vue3-prod: no global uni).
    expect: (runtime) => ({
      causes: ['http-error:certain'],
      evidence: { status: 500, serverText: 'database down', callback: runtime === 'vue3-prod' ? null : 'success' },
    }),
  },
  {
    name: 'an upload refused as too large (413)',
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/upload?status=413&body=too%20large&${tag}` }),
    expect: same({ causes: ['payload-too-large:certain'], evidence: { status: 413, serverText: 'too large' } }),
  },
  {
    name: 'a download answered 404',
    call: ({ api, tag }) => ({ ...DOWNLOAD, url: `${api}/download?bytes=100&status=404&${tag}` }),
    expect: same({ causes: ['http-error:certain'], evidence: { status: 404 } }),
  },
  {
    name: 'a server of another origin without CORS headers',
    call: ({ other, tag }) => ({ ...UPLOAD, url: `${other}/upload?cors=none&${tag}` }),
    expect: crossOriginFailure('cors'),
  },
  {
    name: "a custom header's preflight refused",
    call: ({ other, tag }) => ({
      ...UPLOAD,
      url: `${other}/upload?preflight=refuse&${tag}`,
      options: { header: { 'X-Trace-Id': 'diagnosis' } },
    }),
    expect: crossOriginFailure('cors'),
  },
  {
    name: 'headers the browser refuses to send',
    call: ({ api, tag }) => ({
      ...UPLOAD,
      url: `${api}/upload?${tag}`,
      options: { header: { Referer: 'http://127.0.0.1/app', Cookie: 'session=1', 'X-Fine': 'yes' } },
    }),
    expect: same({ causes: ['forbidden-header:certain'], evidence: { headers: 'Referer, Cookie' } }),
  },
  {
    name: 'an upload whose Content-Type the app set (no boundary: the server finds no file)',
    call: ({ api, tag }) => ({
      ...UPLOAD,
      url: `${api}/upload?${tag}`,
      options: { header: { 'Content-Type': 'multipart/form-data' } },
    }),
    expect: same({
      causes: ['content-type-override:certain', 'http-error:certain'],
      evidence: { contentType: 'multipart/form-data', boundary: false },
    }),
  },
  {
    name: 'an empty file',
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/upload?${tag}`, fileBytes: 0 }),
    expect: same({ causes: ['empty-file:certain'], evidence: { field: 'file' } }),
  },
  {
    name: 'a revoked blob URL as filePath',
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/upload?${tag}`, revokedFile: true }),
    runtimes: ['vue3-notree', 'vue2', 'vue3-dev'],
    expect: same({ causes: ['file-unreadable:certain'] }),
  },
  {
    name: 'a download without Content-Length',
    call: ({ api, tag }) => ({ ...DOWNLOAD, url: `${api}/download?bytes=200000&length=0&${tag}` }),
    expect: same({ causes: ['no-content-length:certain'], evidence: { bytes: 200000 } }),
  },
  {
    name: 'an upload redirected by a 302',
    call: ({ api, tag }) => ({
      ...UPLOAD,
      url: `${api}/upload?redirect=${encodeURIComponent(`${api}/json?redirected=1&${tag}`)}&${tag}`,
    }),
    expect: (_runtime, seen) =>
      seen !== 'page'
        ? { causes: ['redirect-dropped-body:certain'], evidence: { redirectStatus: 302 } }
        : { causes: ['redirect-dropped-body:likely'] },
  },
  {
    name: 'a download cut mid-body',
    // Paced (2 s to the cut): the headers and the first bytes reach the page, as on a real connection that drops.
    call: ({ api, tag }) => ({ ...DOWNLOAD, url: `${api}/download?bytes=4000000&rate=1000000&cut=50&${tag}` }),
    expect: same({ causes: ['connection-lost:certain'] }),
  },
  {
    name: 'a refused port',
    call: ({ refused, tag }) => ({ ...UPLOAD, url: `${refused}/upload?${tag}` }),
    expect: crossOriginFailure('unreachable'),
  },
  {
    name: 'the app aborts',
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/hang?${tag}` }),
    appAborts: true,
    expect: same({ causes: ['aborted-by-app:certain'] }),
  },
  {
    name: 'the browser is offline',
    call: ({ api, tag }) => ({ ...UPLOAD, url: `${api}/upload?${tag}` }),
    offline: true,
    expect: same({ causes: ['offline:certain'], evidence: { navigatorOnLine: false } }),
  },
];

/** Makes the case's call for real; returns what the app observed. */
export async function runDiagnosisCase(page: Page, item: DiagnosisCase, where: Where): Promise<ObservedRecord> {
  if (item.offline) await page.setOfflineMode(true);
  try {
    const id = await startCall(page, item.call(where));
    if (item.appAborts) {
      await serverSaw(where.api, where.tag);
      await abortCall(page, id);
    }
    return await finishCall(page, id);
  } finally {
    if (item.offline) await page.setOfflineMode(false);
  }
}

/** Waits until the test server at `origin` has received a request whose URL holds the tag. */
async function serverSaw(origin: string, tag: string): Promise<void> {
  for (;;) {
    const requests = (await (await fetch(`${origin}/__requests`)).json()) as { url: string }[];
    if (requests.some((request) => request.url.includes(tag))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The row whose URL holds the tag, once final: its data-diagnosis, split (the filter shows that row only). With
 * `expected`, waits until the row says so (or the wait ends): in DevTools, the browser's record of the request may
 * reach the panel after the task's end, and a likely pair then becomes the certain cause.
 */
export async function rowDiagnosis(panel: PanelHandle, tag: string, expected?: string[]): Promise<string[]> {
  await setInputValue(panel, '[data-testid="filter"]', tag);
  await panel.waitFor(
    (t: string) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].some(
        (row) => row.dataset.url?.includes(t) && ['success', 'fail', 'abort'].includes(row.dataset.status ?? ''),
      ),
    { args: [tag] },
  );
  if (expected) {
    await panel
      .waitFor(
        (t: string, want: string) =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].some(
            (row) => row.dataset.url?.includes(t) && (row.dataset.diagnosis ?? '') === want,
          ),
        { args: [tag, expected.join(' ')] },
      )
      .catch(() => undefined); // the assertion that follows says what the row shows instead
  }
  const value = await panel.evaluate<string>(
    (t: string) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].find((row) =>
        row.dataset.url?.includes(t),
      )?.dataset.diagnosis ?? '',
    tag,
  );
  return value === '' ? [] : value.split(' ');
}

export interface ShownDiagnosis {
  cause: string;
  certainty: string;
  summary: string;
  evidence: string;
  fix: string;
}

/** The details' diagnosis sections of the row whose URL holds the tag (Overview tab). */
export async function detailsDiagnosis(panel: PanelHandle, tag: string): Promise<ShownDiagnosis[]> {
  await setInputValue(panel, '[data-testid="filter"]', tag);
  await showDetailsTab(panel, 'overview', `[data-testid="task-row"][data-url*="${tag}"]`);
  await panel.waitFor(() => document.querySelector('[data-testid="details-diagnosis"]') !== null);
  return panel.evaluate<ShownDiagnosis[]>(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="details-diagnosis"]')].map((section) => {
      const text = (id: string) => section.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
      return {
        cause: section.dataset.cause ?? '',
        certainty: section.dataset.certainty ?? '',
        summary: text('details-diagnosis-summary'),
        evidence: text('details-diagnosis-evidence'),
        fix: text('details-diagnosis-fix'),
      };
    }),
  );
}

export interface HarEntry {
  request: { url: string };
  timings: Record<string, number>;
  _uniTask?: {
    diagnosis?: { cause: string; certainty: string; evidence: Record<string, unknown> }[];
    resourceTiming?: Record<string, number | string>;
  };
}

/** Exports the HAR through the panel's button; returns its entries. */
export async function exportedEntries(panel: PanelHandle): Promise<HarEntry[]> {
  await setInputValue(panel, '[data-testid="filter"]', '');
  // Not reset before the click: Firefox's harness evaluates in a sandbox over the panel window, where an
  // assignment would shadow the panel's own global. The export's name counts: a new one differs.
  type LastHar = { __uniTransferLastHar?: { name: string; json: string } };
  const before = await panel.evaluate<string | null>(() => (globalThis as LastHar).__uniTransferLastHar?.json ?? null);
  await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="har-export"]')?.click());
  await panel.waitFor((previous: string | null) => (globalThis as LastHar).__uniTransferLastHar?.json !== previous, {
    args: [before],
  });
  const json = await panel.evaluate<string>(() => (globalThis as LastHar).__uniTransferLastHar?.json ?? '');
  return (JSON.parse(json) as { log: { entries: HarEntry[] } }).log.entries;
}

/** The exported diagnosis of the entry whose URL holds the tag (the first such entry: the upload, not a redirect's). */
export function exportedDiagnosis(entries: HarEntry[], tag: string) {
  return entries.find((entry) => entry.request.url.includes(tag))?._uniTask?.diagnosis ?? [];
}
