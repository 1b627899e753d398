// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearBodyCache } from '../../panel/details/bodies';
import { callText, quote } from '../../panel/details/call-text';
import { decodeDataUrlText, isTextMime } from '../../panel/details/data-url';
import { buildEventLog, PROGRESS_FOLD_THRESHOLD } from '../../panel/details/event-log';
import { detailsTab, TaskDetails } from '../../panel/details/index';
import { currentSpeed, deltaSpeed, eta, nearestIndex } from '../../panel/details/speed';
import { fileName, parseStack } from '../../panel/details/stack';
import { lang } from '../../panel/i18n';
import type { PanelTask } from '../../panel/reducer';
import { request } from '../../panel/requests';
import { panelState, selectedKey } from '../../panel/store';
import type { CommandReply } from '../../shared/protocol';
import { fold } from './har-samples';

const browserMock = vi.hoisted(() => ({}) as { devtools?: { panels?: { openResource?: unknown } } });
vi.mock('../../panel/browser', () => ({ extensionApi: browserMock }));
vi.mock('../../panel/requests', () => ({ request: vi.fn() }));

const requestMock = vi.mocked(request);
const T0 = 1_700_000_000_000;
const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';

/** A task of the page session s1, folded from its events as the agent folds them. */
function makeTask(id: string, events: Parameters<typeof fold>[1]): PanelTask {
  return { ...fold(id, events), key: `s1/${id}`, session: 's1' };
}

function uploadTask(overrides: { url?: string; text?: string } = {}): PanelTask {
  const url = overrides.url ?? 'http://127.0.0.1:8080/upload';
  const text = overrides.text ?? 'hello';
  const id = 'u1';
  return makeTask(id, [
    {
      type: 'created',
      at: T0,
      kind: 'upload',
      origin: 'app',
      probe: 'uni',
      url,
      call: {
        url,
        mode: 'callback',
        name: 'file',
        filePath: `blob:http://127.0.0.1:8080/${text}`,
        formData: { user: text },
        header: { 'X-Token': text },
        timeout: 5000,
      },
      stack: `Error\n    at Object.uploadFile (chrome-extension://abcdef/agent.js:1:100)\n    at onTap (http://127.0.0.1:8080/assets/index.js:42:13)`,
    },
    { type: 'probe', at: T0 + 1, probe: 'xhr' },
    { type: 'file', at: T0 + 3, url: 'blob:x', ok: true },
    { type: 'open', at: T0 + 4, method: 'POST', url },
    {
      type: 'send',
      at: T0 + 5,
      requestHeaders: { 'X-Token': text },
      body: [
        { name: 'user', value: text },
        { name: 'file', file: { name: `${text}.png`, size: 2048, type: 'image/png' } },
      ],
    },
    { type: 'progress', at: T0 + 10, loaded: 1024, total: 2048 },
    { type: 'progress', at: T0 + 20, loaded: 2048, total: 2048 },
    { type: 'headers', at: T0 + 30, statusCode: 200, responseHeaders: { 'content-type': text } },
    {
      type: 'end',
      at: T0 + 40,
      outcome: 'load',
      statusCode: 200,
      responsePreview: '{"ok":true,"n":[1,2]}',
    },
    { type: 'callback', at: T0 + 41, name: 'success', arg: { errMsg: 'uploadFile:ok', data: text } },
    { type: 'callback', at: T0 + 42, name: 'complete', arg: { errMsg: 'uploadFile:ok' } },
  ]);
}

function downloadTask(): PanelTask {
  const id = 'd1';
  const url = 'http://127.0.0.1:8080/files/data.json';
  return makeTask(id, [
    { type: 'created', at: T0, kind: 'download', origin: 'app', probe: 'xhr', url },
    { type: 'open', at: T0 + 2, method: 'GET', url },
    { type: 'send', at: T0 + 3, requestHeaders: {} },
    {
      type: 'headers',
      at: T0 + 10,
      statusCode: 200,
      responseHeaders: { 'content-type': 'application/json' },
    },
    { type: 'progress', at: T0 + 20, loaded: 20, total: 20 },
    {
      type: 'end',
      at: T0 + 25,
      outcome: 'load',
      statusCode: 200,
      tempFilePath: 'blob:http://127.0.0.1/abc',
    },
    { type: 'body', at: T0 + 26, held: true, size: 20 },
  ]);
}

function base64(text: string): string {
  return Buffer.from(text, 'utf-8').toString('base64');
}

beforeEach(() => {
  // The tasks below belong to the page loaded now (session s1): the agent can answer for them.
  panelState.value = { ...panelState.value, session: 's1' };
  lang.value = 'en';
  detailsTab.value = 'overview';
  clearBodyCache();
  requestMock.mockReset();
  delete browserMock.devtools;
});
afterEach(cleanup);

