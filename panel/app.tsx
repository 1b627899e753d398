import { SettingsBar } from './settings';
import { StatusBar } from './status-bar';
import { panelState, selectedTask } from './store';
import { TaskDetails } from './task-details';
import { TaskTable } from './task-table';
import { Toolbar } from './toolbar';

export function App() {
  const state = panelState.value;
  const selected = selectedTask.value;
  return (
    <div class="panel" data-testid="panel" data-connected={String(state.connected)}>
      <Toolbar />
      <SettingsBar />
      <div class="panel-main">
        <TaskTable />
        {selected && <TaskDetails task={selected} />}
      </div>
      <StatusBar />
    </div>
  );
}
