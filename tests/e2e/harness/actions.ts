// Shared steps of the action tests (tests/e2e/actions-*.test.ts): the app starts transfers in its page, the
// panel acts on them through its real buttons, and the app and the test server tell what happened.

import type { Page } from 'puppeteer';
import type { PanelHandle } from './panel-handle';
import { WAIT_MS } from './wait';

type AppApi = (options: Record<string, unknown>) => unknown;
interface FixtureWindow {
  __fixtureApi: { uploadFile: AppApi; downloadFile: AppApi };
  __actionLog?: Record<string, string>;
}

/**
 * Starts a slow upload the way an app would (callback or promise mode) and records what the app observes
 * (errMsg of its fail callback, its promise's rejection, or Vue 2's [err, res]) in window.__actionLog[tag].
 * The upload takes 40 s unless aborted. `slowFile` makes uni fetch the file first, from a URL the server holds until
 * `server.release(tag + '-file')`: the task has no XHR until then. `hold` sends the body at
 * full speed and leaves the upload unanswered until the test calls `server.release(hold)`: running by the server's
 * word, however slow the machine.
 */
export function startUpload(
  page: Page,
  api: string,
  tag: string,
  mode: 'callback' | 'promise',
  { slowFile = false, hold = '' }: { slowFile?: boolean; hold?: string } = {},
) {
  return page.evaluate(
    (api: string, tag: string, mode: string, slowFile: boolean, hold: string) => {
      const win = window as unknown as FixtureWindow;
      win.__actionLog ??= {};
      const log = win.__actionLog;
      const filePath = slowFile
        ? `${api}/download?bytes=200000&hold=${tag}-file&tag=${tag}-file`
        : URL.createObjectURL(new Blob([new Uint8Array(2_000_000).fill(7)]));
      const options: Record<string, unknown> = {
        url: hold ? `${api}/upload?hold=${hold}&tag=${tag}` : `${api}/upload?slow=50000&tag=${tag}`,
        filePath,
        name: 'file',
        formData: { tag },
      };
      if (mode === 'callback') {
        options.success = (res: { errMsg: string }) => (log[tag] = res.errMsg);
        options.fail = (res: { errMsg: string }) => (log[tag] = res.errMsg);
        win.__fixtureApi.uploadFile(options);
        return;
      }
      Promise.resolve(win.__fixtureApi.uploadFile(options)).then(
        (value) => {
          const error = Array.isArray(value) ? (value[0] as { errMsg: string } | null) : null;
          log[tag] = error ? `resolved [err]: ${error.errMsg}` : 'resolved';
        },
        (error: { errMsg: string }) => (log[tag] = `rejected: ${error.errMsg}`),
      );
    },
    api,
    tag,
    mode,
    slowFile,
    hold,
  );
}

/** Starts a slow download in callback mode; the app's success/fail errMsg lands in window.__actionLog[tag]. */
export function startDownload(page: Page, api: string, tag: string) {
  return page.evaluate(
    (api: string, tag: string) => {
      const win = window as unknown as FixtureWindow;
      win.__actionLog ??= {};
      const log = win.__actionLog;
      win.__fixtureApi.downloadFile({
        url: `${api}/download?bytes=4000000&rate=200000&tag=${tag}`,
        success: (res: { errMsg: string }) => (log[tag] = res.errMsg),
        fail: (res: { errMsg: string }) => (log[tag] = res.errMsg),
      });
    },
    api,
    tag,
  );
}

export async function appSaw(page: Page, tag: string): Promise<string> {
  const handle = await page.waitForFunction(
    (tag: string) => (window as unknown as FixtureWindow).__actionLog?.[tag],
    { timeout: WAIT_MS },
    tag,
  );
  return (await handle.jsonValue()) as string;
}

/** Selects the row whose URL contains `urlPart` (waiting for it, in a given status if asked). */
export async function selectRow(panel: PanelHandle, urlPart: string, status?: string): Promise<string> {
  await panel.waitFor(
    (part: string, wanted: string | null) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].some(
        (row) => row.dataset.url?.includes(part) && (wanted === null || row.dataset.status === wanted),
      ),
    { args: [urlPart, status ?? null], timeoutMs: WAIT_MS },
  );
  return panel.evaluate<string>((part: string) => {
    const row = [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].find((r) =>
      r.dataset.url?.includes(part),
    );
    row?.click();
    return row?.dataset.taskId ?? '';
  }, urlPart);
}

/** Clicks a details action button once the details show `taskKey` and the button is enabled. */
export async function clickAction(panel: PanelHandle, taskKey: string, testid: string): Promise<void> {
  await panel.waitFor(
    (key: string, id: string) =>
      document.querySelector('[data-testid="task-details"]')?.getAttribute('data-task-id') === key &&
      !(document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | null)?.disabled,
    { args: [taskKey, testid] },
  );
  await panel.evaluate((id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.click(), testid);
}

export function rowData(panel: PanelHandle, taskKey: string) {
  return panel.evaluate<Record<string, string>>(
    (key: string) => ({ ...(document.querySelector<HTMLElement>(`[data-task-id="${key}"]`)?.dataset ?? {}) }),
    taskKey,
  );
}

/** Waits for a row matching every given data-* value. */
export function waitForRow(panel: PanelHandle, wanted: Record<string, string>, timeoutMs = WAIT_MS) {
  return panel.waitFor(
    (want: Record<string, string>) =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')].some((row) =>
        Object.entries(want).every(([key, value]) => row.dataset[key] === value),
      ),
    { args: [wanted], timeoutMs },
  );
}
