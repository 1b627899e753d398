// The one protocol module: every message between page agent, relay, background and panel is an Envelope.
// Anything that crosses a boundary is checked with a guard here; a page can forge any agent message, so agent
// messages may only ever be shown as data in that page's own panel.

import { hasPrefix, isId, isList, isObject, isSafeInteger, isStringMap } from './checks';
import type { ConditionRule } from './conditions';
import type { CaptureSettings } from './settings';
import type { TaskEvent, TaskRecord } from './task-model';

export const PROTOCOL_VERSION = 1;
export const SOURCE_AGENT = 'uni-transfer-devtools:agent';
export const SOURCE_RELAY = 'uni-transfer-devtools:relay';

/** What the agent detected about the page. */
export interface RuntimeInfo {
  uniApp: boolean;
  /** 'full': window.uni has uploadFile; 'empty': window.uni exists without it (tree-shaken build); 'none'. */
  globalUni: 'full' | 'empty' | 'none';
  vue?: 2 | 3;
  /** Vue 3 only: served by the dev server. */
  dev?: boolean;
  url: string;
  /** `__uniConfig.networkTimeout` as the app configured it (ms): uni's timer when a call sets no `timeout`. */
  networkTimeout?: NetworkTimeout;
}

export interface NetworkTimeout {
  request?: number;
  uploadFile?: number;
  downloadFile?: number;
}

export interface Diagnostic {
  at: number;
  where: string;
  message: string;
}

/** Agent → panel. `seq` increases by one per envelope within a session (a page load). */
export type AgentMessage =
  | { type: 'hello'; payload: { runtime: RuntimeInfo; startedAt: number } }
  | { type: 'events'; payload: { events: TaskEvent[] } }
  | {
      type: 'snapshot';
      payload: { runtime: RuntimeInfo; startedAt: number; tasks: TaskRecord[]; dropped: number };
    }
  | { type: 'diagnostic'; payload: Diagnostic }
  /** The page's runtime once its scripts are in (the hello at document_start comes too early to know). */
  | { type: 'runtime'; payload: { runtime: RuntimeInfo } }
  /** The answer to a panel request (a command with a reply), matched by the command's id. */
  | { type: 'reply'; payload: CommandReply };

/** A body the page agent still holds, sent to the panel as a data: URL for previews and saving. */
export interface BodyTransfer {
  name: string;
  mime: string;
  size: number;
  /** Absent when the body is larger than MAX_BODY_TRANSFER (the panel then shows size and type only). */
  dataUrl?: string;
}

export interface CommandReply {
  id: string;
  ok: boolean;
  /** A short code: not-held, finished, unknown-task, no-body, failed, timeout (panel side). */
  error?: string;
  bodies?: BodyTransfer[];
  /** replay: the new task's id. */
  replayId?: string;
  /** source: the script's source map as JSON text (at most MAX_BODY_TRANSFER), fetched from `mapUrl`. */
  map?: string;
  /** source: where the map is (a data: URL when the script carries it inline: then `map` is absent). */
  mapUrl?: string;
}

/** A file given in the panel (edit and resend): its bytes as a data: URL. */
export interface ReplayFile {
  name: string;
  type: string;
  dataUrl: string;
}

/** One multipart part of an edited upload: a text field, a file the page holds (by its index among the
 * original's files), or a file picked in the panel. */
export type ReplayPart =
  | { name: string; value: string }
  | { name: string; fileName: string; heldFile: number }
  | { name: string; fileName: string; file: ReplayFile };

/** Edit and resend: the request as the user edited it. Without edits a replay repeats the original exactly. */
export interface ReplayEdits {
  url: string;
  header: Record<string, string>;
  /** Uploads: every part in order (fields and files). */
  parts?: ReplayPart[];
}

/** Bodies above this size stay in the page: a runtime port message carries them as base64 text. */
export const MAX_BODY_TRANSFER = 16 * 1024 * 1024;

