// Which page of a device a viewer's command goes to, and which replies a page may send (hub.ts routes them).

import type { PanelCommand } from '../shared/protocol';
import { type DeviceLink, MAX_PENDING_COMMANDS } from './hub-types';

/**
 * The pages a viewer's command goes to: those of its session (all of the device's when it names none). A command
 * for a page that has gone (reloaded) goes to the newest page, whose agent answers `unknown-task` (as the
 * extension's background forwards it to the tab's current page): the panel gets an answer, not a wait. Each
 * target then expects the command's reply (at most MAX_PENDING_COMMANDS waiting, the oldest let go).
 */
export function commandTargets(links: DeviceLink[], command: PanelCommand): DeviceLink[] {
  const session = 'session' in command ? command.session : undefined;
  const targets = session === undefined ? links : links.filter((link) => link.session === session);
  const chosen = targets.length === 0 ? links.slice(-1) : targets;
  for (const link of chosen) {
    if (link.pending.size >= MAX_PENDING_COMMANDS) link.pending.delete(link.pending.values().next().value as string);
    link.pending.add(command.id);
  }
  return chosen;
}

/** A reply must answer a command this connection was given: a page cannot make up answers to other commands. */
export function takeReply(link: DeviceLink, payload: unknown): boolean {
  const id = (payload as { id?: unknown }).id;
  return typeof id === 'string' && link.pending.delete(id);
}
