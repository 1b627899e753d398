// @vitest-environment happy-dom
// Export / Import HAR and the copy helpers, mounted without the extension: the store is fed through dispatch.

import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copyResponse, copyText, copyUniCode, copyUrl, uniCodeText } from '../../panel/copy';
import { HarButtons, harFileName } from '../../panel/har-buttons';
import { lang } from '../../panel/i18n';
import { settleReply, useTransport } from '../../panel/requests';
import { dispatch, filterText, panelState } from '../../panel/store';
import { tasksToHar } from '../../shared/har';
import { allSamples, sampleDownload, sampleUpload } from './har-samples';
import { rendered } from './rendered';

const host = globalThis as { __uniTransferLastHar?: { name: string; json: string }; __uniTransferLastCopy?: unknown };
let root: HTMLElement;

const $ = (testid: string) => root.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null;

async function pick(file: File): Promise<void> {
  $('har-message-dismiss')?.click();
  await rendered();
  const input = $('har-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  for (let i = 0; i < 10 && !$('har-message'); i++) await rendered();
}

beforeEach(() => {
  lang.value = 'en';
  dispatch({ type: 'clear' });
  filterText.value = '';
  root = document.createElement('div');
  document.body.appendChild(root);
  render(<HarButtons />, root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('HarButtons', () => {
  it('names the file after the local time', () => {
    expect(harFileName(new Date(2026, 0, 2, 3, 4, 5))).toBe('uni-transfers-2026-01-02-030405.har');
  });

  it('imports a HAR, says how many, and exports it again (all or filtered, redacted by default)', async () => {
    const text = JSON.stringify(tasksToHar(allSamples(), { keepSensitive: true, creatorVersion: 't' }));
    await pick(new File([text], 'saved.har', { type: 'application/json' }));
    const message = $('har-message');
    expect(message?.getAttribute('role')).toBe('alert');
    expect(message?.dataset.kind).toBe('info');
    expect(message?.textContent).toContain('Imported 4 transfers from saved.har (0 other requests skipped)');
    const tasks = [...panelState.value.tasks.values()];
    expect(tasks.map((task) => [task.id, task.imported])).toEqual([
      ['up-1', 'saved.har'],
      ['down-1', 'saved.har'],
      ['down-2', 'saved.har'],
      ['up-2', 'saved.har'],
    ]);

    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    $('har-export')?.click();
    expect(clicked).toHaveBeenCalledTimes(1);
    const all = JSON.parse(host.__uniTransferLastHar?.json ?? '{}');
    expect(host.__uniTransferLastHar?.name).toMatch(/^uni-transfers-\d{4}-\d\d-\d\d-\d{6}\.har$/);
    expect(all.log.entries).toHaveLength(4);
    expect(all.log.entries[0].request.headers).toContainEqual({ name: 'authorization', value: '[redacted]' });
    // The panel-only fields (key, session, imported) are not part of the export.
    expect(Object.keys(all.log.entries[0]._uniTask)).not.toContain('session');

    filterText.value = 'kind:upload';
    ($('har-scope-filtered') as HTMLInputElement).click();
    ($('har-keep-sensitive') as HTMLInputElement).click();
    $('har-export')?.click();
    const filtered = JSON.parse(host.__uniTransferLastHar?.json ?? '{}');
    expect(filtered.log.entries.map((entry: { _uniTask: { id: string } }) => entry._uniTask.id)).toEqual([
      'up-1',
      'up-2',
    ]);
    expect(filtered.log.entries[0].request.headers).toContainEqual({
      name: 'authorization',
      value: 'Bearer secret-token',
    });
    ($('har-scope-filtered') as HTMLInputElement).click();
    ($('har-keep-sensitive') as HTMLInputElement).click();
    clicked.mockRestore();
  });

  it('shows a clear error and leaves the tasks alone when the import fails', async () => {
    const before = panelState.value.tasks;
    const cases: [string, string][] = [
      ['{"log":{"entries":[', 'The file is truncated or not JSON'],
      ['{"log":{}}', 'this file is not a HAR (no log.entries)'],
      [
        '{"log":{"entries":[{"request":{"url":"http://x/","method":"DELETE"},"startedDateTime":"2026-01-01T00:00:00Z"}]}}',
        'no uploads or downloads',
      ],
    ];
    for (const [text, words] of cases) {
      await pick(new File([text], 'bad.har'));
      const message = $('har-message');
      expect(message?.dataset.kind).toBe('error');
      expect(message?.textContent?.toLowerCase()).toContain(words.toLowerCase());
      expect(panelState.value.tasks).toBe(before);
      $('har-message-dismiss')?.click();
      await rendered();
      expect($('har-message')).toBeNull();
    }
    const huge = new File(['x'], 'huge.har');
    Object.defineProperty(huge, 'size', { value: 100 * 1024 * 1024 + 1 });
    const read = vi.spyOn(huge, 'text');
    await pick(huge);
    expect($('har-message')?.textContent).toContain('larger than 100 MB');
    expect(read).not.toHaveBeenCalled();
  });

  it('shows imported text as text, never as markup', async () => {
    const task = sampleUpload('x');
    const har = tasksToHar([task], { keepSensitive: false, creatorVersion: 't' });
    await pick(new File([JSON.stringify(har)], '<img src=x onerror=alert(1)>.har'));
    expect($('har-message')?.querySelector('img')).toBeNull();
    expect($('har-message')?.textContent).toContain('<img src=x onerror=alert(1)>.har');
  });
});

describe('copy', () => {
  it('copies through the async clipboard, and records the last copy for automation', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const result = await copyUrl(sampleUpload());
    expect(result).toEqual({ ok: true, text: 'http://127.0.0.1:8080/upload?album=7&tag=a%20b' });
    expect(writeText).toHaveBeenCalledWith(result.text);
    expect(host.__uniTransferLastCopy).toEqual({ kind: 'url', text: result.text, ok: true });
    vi.unstubAllGlobals();
  });

  it('falls back to execCommand when the async clipboard is denied', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) },
    });
    const exec = vi.fn().mockReturnValue(true);
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    expect(await copyText('hello', 'text')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(document.querySelector('textarea')).toBeNull();
    exec.mockReturnValue(false);
    expect(await copyText('again')).toBe(false);
    expect(host.__uniTransferLastCopy).toEqual({ kind: 'text', text: 'again', ok: false });
    vi.unstubAllGlobals();
  });

  it('writes the uni call: as the app wrote it, or rebuilt from the request', async () => {
    const seen = sampleUpload();
    expect(uniCodeText(seen)).toContain("filePath: 'blob:http://127.0.0.1:8080/9d3c'");
    expect(uniCodeText(seen)).toContain('success(res) { … }');
    const xhrOnly = { ...seen, call: undefined };
    const text = uniCodeText(xhrOnly);
    expect(text).toBe(
      [
        'uni.uploadFile({',
        "  url: 'http://127.0.0.1:8080/upload?album=7&tag=a%20b',",
        "  filePath: 'cat photo.png',",
        "  name: 'photo',",
        '  formData: {',
        "    user: 'ann',",
        "    note: 'it\\'s \"quoted\"',",
        '  },',
        '  header: {',
        "    authorization: 'Bearer secret-token',",
        "    'X-Trace': 't-1',",
        "    Cookie: 'sid=42',",
        '  },',
        "}) // rebuilt from the request: the app's call was not seen",
      ].join('\n'),
    );
    expect(uniCodeText(sampleDownload())).toContain("uni.downloadFile({\n  url: 'http://127.0.0.1:8080/download");
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockResolvedValue(undefined) } });
    expect((await copyUniCode(xhrOnly)).text).toBe(text);
    expect(await copyResponse(seen)).toEqual({ ok: true, text: '{"ok":true,"id":"u1","n":1}' });
    expect(await copyResponse({ ...seen, responsePreview: undefined })).toEqual({
      ok: false,
      note: 'No response text to copy',
    });
    expect(await copyResponse({ ...sampleDownload(), imported: 'x.har' })).toEqual({
      ok: false,
      note: "Not copied: the page no longer holds this download's body",
    });
    vi.unstubAllGlobals();
  });

  it("copies a download's body when it is text or JSON, and says why not otherwise", async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockResolvedValue(undefined) } });
    const bodies: Record<string, { name: string; mime: string; size: number; dataUrl?: string }[]> = {
      json: [
        {
          name: 'a',
          mime: 'application/octet-stream',
          size: 9,
          dataUrl: `data:;base64,${Buffer.from('{"a":"é"}').toString('base64')}`,
        },
      ],
      text: [{ name: 'b', mime: 'text/plain', size: 2, dataUrl: 'data:text/plain,hi' }],
      png: [{ name: 'c', mime: 'image/png', size: 2048, dataUrl: 'data:image/png;base64,iVBORw0K' }],
      big: [{ name: 'd', mime: 'text/plain', size: 20 * 1024 * 1024 }],
    };
    let answer = 'json';
    useTransport({
      start: () => {},
      send: (command) => {
        if (command.name !== 'body') return;
        const reply = answer === 'gone' ? { ok: false, error: 'not-held' } : { ok: true, bodies: bodies[answer] };
        setTimeout(() => settleReply({ id: command.id, ...reply }), 0);
      },
    });
    const task = sampleDownload();
    expect(await copyResponse(task)).toEqual({ ok: true, text: '{"a":"é"}' });
    answer = 'text';
    expect(await copyResponse(task)).toEqual({ ok: true, text: 'hi' });
    answer = 'png';
    expect(await copyResponse(task)).toEqual({
      ok: false,
      note: 'Not copied: the response is binary (image/png, 2.0 kB)',
    });
    answer = 'big';
    expect((await copyResponse(task)).note).toBe(
      'Not copied: the response (20 MB) is too large to fetch from the page',
    );
    answer = 'gone';
    expect((await copyResponse(task)).note).toBe("Not copied: the page no longer holds this download's body");
    vi.unstubAllGlobals();
  });
});