export type AgentEnvelope = AgentMessage & {
  source: typeof SOURCE_AGENT;
  v: number;
  session: string;
  seq: number;
};

/** Panel → agent commands, forwarded by background and relay. */
/**
 * Panel/background → agent commands. `presence` tells the agent whether a panel listens to its tab: without one
 * it keeps recording but posts no events (a panel that connects asks for a snapshot anyway).
 */
export type CommandMessage =
  | { type: 'command'; id: string; name: 'snapshot' }
  | { type: 'command'; id: string; name: 'presence'; present: boolean }
  | { type: 'command'; id: string; name: 'settings'; settings: CaptureSettings }
  /** The network-condition rules the panel stored (shared/conditions.ts); the agent reads them with readRules(). */
  | { type: 'command'; id: string; name: 'conditions'; rules: ConditionRule[] }
  /**
   * Task commands name the page session the task belongs to: the agent's task ids restart with every page load,
   * so a command meant for an earlier page is refused rather than applied to another task.
   * `body` asks for a task's held bodies (upload files, downloaded blob); answered with a reply.
   */
  | { type: 'command'; id: string; name: 'body'; taskId: string; session?: string }
  /** Force-aborts a running task through the app's own task object or its XHR. */
  | { type: 'command'; id: string; name: 'abort'; taskId: string; session?: string }
  | SourceCommand
  /**
   * Sends a task again (origin 'replay'), optionally edited, optionally under a one-off network condition that
   * applies to that replay only (the agent reads it with readRule/ruleProblem, as it reads stored rules).
   */
  | ReplayCommand;

export type RelayEnvelope = CommandMessage & { source: typeof SOURCE_RELAY; v: number };

/** Panel ↔ background, over the panel's runtime port. */
export type PanelToBackground =
  | { type: 'panel-hello'; v: number; tabId: number }
  | { type: 'command'; id: string; name: 'snapshot' }
  /** The capture settings just changed in this panel: its page has them before the panel's next command. */
  | { type: 'command'; id: string; name: 'settings'; settings: CaptureSettings }
  | { type: 'command'; id: string; name: 'body'; taskId: string; session?: string }
  | { type: 'command'; id: string; name: 'abort'; taskId: string; session?: string }
  | SourceCommand
  | ReplayCommand;

/**
 * The Initiator tab's questions about a script of the page (the panel has no host permission; the page can fetch
 * its own scripts): `source` asks for the source map of the script at `url` (answered with `map` or `mapUrl`);
 * `open-in-editor` asks the dev server to open `url` (a file path with :line:column) in the developer's editor.
 */
export interface SourceCommand {
  type: 'command';
  id: string;
  name: 'source' | 'open-in-editor';
  url: string;
}

/** Longest URL or path a source command may name (a stack frame's URL, a source path). */
export const MAX_SOURCE_URL = 4096;

export interface ReplayCommand {
  type: 'command';
  id: string;
  name: 'replay';
  taskId: string;
  session?: string;
  edits?: ReplayEdits;
  condition?: ConditionRule;
}

/** Commands a panel may send (through the background) to its tab's agent. */
export type PanelCommand = Extract<PanelToBackground, { type: 'command' }>;

export type BackgroundToPanel =
  | { type: 'agent'; envelope: AgentEnvelope }
  | { type: 'agent-connected' }
  | { type: 'agent-disconnected' };

const AGENT_TYPES = new Set(['hello', 'events', 'snapshot', 'diagnostic', 'runtime', 'reply']);

/** Shape check of the envelope only; payload checks belong to the consumer (the panel's reducer). */
export function isAgentEnvelope(value: unknown): value is AgentEnvelope {
  return (
    isObject(value) &&
    value.source === SOURCE_AGENT &&
    value.v === PROTOCOL_VERSION &&
    isId(value.session) &&
    Number.isSafeInteger(value.seq) &&
    (value.seq as number) >= 0 &&
    typeof value.type === 'string' &&
    AGENT_TYPES.has(value.type) &&
    isObject(value.payload)
  );
}

