// The details pane of the selected task: a header and a WAI-ARIA tablist (overview, request, response,
// progress, events, initiator). The chosen tab is module state, so it stays when another task is selected.
// Everything shown comes from the inspected page and is rendered as text only.

import { signal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { type MessageKey, t } from '../i18n';
import type { PanelTask } from '../reducer';
import { shown } from '../reveal';
import { selectedKey } from '../store';
import { TaskActionButtons } from '../task-actions';
import { EventsTab } from './events';
import { InitiatorTab } from './initiator';
import { OverviewTab } from './overview';
import { ProgressTab } from './progress';
import { RequestTab } from './request';
import { ResponseTab } from './response';
import './details.css';

export const TAB_IDS = ['overview', 'request', 'response', 'progress', 'events', 'initiator'] as const;
export type TabId = (typeof TAB_IDS)[number];

const TAB_LABELS: Record<TabId, MessageKey> = {
  overview: 'detailsTabOverview',
  request: 'detailsTabRequest',
  response: 'detailsTabResponse',
  progress: 'detailsTabProgress',
  events: 'detailsTabEvents',
  initiator: 'detailsTabInitiator',
};

/** The selected tab, kept across task selections. */
export const detailsTab = signal<TabId>('overview');

function TabPanel({ id, task }: { id: TabId; task: PanelTask }) {
  switch (id) {
    case 'overview':
      return <OverviewTab task={task} />;
    case 'request':
      return <RequestTab task={task} active />;
    case 'response':
      return <ResponseTab task={task} active />;
    case 'progress':
      return <ProgressTab task={task} />;
    case 'events':
      return <EventsTab task={task} />;
    case 'initiator':
      return <InitiatorTab task={task} />;
  }
}

function nextTab(current: TabId, key: string): TabId | null {
  const index = TAB_IDS.indexOf(current);
  const last = TAB_IDS.length - 1;
  switch (key) {
    case 'ArrowRight':
      return TAB_IDS[index === last ? 0 : index + 1] ?? null;
    case 'ArrowLeft':
      return TAB_IDS[index === 0 ? last : index - 1] ?? null;
    case 'Home':
      return TAB_IDS[0];
    case 'End':
      return TAB_IDS[last] ?? null;
    default:
      return null;
  }
}

export function TaskDetails({ task }: { task: PanelTask }) {
  const active = detailsTab.value;
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  const title = task.kind === 'upload' ? 'uni.uploadFile' : 'uni.downloadFile';
  const onKeyDown = (event: KeyboardEvent) => {
    const next = nextTab(active, event.key);
    if (next === null) return;
    event.preventDefault();
    detailsTab.value = next;
    tabRefs.current[next]?.focus();
  };
  return (
    <aside class="details dt-root" data-testid="task-details" data-task-id={task.key} aria-label={t('detailsLabel')}>
      <header class="dt-head">
        <TaskActionButtons task={task} />
        <h2 class="dt-title">{title}</h2>
        <span class="dt-subtitle" title={shown(task.url)}>
          {shown(task.url)}
        </span>
        <button
          type="button"
          class="dt-close"
          data-testid="details-close"
          aria-label={t('detailsClose')}
          title={t('detailsClose')}
          onClick={() => {
            selectedKey.value = null;
          }}
        >
          ×
        </button>
      </header>
      <div class="dt-tabs" role="tablist" aria-label={t('detailsTabsLabel')} onKeyDown={onKeyDown}>
        {TAB_IDS.map((id) => (
          <button
            key={id}
            ref={(element) => {
              tabRefs.current[id] = element;
            }}
            type="button"
            role="tab"
            id={`details-tab-${id}`}
            class="dt-tab"
            data-testid={`details-tab-${id}`}
            aria-selected={id === active}
            aria-controls={`details-panel-${id}`}
            tabIndex={id === active ? 0 : -1}
            onClick={() => {
              detailsTab.value = id;
            }}
          >
            {t(TAB_LABELS[id])}
          </button>
        ))}
      </div>
      {TAB_IDS.map((id) => (
        <div
          key={id}
          role="tabpanel"
          id={`details-panel-${id}`}
          class="dt-panel"
          data-testid={`details-panel-${id}`}
          aria-labelledby={`details-tab-${id}`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: WAI-ARIA tabs pattern: the tabpanel itself is focusable.
          tabIndex={0}
          hidden={id !== active}
        >
          {id === active && <TabPanel id={id} task={task} />}
        </div>
      ))}
    </aside>
  );
}
