// What a test needs from the panel, in either browser: run a function in the panel document and wait for a
// condition there. Both take function source text, so the same test code drives Chromium and Firefox.

import { WAIT_MS } from './wait';
export interface PanelHandle {
  evaluate<T>(fn: string | ((...args: never[]) => unknown), ...args: unknown[]): Promise<T>;
  waitFor(
    predicate: string | ((...args: never[]) => unknown),
    opts?: { timeoutMs?: number; args?: unknown[] },
  ): Promise<void>;
  close(): Promise<void>;
}

export interface RowData {
  taskId: string;
  kind: string;
  status: string;
  url: string;
  statusCode?: string;
  bytes?: string;
  total?: string;
  progressEvents?: string;
  errMsg?: string;
  origin?: string;
  probes?: string;
  /** The cause ids of the task's diagnosis (issue 18), space-separated; absent when none. */
  diagnosis?: string;
}

/** A PanelHandle on any puppeteer document: the DevTools panel's frame (chromium.ts), the viewer page (viewer.ts). */
export function documentHandle(
  target: {
    evaluate(source: string): Promise<unknown>;
    waitForFunction(source: string, options: object): Promise<unknown>;
  },
  close: () => Promise<void>,
): PanelHandle {
  return {
    evaluate: <T>(fn: string | ((...args: never[]) => unknown), ...args: unknown[]) =>
      target.evaluate(callSource(fn, args)) as Promise<T>,
    waitFor: async (predicate, opts = {}) => {
      await target.waitForFunction(callSource(predicate, opts.args ?? []), {
        timeout: opts.timeoutMs ?? WAIT_MS,
        polling: 50,
      });
    },
    close,
  };
}

export function callSource(fn: string | ((...args: never[]) => unknown), args: unknown[]): string {
  return `(${typeof fn === 'function' ? fn.toString() : fn})(...${JSON.stringify(args)})`;
}

export function readRows(panel: PanelHandle): Promise<RowData[]> {
  return panel.evaluate<RowData[]>(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].map((row) => ({ ...row.dataset }) as never),
  );
}

/** Waits until every row is final and at least `count` rows exist. */
export async function waitForFinalRows(panel: PanelHandle, count: number, timeoutMs = WAIT_MS): Promise<RowData[]> {
  await panel.waitFor(
    (min: number) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')];
      return rows.length >= min && rows.every((row) => ['success', 'fail', 'abort'].includes(row.dataset.status ?? ''));
    },
    { timeoutMs, args: [count] },
  );
  return readRows(panel);
}

/**
 * Sets the value of the `index`th input matching `selector` as a user would: the value, then an `input` event
 * (typing) or a `change` event (a committed setting).
 */
export function setInputValue(
  panel: PanelHandle,
  selector: string,
  value: string,
  options: { event?: 'input' | 'change'; index?: number } = {},
): Promise<void> {
  return panel.evaluate(
    (s: string, v: string, type: string, i: number) => {
      const input = document.querySelectorAll<HTMLInputElement>(s)[i];
      if (!input) throw new Error(`no ${s}[${i}]`);
      input.value = v;
      input.dispatchEvent(new Event(type, { bubbles: true }));
    },
    selector,
    value,
    options.event ?? 'input',
    options.index ?? 0,
  );
}

/** Opens the panel's settings (unless open) and changes the setting input with that data-testid. */
export async function changeSetting(panel: PanelHandle, testid: string, value: string): Promise<void> {
  await panel.evaluate(() => {
    const toggle = document.querySelector<HTMLButtonElement>('[data-testid="settings-toggle"]');
    if (toggle?.getAttribute('aria-expanded') !== 'true') toggle?.click();
  });
  const selector = `[data-testid="${testid}"]`;
  await panel.waitFor((s: string) => document.querySelector(s) !== null, { args: [selector] });
  await setInputValue(panel, selector, value, { event: 'change' });
}

/** Clicks the row matching `rowSelector` (if given) and the details tab `tab`, and waits until that tab shows. */
export async function showDetailsTab(panel: PanelHandle, tab: string, rowSelector?: string): Promise<void> {
  if (rowSelector) {
    // The row first, then its tab once the details show that row: the tabs of details not open yet do not exist
    // when the click on the row has just been dispatched (Preact renders it a microtask later).
    const taskId = await panel.evaluate((row: string) => {
      const element = document.querySelector<HTMLElement>(row);
      element?.click();
      return element?.dataset.taskId ?? '';
    }, rowSelector);
    await panel.waitFor(
      (id: string) => document.querySelector('[data-testid="task-details"]')?.getAttribute('data-task-id') === id,
      { args: [taskId] },
    );
  }
  await panel.evaluate(
    (id: string) => document.querySelector<HTMLElement>(`[data-testid="details-tab-${id}"]`)?.click(),
    tab,
  );
  await panel.waitFor(
    (id: string) =>
      document.querySelector(`[data-testid="details-tab-${id}"]`)?.getAttribute('aria-selected') === 'true',
    { args: [tab] },
  );
}
