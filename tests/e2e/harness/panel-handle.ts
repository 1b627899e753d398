// What a test needs from the panel, in either browser: run a function in the panel document and wait for a
// condition there. Both take function source text, so the same test code drives Chromium and Firefox.

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
export async function waitForFinalRows(panel: PanelHandle, count: number, timeoutMs = 30_000): Promise<RowData[]> {
  await panel.waitFor(
    (min: number) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')];
      return rows.length >= min && rows.every((row) => ['success', 'fail', 'abort'].includes(row.dataset.status ?? ''));
    },
    { timeoutMs, args: [count] },
  );
  return readRows(panel);
}
