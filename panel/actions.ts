// The panel's actions on tasks (issue 5): force-abort, replay, edit and resend. Each is a command to the page
// agent with a reply (panel/requests.ts); the outcome is told in the notice bar.

import { signal } from '@preact/signals';
import type { ConditionRule } from '../shared/conditions';
import type { CommandReply, ReplayEdits } from '../shared/protocol';
import { isFinal } from '../shared/task-model';
import { type MessageKey, t } from './i18n';
import type { PanelTask } from './reducer';
import { request } from './requests';
import { allTasks, isLive, selectedKey } from './store';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** A replay whose body the page no longer holds: the notice offers to pick a file (edit and resend). */
  pickFileFor?: PanelTask;
}

export const notice = signal<Notice | null>(null);
/** The task being edited for resend (the dialog is open while set). */
export const editing = signal<{ task: PanelTask; needFile: boolean } | null>(null);

export const canAbort = (task: PanelTask) => !isFinal(task.status) && isLive(task);
export const canReplay = (task: PanelTask) => isFinal(task.status) && isLive(task);

const ERROR_KEYS: Record<string, MessageKey> = {
  'not-held': 'actionNotHeld',
  finished: 'actionFinished',
  'unknown-task': 'actionUnknownTask',
  timeout: 'actionTimeout',
  'bad-condition': 'actionBadCondition',
};

function explain(reply: CommandReply): string {
  const key = reply.error ? ERROR_KEYS[reply.error] : undefined;
  return key ? t(key) : t('actionFailed', reply.error ?? '');
}

export async function abortTask(task: PanelTask): Promise<void> {
  if (!canAbort(task)) return;
  const reply = await request({ name: 'abort', taskId: task.id, session: task.session });
  notice.value = reply.ok
    ? { kind: 'info', text: t('actionAborted', task.id) }
    : { kind: 'error', text: explain(reply) };
}

export async function abortAllRunning(): Promise<void> {
  const running = allTasks.value.filter(canAbort);
  const replies = await Promise.all(
    running.map((task) => request({ name: 'abort', taskId: task.id, session: task.session })),
  );
  const done = replies.filter((reply) => reply.ok).length;
  notice.value = {
    kind: done === running.length ? 'info' : 'error',
    text: t('actionAbortedAll', done, running.length),
  };
}

/** Replays a task, edited or not, under a one-off condition if given (panel/replay-condition.tsx). */
export async function replayTask(task: PanelTask, edits?: ReplayEdits, condition?: ConditionRule): Promise<void> {
  if (!isLive(task)) return;
  const reply = await request({
    name: 'replay',
    taskId: task.id,
    session: task.session,
    ...(edits ? { edits } : {}),
    ...(condition ? { condition } : {}),
  });
  if (reply.ok && reply.replayId) {
    notice.value = { kind: 'info', text: t('actionReplayed', task.id, reply.replayId) };
    selectedKey.value = `${task.session}/${reply.replayId}`;
  } else if (reply.error === 'not-held') {
    notice.value = { kind: 'error', text: explain(reply), pickFileFor: task };
  } else notice.value = { kind: 'error', text: explain(reply) };
}
