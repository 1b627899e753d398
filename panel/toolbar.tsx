// The toolbar, as in the Network panel: record, clear, preserve log, the filter box with its term language
// (panel/filter.ts), kind and status chips, settings, network conditions, and a summary of what was captured.

import { abortAllRunning } from './actions';
import { ConditionsToggle } from './conditions-editor';
import { formatBytes } from './format';
import { HarButtons } from './har-buttons';
import { formatNumber, type MessageKey, t } from './i18n';
import { settingsAvailable, settingsOpen } from './settings';
import {
  dispatch,
  filterText,
  type KindChip,
  kindChip,
  panelState,
  parsedFilter,
  type StatusChip,
  statusChip,
  summary,
  visibleTasks,
} from './store';

function Chips<T extends string>(props: {
  label: MessageKey;
  testid: string;
  options: [T, MessageKey][];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div class="chips" role="radiogroup" aria-label={t(props.label)}>
      {props.options.map(([value, label]) => (
        <button
          type="button"
          role="radio"
          key={value}
          class="chip"
          data-testid={`${props.testid}-${value}`}
          aria-checked={props.value === value}
          onClick={() => props.onChange(value)}
        >
          {t(label)}
        </button>
      ))}
    </div>
  );
}

const KIND_CHIPS: [KindChip, MessageKey][] = [
  ['all', 'chipAll'],
  ['upload', 'chipUpload'],
  ['download', 'chipDownload'],
];
const STATUS_CHIPS: [StatusChip, MessageKey][] = [
  ['all', 'chipAll'],
  ['running', 'chipRunning'],
  ['success', 'chipSuccess'],
  ['fail', 'chipFail'],
  ['abort', 'chipAbort'],
];

function SummaryText() {
  const state = panelState.value;
  const total = summary.value;
  const count = visibleTasks.value.length;
  return (
    <span class="summary" data-testid="summary">
      <span data-testid="task-count" data-count={count} data-total={total.tasks}>
        {t('taskCount', formatNumber(count), formatNumber(total.tasks))}
      </span>
      <span data-testid="bytes-up" data-bytes={total.bytesUp}>
        {t('summaryUp', formatBytes(total.bytesUp))}
      </span>
      <span data-testid="bytes-down" data-bytes={total.bytesDown}>
        {t('summaryDown', formatBytes(total.bytesDown))}
      </span>
      <span data-testid="failures" data-count={total.failures} class={total.failures > 0 ? 'has-failures' : ''}>
        {t('summaryFailures', formatNumber(total.failures))}
      </span>
      {/* Dropped by the page's agent, or by the panel past its own limit (panel/reducer-limits.ts). */}
      {state.dropped + state.evicted > 0 && (
        <span data-testid="dropped" data-count={state.dropped + state.evicted} title={t('summaryDroppedTitle')}>
          {t('summaryDropped', formatNumber(state.dropped + state.evicted))}
        </span>
      )}
    </span>
  );
}

export function Toolbar() {
  const state = panelState.value;
  const errors = parsedFilter.value.errors;
  return (
    <div class="toolbar-area">
      <div class="toolbar" role="toolbar" aria-label={t('toolbarLabel')}>
        <button
          type="button"
          class={`record${state.recording ? ' on' : ''}`}
          data-testid="record"
          aria-pressed={state.recording}
          title={t(state.recording ? 'recordStop' : 'recordStart')}
          aria-label={t(state.recording ? 'recordStop' : 'recordStart')}
          onClick={() => dispatch({ type: 'set-recording', value: !state.recording })}
        />
        <button type="button" data-testid="clear" onClick={() => dispatch({ type: 'clear' })}>
          {t('clear')}
        </button>
        <button
          type="button"
          data-testid="abort-all"
          disabled={summary.value.running === 0}
          onClick={() => void abortAllRunning()}
        >
          {t('actionAbortAll')}
        </button>
        <label class="toolbar-check">
          <input
            type="checkbox"
            data-testid="preserve-log"
            checked={state.preserveLog}
            onChange={(event) => dispatch({ type: 'set-preserve-log', value: event.currentTarget.checked })}
          />
          {t('preserveLog')}
        </label>
        {settingsAvailable.value && (
          <button
            type="button"
            data-testid="settings-toggle"
            aria-expanded={settingsOpen.value}
            onClick={() => {
              settingsOpen.value = !settingsOpen.value;
            }}
          >
            {t('settings')}
          </button>
        )}
        <ConditionsToggle />
        <HarButtons />
        <SummaryText />
      </div>
      <div class="toolbar filter-row">
        <input
          type="search"
          class={`filter${errors.length > 0 ? ' invalid' : ''}`}
          data-testid="filter"
          placeholder={t('filterPlaceholder')}
          aria-label={t('filterLabel')}
          aria-invalid={errors.length > 0}
          title={errors.length > 0 ? t('filterInvalid', errors.join(' ')) : undefined}
          value={filterText.value}
          onInput={(event) => {
            filterText.value = event.currentTarget.value;
          }}
        />
        <Chips
          label="kindChipsLabel"
          testid="kind"
          options={KIND_CHIPS}
          value={kindChip.value}
          onChange={(value) => (kindChip.value = value)}
        />
        <Chips
          label="statusChipsLabel"
          testid="status"
          options={STATUS_CHIPS}
          value={statusChip.value}
          onChange={(value) => (statusChip.value = value)}
        />
      </div>
    </div>
  );
}