describe('stack parsing', () => {
  it('parses Chromium stacks and skips the agent frames', () => {
    const frames = parseStack(
      [
        'Error',
        '    at Object.uploadFile (chrome-extension://abcdef/agent.js:10:5)',
        '    at handleClick (http://localhost:5173/src/pages/index.vue?t=1:42:13)',
        '    at http://localhost:5173/assets/index.js:1:200',
        '    at async submit (http://localhost/app.js:7:3)',
        '    at new Uploader (http://localhost/app.js:9:1)',
        '    at eval (eval at run (http://localhost/app.js:1:1), <anonymous>:1:1)',
      ].join('\n'),
    );
    expect(frames).toEqual([
      { fn: 'handleClick', url: 'http://localhost:5173/src/pages/index.vue?t=1', line: 42, column: 13 },
      { fn: '', url: 'http://localhost:5173/assets/index.js', line: 1, column: 200 },
      { fn: 'submit', url: 'http://localhost/app.js', line: 7, column: 3 },
      { fn: 'new Uploader', url: 'http://localhost/app.js', line: 9, column: 1 },
    ]);
    expect(fileName('http://localhost:5173/src/pages/index.vue?t=1')).toBe('index.vue');
  });

  it('parses Firefox stacks and skips the agent frames', () => {
    const frames = parseStack(
      [
        'uploadFile@moz-extension://1234-5678/agent.js:10:5',
        'handleClick@http://localhost/src/pages/index.vue:42:13',
        '@http://localhost/assets/index.js:1:200',
        'async*submit@http://localhost/app.js:7:3',
        '',
      ].join('\n'),
    );
    expect(frames).toEqual([
      { fn: 'handleClick', url: 'http://localhost/src/pages/index.vue', line: 42, column: 13 },
      { fn: '', url: 'http://localhost/assets/index.js', line: 1, column: 200 },
      { fn: 'submit', url: 'http://localhost/app.js', line: 7, column: 3 },
    ]);
    expect(parseStack(undefined)).toEqual([]);
  });
});

describe('call text', () => {
  const notes = { promise: 'promise mode', noCallbackYet: 'none yet' };

  it('rebuilds a callback-mode call with the callbacks seen, in uni order', () => {
    const text = callText(
      'upload',
      {
        url: "http://h/up?q='x'",
        mode: 'callback',
        name: 'file',
        filePath: 'blob:http://h/1',
        formData: { user: 'a\nb', 'x-y': '1' },
        header: { Authorization: 'Bearer t' },
        timeout: 3000,
      },
      ['complete', 'success'],
      notes,
    );
    expect(text).toBe(
      [
        'uni.uploadFile({',
        "  url: 'http://h/up?q=\\'x\\'',",
        "  filePath: 'blob:http://h/1',",
        "  name: 'file',",
        '  formData: {',
        "    user: 'a\\nb',",
        "    'x-y': '1',",
        '  },',
        '  header: {',
        "    Authorization: 'Bearer t',",
        '  },',
        '  timeout: 3000,',
        '  success(res) { … },',
        '  complete(res) { … },',
        '})',
      ].join('\n'),
    );
    expect(callText('upload', { url: 'u', mode: 'callback' }, [], notes)).toContain('// none yet');
  });

  it('lists every callback the app passed and says which ran (issue 17)', () => {
    const passed = {
      url: 'u',
      mode: 'callback' as const,
      callbacks: ['success' as const, 'fail' as const, 'complete' as const],
    };
    const all = { ...notes, ran: 'ran', notRun: 'did not run', notYet: 'not yet' };
    expect(callText('upload', passed, ['complete', 'fail'], all, true).split('\n').slice(2, 5)).toEqual([
      '  success(res) { … }, // did not run',
      '  fail(res) { … }, // ran',
      '  complete(res) { … }, // ran',
    ]);
    expect(callText('upload', passed, [], all, false)).toContain('  success(res) { … }, // not yet');
    // Without the notes (a copied call): bare callbacks.
    expect(callText('upload', passed, ['success'], notes, true)).toContain('  fail(res) { … },\n');
  });

  it('marks promise mode', () => {
    const text = callText('download', { url: 'http://h/f.bin', mode: 'promise' }, [], notes);
    expect(text).toBe("uni.downloadFile({\n  url: 'http://h/f.bin',\n}) // promise mode");
    expect(quote('\u2028\u0001')).toBe("'\\u2028\\u0001'");
  });
});