const isOptionalSession = (value: Record<string, unknown>) => value.session === undefined || isId(value.session);

/** The commands that name a task (body, abort, replay), for both the relay's and the background's checks. */
function isTaskCommand(value: Record<string, unknown>): boolean {
  if (!isOptionalSession(value) || !isId(value.taskId)) return false;
  if (value.name === 'body' || value.name === 'abort') return true;
  return (
    value.name === 'replay' &&
    (value.edits === undefined || isReplayEdits(value.edits)) &&
    (value.condition === undefined || isObject(value.condition))
  );
}

function isSourceCommand(value: Record<string, unknown>): boolean {
  return (
    (value.name === 'source' || value.name === 'open-in-editor') &&
    typeof value.url === 'string' &&
    value.url.length > 0 &&
    value.url.length <= MAX_SOURCE_URL
  );
}

export function isCommand(value: unknown): value is CommandMessage {
  if (!isObject(value) || value.type !== 'command' || typeof value.id !== 'string') return false;
  if (isSourceCommand(value)) return true;
  if (value.name === 'settings') return isObject(value.settings);
  if (value.name === 'conditions') return isList(value.rules);
  if (value.name === 'snapshot') return true;
  if (value.name === 'presence') return typeof value.present === 'boolean';
  return isTaskCommand(value);
}

export function isRelayEnvelope(value: unknown): value is RelayEnvelope {
  return isObject(value) && value.source === SOURCE_RELAY && value.v === PROTOCOL_VERSION && isCommand(value);
}

export function isPanelMessage(value: unknown): value is PanelToBackground {
  if (!isObject(value)) return false;
  if (value.type === 'panel-hello') {
    return value.v === PROTOCOL_VERSION && Number.isSafeInteger(value.tabId);
  }
  if (value.type !== 'command' || !isId(value.id)) return false;
  if (value.name === 'settings') return isObject(value.settings);
  return value.name === 'snapshot' || isSourceCommand(value) || isTaskCommand(value);
}

function isReplayPart(value: unknown): value is ReplayPart {
  if (!isObject(value) || typeof value.name !== 'string') return false;
  if ('value' in value) return typeof value.value === 'string';
  if (typeof value.fileName !== 'string') return false;
  if ('heldFile' in value) return isSafeInteger(value.heldFile) && value.heldFile >= 0;
  const file = value.file;
  return (
    isObject(file) &&
    typeof file.name === 'string' &&
    typeof file.type === 'string' &&
    typeof file.dataUrl === 'string' &&
    hasPrefix(file.dataUrl, 'data:')
  );
}

export function isReplayEdits(value: unknown): value is ReplayEdits {
  return (
    isObject(value) &&
    typeof value.url === 'string' &&
    isStringMap(value.header) &&
    (value.parts === undefined || (isList(value.parts) && value.parts.every(isReplayPart)))
  );
}

export function isCommandReply(value: unknown): value is CommandReply {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.ok !== 'boolean') return false;
  if (value.error !== undefined && typeof value.error !== 'string') return false;
  if (value.replayId !== undefined && typeof value.replayId !== 'string') return false;
  if (value.map !== undefined && typeof value.map !== 'string') return false;
  if (value.mapUrl !== undefined && typeof value.mapUrl !== 'string') return false;
  if (value.bodies === undefined) return true;
  return (
    Array.isArray(value.bodies) &&
    value.bodies.every(
      (body) =>
        isObject(body) &&
        typeof body.name === 'string' &&
        typeof body.mime === 'string' &&
        typeof body.size === 'number' &&
        (body.dataUrl === undefined || (typeof body.dataUrl === 'string' && body.dataUrl.startsWith('data:'))),
    )
  );
}

export function isBackgroundMessage(value: unknown): value is BackgroundToPanel {
  if (!isObject(value)) return false;
  if (value.type === 'agent') return isAgentEnvelope(value.envelope);
  return value.type === 'agent-connected' || value.type === 'agent-disconnected';
}
