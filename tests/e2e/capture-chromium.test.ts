// Tasks that never reach an XHR are still listed, with uni's errMsg, in the real DevTools panel: an upload
// without a file and one whose file cannot be read (promise mode: no callback to watch), and an upload the app
// aborts before uni has resolved its file. uni's own file GET never shows as a task.

import { describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/index';
import { waitForFixtureDone } from './harness/fixture-page';
import { changeSetting, waitForFinalRows } from './harness/panel-handle';
import { useChromium } from './harness/setup';

const RUNTIMES = ['vue3-notree', 'vue2'] as const; // a global uni: the uni probe sees the calls
const setup = useChromium({ runtimes: [...RUNTIMES], verbose: false });

describe.each(RUNTIMES)('%s', (runtime) => {
  it('lists uploads that never reached XHR with the errMsg uni reports', async () => {
    const page = await setup.chromium.newPage(setup.env.appUrl(runtime, 'request-and-fetch'));
    await waitForFixtureDone(page);
    const panel = await setup.chromium.openPanel(page);
    const appSaw = await page.evaluate(async (api: string) => {
      type Api = (options: Record<string, unknown>) => unknown;
      const fixture = (window as unknown as { __fixtureApi: { uploadFile: Api } }).__fixtureApi;
      const outcome = async (result: unknown) => {
        // Vue 3 rejects with {errMsg}; Vue 2 resolves [err, res].
        try {
          const value = await (result as Promise<unknown>);
          const error = Array.isArray(value) ? (value[0] as { errMsg: string } | null) : null;
          return error ? error.errMsg : 'resolved';
        } catch (error) {
          return (error as { errMsg: string }).errMsg;
        }
      };
      const noFile = await outcome(fixture.uploadFile({ url: `${api}/upload?tag=nofile` }));
      const unreadable = await outcome(
        fixture.uploadFile({ url: `${api}/upload?tag=unreadable`, filePath: 'blob:http://127.0.0.1/gone' }),
      );
      const aborted = await new Promise<string>((resolve) => {
        const blob = URL.createObjectURL(new Blob([new Uint8Array(1024)]));
        const task = fixture.uploadFile({
          url: `${api}/upload?tag=early-abort`,
          filePath: blob,
          fail: (res: { errMsg: string }) => resolve(res.errMsg),
          success: () => resolve('success'),
        }) as { abort(): void };
        task.abort();
      });
      const viaHttp = await outcome(
        fixture.uploadFile({ url: `${api}/upload?tag=http-file`, filePath: `${api}/file/a.bin?bytes=1000` }),
      );
      return { noFile, unreadable, aborted, viaHttp };
    }, setup.env.server.origin);
    expect(appSaw).toEqual({
      noFile: 'uploadFile:fail file error',
      unreadable: 'uploadFile:fail file error',
      aborted: 'uploadFile:fail abort',
      viaHttp: 'resolved',
    });
    const rows = await waitForFinalRows(panel, 4);
    const byTag = (tag: string) => rows.find((row) => row.url.endsWith(`tag=${tag}`));
    // uni's GET of a.bin is part of the http-file upload, not a row. (Vue 3 even sends the no-file upload after
    // reporting `file error`: it does not return after reject; that POST joins the same row.)
    expect(rows).toHaveLength(4);
    expect(byTag('nofile')).toMatchObject({ status: 'fail', errMsg: 'uploadFile:fail file error' });
    expect(byTag('unreadable')).toMatchObject({ status: 'fail', errMsg: 'uploadFile:fail file error' });
    expect(byTag('early-abort')).toMatchObject({ status: 'abort', errMsg: 'uploadFile:fail abort' });
    expect(byTag('http-file')).toMatchObject({ status: 'success', statusCode: '200', probes: 'uni xhr' });
    // A refused connection got no HTTP answer: no data-status-code (the XHR's status 0 is none), "—" in Code.
    const refused = `http://127.0.0.1:${await freePort()}/download?tag=refused`;
    await page.evaluate(async (url: string) => {
      const fixture = (window as unknown as { __fixtureApi: { downloadFile(o: object): Promise<unknown> } })
        .__fixtureApi;
      await fixture.downloadFile({ url }).catch(() => undefined);
    }, refused);
    const all = await waitForFinalRows(panel, 5);
    const refusedRow = all.find((row) => row.url === refused);
    expect(refusedRow).toMatchObject({ status: 'fail', errMsg: 'downloadFile:fail' });
    expect(refusedRow?.statusCode).toBeUndefined();
    const codeCell = await panel.evaluate(
      (url: string) =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')]
          .find((row) => row.dataset.url === url)
          ?.querySelector('.col-code')?.textContent,
      refused,
    );
    expect(codeCell).toBe('—');
    // The status line names the runtime as it is (issue 17: a Vue 2 page was called "Vue 3, production build").
    // Waited for: the agent announces the version once the app has mounted.
    await panel.waitFor(
      (expected: string) => document.querySelector('[data-testid="status-line"]')?.textContent?.includes(expected),
      { args: [runtime === 'vue2' ? 'uni-app Vue 2:' : 'uni-app Vue 3, production build:'] },
    );
    await panel.close();
    await page.close();
  });
});

describe('capture settings', () => {
  it("bounds the page log from the panel's settings and says how many older tasks were dropped", async () => {
    const first = await setup.chromium.newPage(setup.env.appUrl('vue3-notree', 'request-and-fetch'));
    const settingsPanel = await setup.chromium.openPanel(first);
    await changeSetting(settingsPanel, 'setting-max-tasks', '10');

    const page = await setup.chromium.newPage(setup.env.appUrl('vue3-notree', 'request-and-fetch'));
    await waitForFixtureDone(page);
    await page.evaluate(async (api: string) => {
      type Api = (options: Record<string, unknown>) => Promise<unknown>;
      const fixture = (window as unknown as { __fixtureApi: { downloadFile: Api } }).__fixtureApi;
      for (let i = 0; i < 12; i++) await fixture.downloadFile({ url: `${api}/download?bytes=1024&n=${i}` });
    }, setup.env.server.origin);
    // DevTools opened afterwards: the agent's snapshot is all the panel gets.
    const panel = await setup.chromium.openPanel(page);
    const rows = await waitForFinalRows(panel, 10);
    expect(rows).toHaveLength(10);
    expect(rows[0]?.url).toContain('n=2');
    const dropped = await panel.evaluate<string>(
      () => document.querySelector('[data-testid="dropped"]')?.getAttribute('data-count') ?? '',
    );
    expect(dropped).toBe('2');

    await changeSetting(settingsPanel, 'setting-max-tasks', '2000');
    await panel.close();
    await settingsPanel.close();
    await page.close();
    await first.close();
  });
});
