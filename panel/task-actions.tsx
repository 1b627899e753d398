// The selected task's action buttons (details header) and its replay links (Overview).

import { abortTask, canAbort, canReplay, editing, replayTask } from './actions';
import { t } from './i18n';
import type { PanelTask } from './reducer';
import { oneOffCondition, ReplayConditionPicker } from './replay-condition';
import { selectedKey } from './store';

export function TaskActionButtons({ task }: { task: PanelTask }) {
  return (
    <span class="task-actions">
      <button type="button" data-testid="abort-task" disabled={!canAbort(task)} onClick={() => void abortTask(task)}>
        {t('actionAbort')}
      </button>
      <button
        type="button"
        data-testid="replay-task"
        disabled={!canReplay(task)}
        onClick={() => void replayTask(task, undefined, oneOffCondition())}
      >
        {t('actionReplay')}
      </button>
      <ReplayConditionPicker />
      <button
        type="button"
        data-testid="edit-task"
        disabled={!canReplay(task)}
        onClick={() => {
          editing.value = { task, needFile: false };
        }}
      >
        {t('actionEditResend')}
      </button>
    </span>
  );
}

/** "Replay of t3" / "Replays: t7, t9", each a link that selects that task. */
export function ReplayLinks({ task }: { task: PanelTask }) {
  const link = (id: string, text = id) => (
    <button
      type="button"
      class="dt-link"
      key={id}
      data-testid="replay-link"
      data-task-id={`${task.session}/${id}`}
      onClick={() => {
        selectedKey.value = `${task.session}/${id}`;
      }}
    >
      {text}
    </button>
  );
  if (!task.replayOf && !task.replays?.length) return null;
  return (
    <p class="replay-links">
      {task.replayOf && link(task.replayOf, t('replayOf', task.replayOf))}
      {task.replays?.length ? (
        <span>
          {t('replaysOf')} {task.replays.map((id) => link(id))}
        </span>
      ) : null}
    </p>
  );
}
