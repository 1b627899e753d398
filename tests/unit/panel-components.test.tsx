// @vitest-environment happy-dom
// The whole panel mounted over the in-memory transport (no extension, no browser): toolbar, grid, chips,
// sorting, keyboard and record on/off driven through the DOM as the automation contract describes.

import { beforeAll, describe, expect, it } from 'vitest';
import { mountPanel } from '../../panel/mount';
import { createMemoryTransport } from '../../panel/transport';
import { type AgentMessage, isBackgroundMessage } from '../../shared/protocol';
import type { TaskEvent } from '../../shared/task-model';
import { fromAgent } from './envelopes';
import { rendered, unmountAfterAll } from './rendered';

const transport = createMemoryTransport(isBackgroundMessage);
let seq = 0;
const runtime = { uniApp: true, globalUni: 'empty' as const, vue: 3 as const, dev: false, url: 'http://127.0.0.1/' };

function send(type: string, payload: unknown): void {
  transport.deliver(fromAgent('s1', seq++, { type, payload } as AgentMessage));
}

function task(id: string, kind: 'upload' | 'download', at: number, outcome: 'ok' | 'fail' | 'running'): TaskEvent[] {
  const url = `http://127.0.0.1/${kind === 'upload' ? 'upload' : 'files'}/${id}.bin`;
  const events: TaskEvent[] = [
    { type: 'created', taskId: id, at, kind, origin: 'app', probe: 'xhr', url },
    { type: 'open', taskId: id, at: at + 1, method: kind === 'upload' ? 'POST' : 'GET', url },
    { type: 'send', taskId: id, at: at + 2, requestHeaders: {} },
    { type: 'progress', taskId: id, at: at + 5, loaded: 50, total: 100 },
  ];
  if (outcome === 'running') return events;
  // uni calls success whatever the HTTP status; a network error is what makes it fail.
  if (outcome === 'fail') return [...events, { type: 'end', taskId: id, at: at + 10, outcome: 'error' }];
  return [
    ...events,
    { type: 'headers', taskId: id, at: at + 8, statusCode: 200, responseHeaders: {} },
    { type: 'end', taskId: id, at: at + 10, outcome: 'load', statusCode: 200 },
  ];
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T;
const rowIds = () =>
  [...document.querySelectorAll('[data-testid="task-row"]')].map((row) => row.getAttribute('data-task-id'));
const count = () => $('[data-testid="task-count"]').getAttribute('data-count');

function typeFilter(value: string): void {
  const input = $<HTMLInputElement>('[data-testid="filter"]');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

const root = document.createElement('div');
unmountAfterAll(root);

beforeAll(async () => {
  document.body.append(root);
  mountPanel(root, transport, { dark: false });
  send('hello', { runtime, startedAt: 0 });
  send('events', {
    events: [
      ...task('a', 'upload', 1000, 'ok'),
      ...task('b', 'download', 1100, 'fail'),
      ...task('c', 'download', 1200, 'running'),
    ],
  });
  await rendered();
});

describe('the panel over the in-memory transport', () => {
  it('lists the tasks with the contract attributes and a summary', () => {
    expect($('[data-testid="panel"]').dataset.connected).toBe('true');
    expect(rowIds()).toEqual(['s1/a', 's1/b', 's1/c']);
    expect($('[data-task-id="s1/b"]').dataset.errMsg).toBe('downloadFile:fail');
    expect($('[data-testid="failures"]').dataset.count).toBe('1');
    expect($('[data-testid="bytes-up"]').dataset.bytes).toBe('50');
    expect($('[data-testid="status-line"]').textContent).toContain('production build');
  });

  it('filters with terms and chips, and reports a bad term', async () => {
    typeFilter('status:fail');
    await rendered();
    expect([count(), ...rowIds()]).toEqual(['1', 's1/b']);
    typeFilter('/(/');
    await rendered();
    expect($('[data-testid="filter"]').getAttribute('aria-invalid')).toBe('true');
    typeFilter('');
    $('[data-testid="kind-download"]').click();
    await rendered();
    expect(rowIds()).toEqual(['s1/b', 's1/c']);
    $('[data-testid="status-running"]').click();
    await rendered();
    expect(rowIds()).toEqual(['s1/c']);
    $('[data-testid="kind-all"]').click();
    $('[data-testid="status-all"]').click();
    await rendered();
    expect(count()).toBe('3');
  });

  it('sorts by a column, both ways', async () => {
    $('[data-testid="sort-code"]').click();
    await rendered();
    expect(rowIds()).toEqual(['s1/b', 's1/c', 's1/a']);
    expect($('[data-testid="sort-code"]').parentElement?.getAttribute('aria-sort')).toBe('ascending');
    $('[data-testid="sort-code"]').click();
    await rendered();
    expect(rowIds()).toEqual(['s1/a', 's1/c', 's1/b']);
    $('[data-testid="sort-start"]').click();
    await rendered();
    expect(rowIds()).toEqual(['s1/a', 's1/b', 's1/c']);
  });

  it('shows and hides columns from the header menu, per layout, resizes them, and keeps the choice (issue 17)', async () => {
    const headers = () =>
      [...document.querySelectorAll('[data-testid="task-head"] [data-column]')].map((h) =>
        h.getAttribute('data-column'),
      );
    const openMenu = async () => {
      $('[data-testid="task-head"]').dispatchEvent(
        new MouseEvent('contextmenu', { bubbles: true, clientX: 10, clientY: 10 }),
      );
      await rendered();
      return $('[data-testid="column-menu"]');
    };
    expect(headers()).toEqual(['name', 'kind', 'status', 'code', 'size', 'time', 'speed', 'start', 'waterfall']);
    expect((await openMenu()).getAttribute('data-layout')).toBe('wide');
    expect($('[data-testid="column-toggle-name"]').getAttribute('aria-disabled')).toBe('true');
    $('[data-testid="column-toggle-kind"]').click();
    await rendered();
    expect(headers()).not.toContain('kind');
    expect($('[role="grid"]').classList.contains('hide-kind')).toBe(true);
    expect($('[data-testid="column-toggle-kind"]').getAttribute('aria-checked')).toBe('false');
    expect(JSON.parse(localStorage.getItem('uni-transfer-devtools:columns') ?? '{}').hidden.wide).toEqual(['kind']);
    // A click elsewhere closes the menu.
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await rendered();
    expect($('[data-testid="column-menu"]')).toBeNull();
    // Beside the details: Kind, Time, Speed, Start hidden by default, and each can come back.
    $('[data-task-id="s1/a"]').click();
    await rendered();
    expect(headers()).toEqual(['name', 'status', 'code', 'size', 'waterfall']);
    expect((await openMenu()).getAttribute('data-layout')).toBe('beside-details');
    $('[data-testid="column-toggle-time"]').click();
    await rendered();
    expect(headers()).toEqual(['name', 'status', 'code', 'size', 'time', 'waterfall']);
    $('[data-testid="column-toggle-time"]').click();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    $('[role="grid"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await rendered();
    // Dragging a header's edge sets the column's width.
    const handle = $('[data-testid="column-resize-status"]');
    handle.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: 100, pointerId: 1 }));
    handle.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 250, pointerId: 1 }));
    handle.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: 250, pointerId: 1 }));
    await rendered();
    expect($('[role="grid"]').style.getPropertyValue('--task-grid')).toContain('150px');
    // Back to the defaults for the next tests.
    (await openMenu()).querySelector<HTMLElement>('[data-testid="column-toggle-kind"]')?.click();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await rendered();
    expect(headers()).toContain('kind');
  });

  it('moves the selection with the keyboard and closes details with Escape', async () => {
    const grid = $('[role="grid"]');
    const key = (name: string) => grid.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
    key('ArrowDown');
    await rendered();
    expect($('[aria-selected="true"][data-testid="task-row"]').dataset.taskId).toBe('s1/a');
    expect($('[data-testid="task-details"]')).not.toBeNull();
    key('End');
    await rendered();
    expect($('[aria-selected="true"][data-testid="task-row"]').dataset.taskId).toBe('s1/c');
    expect(grid.getAttribute('aria-activedescendant')).toBe($('[data-task-id="s1/c"]').id);
    key('Escape');
    await rendered();
    expect($('[data-testid="task-details"]')).toBeNull();
  });

  it('aborts the selected running task with Delete, and replays a finished one from the row menu', async () => {
    const grid = $('[role="grid"]');
    const key = (name: string, init: KeyboardEventInit = {}) =>
      grid.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, ...init }));
    $('[data-task-id="s1/c"]').click();
    await rendered();
    key('Delete');
    await rendered();
    expect(transport.sent.at(-1)).toMatchObject({ type: 'command', name: 'abort', taskId: 'c' });
    $('[data-task-id="s1/a"]').click();
    await rendered();
    key('F10', { shiftKey: true });
    await rendered();
    expect($('[data-testid="menu-abort"]').getAttribute('aria-disabled')).toBe('true');
    $('[data-testid="menu-replay"]').click();
    await rendered();
    expect(transport.sent.at(-1)).toMatchObject({ type: 'command', name: 'replay', taskId: 'a' });
    expect($('[data-testid="context-menu"]')).toBeNull();
  });

  it('lists nothing new while recording is off, and clears', async () => {
    $('[data-testid="record"]').click();
    send('events', { events: task('d', 'upload', 1300, 'ok') });
    await rendered();
    expect(rowIds()).toEqual(['s1/a', 's1/b', 's1/c']);
    expect($('[data-testid="record"]').getAttribute('aria-pressed')).toBe('false');
    $('[data-testid="record"]').click();
    send('events', { events: task('e', 'upload', 1400, 'ok') });
    await rendered();
    expect(rowIds()).toEqual(['s1/a', 's1/b', 's1/c', 's1/e']);
    $('[data-testid="clear"]').click();
    await rendered();
    expect([count(), $('[data-testid="empty"]')?.textContent]).toEqual(['0', expect.stringContaining('No uni')]);
  });

  it('says clearly when the page has no uni-app', async () => {
    send('runtime', { runtime: { uniApp: false, globalUni: 'none', url: 'http://127.0.0.1/plain' } });
    await rendered();
    const status = $('[data-testid="status-line"]');
    expect(status.dataset.uniApp).toBe('false');
    expect(status.textContent).toContain('No uni-app detected on this page');
  });

  it('counts malformed messages without breaking', async () => {
    transport.deliver({ type: 'agent', envelope: { bogus: 1 } });
    send('events', { events: 'nope' });
    await rendered();
    expect($('[data-testid="rejected-count"]').dataset.count).toBe('2');
    expect($('[data-testid="panel"]')).not.toBeNull();
  });
});
