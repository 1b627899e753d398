import { ContextMenu } from './context-menu';
import './copy-menu';
import { TaskDetails } from './details';
import { EditResendDialog } from './edit-resend';
import { lang } from './i18n';
import { NoticeBar } from './notice-bar';
import './actions.css';
import { Overview } from './overview';
import { SettingsBar } from './settings';
import { StatusBar } from './status-bar';
import { panelState, selectedTask } from './store';
import { TaskTable } from './task-table';
import { Toolbar } from './toolbar';

export function App() {
  const state = panelState.value;
  const selected = selectedTask.value;
  return (
    <div
      class="panel"
      data-testid="panel"
      data-connected={String(state.connected)}
      lang={lang.value === 'zh_CN' ? 'zh-CN' : 'en'}
    >
      <Toolbar />
      <SettingsBar />
      <NoticeBar />
      <Overview />
      <div class={`panel-main${selected ? ' with-details' : ''}`}>
        <TaskTable />
        {selected && <TaskDetails task={selected} />}
      </div>
      <StatusBar />
      <ContextMenu />
      <EditResendDialog />
    </div>
  );
}
