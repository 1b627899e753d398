// Events tab: the task's lifecycle in time order, relative to the call (+12.3 ms). Many progress events fold
// into one line that expands on request.

import { useMemo, useState } from 'preact/hooks';
import type { AppAction } from '../../shared/task-model';
import { formatBytes, formatOffset } from '../format';
import { type MessageKey, t } from '../i18n';
import type { PanelTask } from '../reducer';
import { shown } from '../reveal';
import { argText, buildEventLog, type LogEntry, PROGRESS_FOLD_THRESHOLD } from './event-log';
import { abortedByText, statusText } from './overview';

const APP_KEYS: Record<AppAction, MessageKey> = {
  onProgressUpdate: 'detailsEventOnProgressUpdate',
  offProgressUpdate: 'detailsEventOffProgressUpdate',
  abort: 'detailsEventAbort',
};

function entryText(entry: LogEntry, origin: number): string {
  switch (entry.type) {
    case 'created':
      return t('detailsEventCreated');
    case 'fileResolved':
      return t('detailsEventFileResolved');
    case 'open':
      return t('detailsEventOpen', shown(entry.method ?? '—'), shown(entry.url));
    case 'send':
      return t('detailsEventSend');
    case 'headers':
      return t('detailsEventHeaders', entry.statusCode ?? '—');
    case 'progress':
      return t(
        'detailsEventProgress',
        formatBytes(entry.loaded),
        entry.total === null ? '—' : formatBytes(entry.total),
      );
    case 'progressGroup':
      return t('detailsEventProgressGroup', entry.count, formatOffset(entry.last - origin));
    case 'callback':
      return t('detailsEventCallback', entry.name);
    case 'app':
      return t(APP_KEYS[entry.action]);
    case 'end': {
      const base = t('detailsEventEnd', statusText(entry.status), shown(entry.errMsg ?? '—'));
      return entry.abortedBy ? `${base} · ${t('detailsEventAbortedBy', abortedByText(entry.abortedBy))}` : base;
    }
  }
}

export function EventsTab({ task }: { task: PanelTask }) {
  const [expanded, setExpanded] = useState(false);
  const entries = useMemo(() => buildEventLog(task, expanded), [task, expanded]);
  const origin = task.times.created;
  const foldable = task.progress.length > PROGRESS_FOLD_THRESHOLD;
  return (
    <div class="dt-events">
      {foldable && (
        <button
          type="button"
          data-testid="details-events-toggle-progress"
          aria-pressed={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('detailsCollapseProgress') : t('detailsExpandProgress', task.progress.length)}
        </button>
      )}
      <table class="dt-grid dt-log" data-testid="details-event-log" aria-label={t('detailsTabEvents')}>
        <thead>
          <tr>
            <th scope="col">{t('detailsColTime')}</th>
            <th scope="col">{t('detailsColEvent')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={index} data-event={entry.type}>
              <td class="dt-log-time">{formatOffset(entry.at - origin)}</td>
              <td>
                {entryText(entry, origin)}
                {entry.type === 'callback' && <pre class="dt-code dt-log-arg">{shown(argText(entry.arg), true)}</pre>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