describe('event log', () => {
  it('orders the lifecycle by time and folds many progress events', () => {
    const task = uploadTask();
    task.appActions.push({ at: T0 + 2, action: 'onProgressUpdate' });
    const types = buildEventLog(task, false).map((entry) => entry.type);
    expect(types).toEqual([
      'created',
      'app',
      'fileResolved',
      'open',
      'send',
      'progress',
      'progress',
      'headers',
      'end',
      'callback',
      'callback',
    ]);
    const many = { ...task, progress: [] as PanelTask['progress'] };
    for (let index = 0; index <= PROGRESS_FOLD_THRESHOLD; index++) many.progress.push([T0 + 10 + index, index, 100]);
    const folded = buildEventLog(many, false);
    expect(folded.filter((entry) => entry.type === 'progressGroup')).toHaveLength(1);
    expect(folded.filter((entry) => entry.type === 'progress')).toHaveLength(0);
    expect(buildEventLog(many, true).filter((entry) => entry.type === 'progress')).toHaveLength(
      PROGRESS_FOLD_THRESHOLD + 1,
    );
    const times = buildEventLog(many, true).map((entry) => entry.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('speed and data URLs', () => {
  it('computes current speed, ETA and the nearest point', () => {
    const points: [number, number, number | null][] = [
      [0, 0, 1000],
      [1000, 100, 1000],
      [2000, 300, 1000],
    ];
    expect(currentSpeed(points, 2000)).toBe(200);
    expect(eta(300, 1000, 200)).toBe(3500);
    expect(eta(300, null, 200)).toBeUndefined();
    expect(nearestIndex(points, 1400)).toBe(1);
    expect(nearestIndex(points, 1600)).toBe(2);
    expect(deltaSpeed(points, 1)).toBe(100);
  });

  it('decodes text data URLs with a cap', () => {
    const url = `data:application/json;base64,${base64('{"a":"é"}')}`;
    expect(decodeDataUrlText(url)).toEqual({ text: '{"a":"é"}', truncated: false });
    expect(decodeDataUrlText(url, 4)).toEqual({ text: '{"a"', truncated: true });
    expect(isTextMime('application/json; charset=utf-8')).toBe(true);
    expect(isTextMime('image/png')).toBe(false);
  });
});

describe('TaskDetails', () => {
  it('switches tabs by click and by arrow keys, and keeps the tab across tasks', async () => {
    const { rerender } = render(<TaskDetails task={uploadTask()} />);
    expect(screen.getByTestId('task-details').tagName).toBe('ASIDE');
    expect(screen.getByTestId('details-call-text').textContent).toContain('uni.uploadFile({');
    expect(screen.getByTestId('details-tab-overview').getAttribute('aria-selected')).toBe('true');

    requestMock.mockResolvedValue({ id: 'x', ok: false, error: 'not-held' });
    fireEvent.click(screen.getByTestId('details-tab-request'));
    expect(screen.getByTestId('details-tab-request').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('details-panel-request').hidden).toBe(false);
    expect(screen.getByTestId('details-panel-overview').hidden).toBe(true);
    expect(screen.getByTestId('details-request-line').textContent).toContain('POST');
    await waitFor(() => expect(screen.getByTestId('details-body-state').textContent).toContain('Not held'));

    const tab = screen.getByTestId('details-tab-request');
    fireEvent.keyDown(tab, { key: 'ArrowRight' });
    expect(screen.getByTestId('details-tab-response').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('details-tab-response'));
    expect(screen.getByTestId('details-json-tree').textContent).toContain('ok: true');
    fireEvent.keyDown(screen.getByTestId('details-tab-response'), { key: 'End' });
    expect(detailsTab.value).toBe('initiator');
    fireEvent.keyDown(screen.getByTestId('details-tab-initiator'), { key: 'ArrowRight' });
    expect(detailsTab.value).toBe('overview');
    fireEvent.keyDown(screen.getByTestId('details-tab-overview'), { key: 'ArrowLeft' });
    expect(detailsTab.value).toBe('initiator');

    rerender(<TaskDetails task={downloadTask()} />);
    expect(screen.getByTestId('details-tab-initiator').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('details-stack-empty')).toBeTruthy();
  });

  it('shows progress and the event log', () => {
    detailsTab.value = 'progress';
    render(<TaskDetails task={uploadTask()} />);
    const chart = screen.getByTestId('details-progress-chart');
    expect(chart.querySelector('.dt-chart-line')?.getAttribute('d')).toMatch(/^M0 160 L/);
    // Labelled axes (issue 17): bytes from 0, time from 0, and the speed line's own axis.
    expect(screen.getByTestId('details-chart-bytes-axis').textContent).toMatch(/^0 B/);
    expect(screen.getByTestId('details-chart-time-axis').textContent).toMatch(/^0/);
    expect(screen.getByTestId('details-chart-speed-axis').textContent).toContain('/s');
    expect(chart.querySelector('.dt-chart-speed')?.getAttribute('d')).toMatch(/^M/);
    expect(screen.getByTestId('details-progress-table').querySelectorAll('tbody tr')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('details-tab-events'));
    const rows = screen.getByTestId('details-event-log').querySelectorAll('tbody tr');
    expect([...rows].map((row) => row.getAttribute('data-event'))).toContain('callback');
    expect(rows[0]?.textContent).toContain('+0.0 ms');
  });

  it('previews a downloaded JSON body and an image body', async () => {
    requestMock.mockResolvedValueOnce({
      id: 'x',
      ok: true,
      bodies: [
        {
          name: '',
          mime: 'application/json',
          size: 20,
          dataUrl: `data:application/json;base64,${base64('{"k":[1,2,3]}')}`,
        },
      ],
    } satisfies CommandReply);
    detailsTab.value = 'response';
    const { unmount } = render(<TaskDetails task={downloadTask()} />);
    await waitFor(() => expect(screen.getByTestId('details-json-tree').textContent).toContain('k'));
    expect(screen.getByTestId('details-save')).toBeTruthy();
    expect(requestMock).toHaveBeenCalledWith({ name: 'body', taskId: 'd1', session: 's1' });
    unmount();

    clearBodyCache();
    requestMock.mockResolvedValueOnce({
      id: 'y',
      ok: true,
      bodies: [{ name: 'a.png', mime: 'image/png', size: 3, dataUrl: 'data:image/png;base64,AAAA' }],
    });
    render(<TaskDetails task={downloadTask()} />);
    await waitFor(() => expect(screen.getByTestId('details-download-body').querySelector('img')).toBeTruthy());
    expect(screen.getByTestId('details-download-body').querySelector('img')?.getAttribute('src')).toBe(
      'data:image/png;base64,AAAA',
    );
  });

  it('never previews a non-image data URL as an image', async () => {
    requestMock.mockResolvedValueOnce({
      id: 'z',
      ok: true,
      bodies: [{ name: 'x.png', mime: 'image/png', size: 3, dataUrl: 'data:text/html;base64,PGI+' }],
    });
    detailsTab.value = 'response';
    render(<TaskDetails task={downloadTask()} />);
    await waitFor(() => expect(screen.getByTestId('details-download-body')).toBeTruthy());
    expect(document.querySelector('img')).toBeNull();
  });

  it('renders page data containing markup as text only', async () => {
    const task = uploadTask({ url: `http://127.0.0.1/${XSS}`, text: XSS });
    task.stack = `Error\n    at ${XSS} (http://127.0.0.1/<img>x<script>.js:1:2)`;
    requestMock.mockResolvedValue({
      id: 'x',
      ok: true,
      bodies: [{ name: XSS, mime: 'text/html', size: 10, dataUrl: 'data:text/html;base64,PGltZyBzcmM9eD4=' }],
    });
    task.responsePreview = XSS;
    const { container } = render(<TaskDetails task={task} />);
    for (const id of ['overview', 'request', 'response', 'progress', 'events', 'initiator'] as const) {
      fireEvent.click(screen.getByTestId(`details-tab-${id}`));
      await waitFor(() => expect(screen.getByTestId(`details-panel-${id}`).hidden).toBe(false));
      expect(container.querySelector('img, script, iframe, object, embed')).toBeNull();
      expect(document.querySelector('script')).toBeNull();
      if (id !== 'progress') {
        expect(screen.getByTestId(`details-panel-${id}`).textContent).toContain('<img src=x onerror=alert(1)>');
      }
    }
  });

  it('opens a frame in Sources with 0-based line and column, and closes', () => {
    const openResource = vi.fn();
    browserMock.devtools = { panels: { openResource } };
    detailsTab.value = 'initiator';
    selectedKey.value = 's1/u1';
    render(<TaskDetails task={uploadTask()} />);
    const frames = screen.getAllByTestId('details-stack-frame');
    expect(frames).toHaveLength(1);
    fireEvent.click(frames[0]?.querySelector('button') as HTMLButtonElement);
    expect(openResource).toHaveBeenCalledWith('http://127.0.0.1:8080/assets/index.js', 41, 12);
    fireEvent.click(screen.getByTestId('details-close'));
    expect(selectedKey.value).toBeNull();
  });

  it('shows frames as plain text without openResource', () => {
    browserMock.devtools = { panels: {} };
    detailsTab.value = 'initiator';
    render(<TaskDetails task={uploadTask()} />);
    const frame = screen.getByTestId('details-stack-frame');
    expect(frame.querySelector('button')).toBeNull();
    expect(frame.textContent).toContain('index.js:42:13');
  });
});
