import { ColumnMenu } from './column-menu';
import { ConditionsEditor } from './conditions-editor';
import { ContextMenu } from './context-menu';
import './copy-menu';
import { TaskDetails } from './details';
import { EditResendDialog } from './edit-resend';
import { lang } from './i18n';
import { NoticeBar } from './notice-bar';
import './actions.css';
import { Overview } from './overview';
import { RenderGuard } from './render-guard';
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
      <RenderGuard area="toolbar" state={state}>
        <Toolbar />
      </RenderGuard>
      <SettingsBar />
      <ConditionsEditor />
      <NoticeBar />
      <RenderGuard area="overview" state={state}>
        <Overview />
      </RenderGuard>
      <div class={`panel-main${selected ? ' with-details' : ''}`}>
        <RenderGuard area="list" state={state}>
          <TaskTable />
        </RenderGuard>
        {selected && (
          <RenderGuard area="details" state={state}>
            <TaskDetails task={selected} />
          </RenderGuard>
        )}
      </div>
      <RenderGuard area="status" state={state}>
        <StatusBar />
      </RenderGuard>
      <ContextMenu />
      <ColumnMenu />
      <EditResendDialog />
    </div>
  );
}
