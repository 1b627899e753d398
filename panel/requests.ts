// Panel requests that expect a reply from the page agent (commands with an id), with a timeout: the page may
// be gone, or may never answer (a forged or old agent).

import { type CommandReply, isCommandReply, type PanelCommand } from '../shared/protocol';
import type { PanelTransport } from './transport';

const TIMEOUT_MS = 10_000;
/**
 * A body reply carries up to 16 MB as a data: URL (≈ 21 MB of JSON) through the page, the relay, the background and
 * the panel: 4–5 s on an idle 2-core machine, past 10 s with a core busy (tests/e2e/hostile-page-chromium.test.ts,
 * "messages over the browser limit"). Chrome's Network panel waits for a body as long as the page lives; ours waits
 * this long, so that a page that never answers still ends as an error.
 */
const BODY_TIMEOUT_MS = 120_000;
const pending = new Map<string, (reply: CommandReply) => void>();
let transport: PanelTransport | null = null;
let nextId = 1;

export function useTransport(next: PanelTransport): void {
  transport = next;
}

type CommandWithoutId<C> = C extends unknown ? Omit<C, 'id' | 'type'> : never;

export function request(command: CommandWithoutId<PanelCommand>): Promise<CommandReply> {
  const id = `panel-${nextId++}`;
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        pending.delete(id);
        resolve({ id, ok: false, error: 'timeout' });
      },
      // A source map is as large as a body (a production build's reaches megabytes) and travels the same way.
      command.name === 'body' || command.name === 'source' ? BODY_TIMEOUT_MS : TIMEOUT_MS,
    );
    pending.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    transport?.send({ ...command, type: 'command', id } as PanelCommand);
  });
}

/**
 * Sends a command that gets no reply (the capture settings): on the same port as every later command of this
 * panel, so the page has it before any of them (a replay sent right after a budget change honours the budget).
 */
export function post(command: CommandWithoutId<PanelCommand>): void {
  transport?.send({ ...command, type: 'command', id: `panel-${nextId++}` } as PanelCommand);
}

/** Called with every reply envelope's payload; unknown or malformed replies are ignored. */
export function settleReply(payload: unknown): boolean {
  if (!isCommandReply(payload)) return false;
  const resolve = pending.get(payload.id);
  pending.delete(payload.id);
  resolve?.(payload);
  return resolve !== undefined;
}
