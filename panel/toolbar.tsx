import { settingsOpen } from './settings';
import { dispatch, filterText, panelState, visibleTasks } from './store';

export function Toolbar() {
  const state = panelState.value;
  const count = visibleTasks.value.length;
  return (
    <div class="toolbar" role="toolbar" aria-label="Transfers toolbar">
      <button type="button" data-testid="clear" title="Clear" onClick={() => dispatch({ type: 'clear' })}>
        Clear
      </button>
      <label class="toolbar-check">
        <input
          type="checkbox"
          data-testid="preserve-log"
          checked={state.preserveLog}
          onChange={(event) => dispatch({ type: 'set-preserve-log', value: event.currentTarget.checked })}
        />
        Preserve log
      </label>
      <input
        type="search"
        class="filter"
        data-testid="filter"
        placeholder="Filter URL"
        aria-label="Filter tasks by URL"
        value={filterText.value}
        onInput={(event) => {
          filterText.value = event.currentTarget.value;
        }}
      />
      <button
        type="button"
        data-testid="settings-toggle"
        aria-expanded={settingsOpen.value}
        onClick={() => {
          settingsOpen.value = !settingsOpen.value;
        }}
      >
        Settings
      </button>
      <span class="task-count" data-testid="task-count" data-count={count}>
        {count} {count === 1 ? 'task' : 'tasks'}
        {state.dropped > 0 && ` · ${state.dropped} older tasks dropped`}
      </span>
    </div>
  );
}
