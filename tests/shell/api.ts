// The shell page's automation API (window.__shell), shared as types by the bench and the e2e test.

import type {
  BackgroundToPanel,
  BodyTransfer,
  CommandReply,
  Diagnostic,
  PanelCommand,
  RuntimeInfo,
} from '../../shared/protocol';
import type { TaskEvent, TaskRecord } from '../../shared/task-model';
import type * as generate from './generate';

export interface ShellApi {
  /** Hands a raw message to the panel exactly as the background would (the panel's guard runs). */
  deliver(message: unknown): void;
  /** Envelope builders: each takes the next seq of the current session (returned, not delivered). */
  hello(runtime?: Partial<RuntimeInfo>): BackgroundToPanel;
  events(events: TaskEvent[]): BackgroundToPanel;
  snapshot(records: TaskRecord[], dropped?: number): BackgroundToPanel;
  runtime(runtime?: Partial<RuntimeInfo>): BackgroundToPanel;
  diagnostic(diagnostic: Diagnostic): BackgroundToPanel;
  reply(payload: CommandReply): BackgroundToPanel;
  /** A new page session (seq restarts at 0); returns its id. */
  newSession(id?: string): string;
  readonly session: string;
  /** The seq the next envelope gets; set it to make a gap. */
  nextSeq: number;
  /** Commands the panel sent, oldest first (the transport's own array). */
  readonly sent: PanelCommand[];
  /** Called for each command the panel sends (after it is recorded in `sent`). */
  onCommand: ((command: PanelCommand) => void) | null;
  /** Answers every `body` command with a reply envelope (asynchronously, as a port would). */
  answerBodies(bodies: (taskId: string) => BodyTransfer[] | null): void;
  disconnect(): void;
  /** The workload generator (tests/shell/generate.ts), for data made in the page. */
  gen: typeof generate;
  /** Scratch space for page-side data (bench workloads). */
  data: Record<string, unknown>;
}

export type ShellWindow = Window & typeof globalThis & { __shell: ShellApi; gc?: () => void };
