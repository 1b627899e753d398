// The panel outside DevTools: the real UI (panel/mount.tsx) on the in-memory transport, driven through
// window.__shell (tests/shell/api.ts) by the shell e2e tests and `npm run bench:panel`.
// ?theme=dark as in the DevTools page; ?lang=zh_CN is read by panel/i18n.ts itself.

import { mountPanel } from '../../panel/mount';
import { createMemoryTransport } from '../../panel/transport';
import {
  type BackgroundToPanel,
  isBackgroundMessage,
  PROTOCOL_VERSION,
  type RuntimeInfo,
  SOURCE_AGENT,
} from '../../shared/protocol';
import type { ShellApi } from './api';
import * as gen from './generate';

const transport = createMemoryTransport(isBackgroundMessage);
let session = 'shell-1';
let sessions = 1;
const startedAt = Date.now();

const runtimeInfo = (runtime?: Partial<RuntimeInfo>): RuntimeInfo => ({
  uniApp: true,
  globalUni: 'full',
  vue: 3,
  dev: false,
  url: 'http://127.0.0.1:5173/#/pages/index/index',
  ...runtime,
});

function envelope(type: string, payload: unknown): BackgroundToPanel {
  const seq = shell.nextSeq;
  shell.nextSeq += 1;
  return {
    type: 'agent',
    envelope: { source: SOURCE_AGENT, v: PROTOCOL_VERSION, session, seq, type, payload } as never,
  };
}

const shell: ShellApi = {
  deliver: (message) => transport.deliver(message),
  hello: (runtime) => envelope('hello', { runtime: runtimeInfo(runtime), startedAt }),
  events: (events) => envelope('events', { events }),
  snapshot: (tasks, dropped = 0) => envelope('snapshot', { runtime: runtimeInfo(), startedAt, tasks, dropped }),
  runtime: (runtime) => envelope('runtime', { runtime: runtimeInfo(runtime) }),
  diagnostic: (diagnostic) => envelope('diagnostic', diagnostic),
  reply: (payload) => envelope('reply', payload),
  newSession(id) {
    sessions += 1;
    session = id ?? `shell-${sessions}`;
    shell.nextSeq = 0;
    return session;
  },
  get session() {
    return session;
  },
  nextSeq: 0,
  sent: transport.sent,
  get onCommand() {
    return transport.onCommand ?? null;
  },
  set onCommand(handler) {
    transport.onCommand = handler ?? undefined;
  },
  answerBodies(bodies) {
    shell.onCommand = (command) => {
      if (command.name !== 'body') return;
      const found = bodies(command.taskId);
      const payload = found
        ? { id: command.id, ok: true, bodies: found }
        : { id: command.id, ok: false, error: 'gone' };
      // A port delivers later, never inside send().
      setTimeout(() => shell.deliver(shell.reply(payload)));
    };
  },
  disconnect: () => transport.disconnect(),
  gen,
  data: {},
};

Object.assign(window, { __shell: shell });
const root = document.getElementById('root');
if (root) mountPanel(root, transport, { dark: new URLSearchParams(location.search).get('theme') === 'dark' });
