import { editing, notice } from './actions';
import { t } from './i18n';

/** The outcome of the last action (abort, replay), dismissible. */
export function NoticeBar() {
  const current = notice.value;
  if (!current) return null;
  return (
    <div
      class={`notice notice-${current.kind}`}
      role={current.kind === 'error' ? 'alert' : 'status'}
      data-testid="action-message"
      data-kind={current.kind}
    >
      <span>{current.text}</span>
      {current.pickFileFor && (
        <button
          type="button"
          data-testid="action-pick-file"
          onClick={() => {
            editing.value = { task: current.pickFileFor as NonNullable<typeof current.pickFileFor>, needFile: true };
            notice.value = null;
          }}
        >
          {t('actionPickFile')}
        </button>
      )}
      <button type="button" class="notice-close" aria-label={t('actionDismiss')} onClick={() => (notice.value = null)}>
        ×
      </button>
    </div>
  );
}
