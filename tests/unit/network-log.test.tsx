// @vitest-environment happy-dom
// DevTools' own record of requests (panel/network-log.ts) joins the diagnosis (issue 18): an entry is matched to
// the task of its URL and method, whether it comes before or after the task's events, and makes a bare cross-origin
// failure certain; a preflight answered by the server makes it CORS. Entries of other types or other URLs change
// nothing. The entries are shaped as Chromium gives them (devtools.network.onRequestFinished, 2026-12).

import { waitFor } from '@testing-library/preact';
import { beforeAll, describe, expect, it } from 'vitest';
import { lang } from '../../panel/i18n';
import { mountPanel } from '../../panel/mount';
import { createMemoryTransport, type PanelTransport } from '../../panel/transport';
import { type AgentMessage, isBackgroundMessage } from '../../shared/protocol';
import type { TaskEvent } from '../../shared/task-model';
import { fromAgent } from './envelopes';
import { unmountAfterAll } from './rendered';

const PAGE = 'http://127.0.0.1:5173';
const API = 'http://127.0.0.1:9';
const memory = createMemoryTransport(isBackgroundMessage);
let feed: (entry: unknown) => void = () => {};
const transport: PanelTransport = {
  start: (sink) => memory.start(sink),
  send: (command) => memory.send(command),
  network: (listener) => {
    feed = listener;
  },
};
let seq = 0;
const send = (type: string, payload: unknown) =>
  memory.deliver(fromAgent('s1', seq++, { type, payload } as AgentMessage));

const T0 = Date.UTC(2026, 11, 7, 12);
function failedUpload(id: string, url: string, at: number): TaskEvent[] {
  const steps = [
    { type: 'created', at, kind: 'upload', origin: 'app', probe: 'uni', url },
    { type: 'open', at: at + 1, method: 'POST', url },
    { type: 'send', at: at + 2, requestHeaders: {} },
    { type: 'end', at: at + 20, outcome: 'error' },
  ];
  return steps.map((step) => ({ ...step, taskId: id }) as TaskEvent);
}

const entry = (url: string, method: string, at: number, status: number, error?: string, type = 'xhr') => ({
  startedDateTime: new Date(at).toISOString(),
  _resourceType: method === 'OPTIONS' ? 'preflight' : type,
  request: { url, method },
  response: { status, _error: error ?? null, redirectURL: '' },
});

const diagnosisOfRow = (id: string) =>
  document.querySelector(`[data-task-id="s1/${id}"]`)?.getAttribute('data-diagnosis') ?? null;

const root = document.createElement('div');
unmountAfterAll(root);

beforeAll(() => {
  lang.value = 'en';
  document.body.append(root);
  mountPanel(root, transport, { dark: false });
  send('hello', { runtime: { uniApp: true, globalUni: 'full', vue: 3, url: `${PAGE}/` }, startedAt: 0 });
});

describe("the browser's network record in the diagnosis", () => {
  it('an entry after the task: a refused connection is certain', async () => {
    send('events', { events: failedUpload('refused', `${API}/a`, T0) });
    await waitFor(() => expect(diagnosisOfRow('refused')).toBe('cors unreachable'));
    feed(entry(`${API}/a`, 'OPTIONS', T0 + 3, 0, 'net::ERR_CONNECTION_REFUSED'));
    feed(entry(`${API}/a`, 'POST', T0 + 4, 0, 'net::ERR_CONNECTION_REFUSED'));
    await waitFor(() => expect(diagnosisOfRow('refused')).toBe('unreachable'));
    expect(document.querySelector('[data-task-id="s1/refused"]')?.getAttribute('data-status')).toBe('fail');
  });

  it('an entry before its task: a preflight the server answered makes it CORS', async () => {
    feed(entry(`${API}/b`, 'OPTIONS', T0 + 1003, 204));
    feed(entry(`${API}/b`, 'POST', T0 + 1004, 0, 'net::ERR_FAILED'));
    // Not an XHR, another URL, another method: none of them is this task's request.
    feed(entry(`${API}/b`, 'POST', T0 + 1004, 0, 'net::ERR_CONNECTION_REFUSED', 'image'));
    feed(entry(`${API}/b`, 'GET', T0 + 1004, 0, 'net::ERR_CONNECTION_REFUSED'));
    send('events', { events: failedUpload('cors', `${API}/b`, T0 + 1000) });
    await waitFor(() => expect(diagnosisOfRow('cors')).toBe('cors'));
  });

  it('a task with no entry keeps the page-only "likely" pair; a malformed entry is ignored', async () => {
    feed({ request: { url: 42 } });
    feed(null);
    feed({ ...entry(`${API}/c`, 'POST', T0, 0, 'net::ERR_CONNECTION_REFUSED'), startedDateTime: 'not a date' });
    send('events', { events: failedUpload('alone', `${API}/c`, T0 + 2000) });
    await waitFor(() => expect(diagnosisOfRow('alone')).toBe('cors unreachable'));
  });
});
