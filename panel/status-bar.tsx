import { t } from './i18n';
import { panelState } from './store';

function describeRuntime(): string {
  const { runtime, connected } = panelState.value;
  if (!connected) return t('waitingForPage');
  if (!runtime) return t('connected');
  if (!runtime.uniApp) return t('noUniApp');
  // Only what is known: a page whose app has not mounted yet has no Vue version (agent/runtime.ts).
  const kind = t(
    runtime.vue === 2
      ? 'runtimeVue2'
      : runtime.vue === undefined
        ? 'runtimeUnknownVue'
        : runtime.dev
          ? 'runtimeVue3Dev'
          : 'runtimeVue3Prod',
  );
  return t(runtime.globalUni === 'full' ? 'captureFull' : 'captureXhr', kind);
}

export function StatusBar() {
  const { rejected, diagnostics, runtime, connected } = panelState.value;
  return (
    <div
      class="status-bar"
      data-testid="status-line"
      data-uni-app={connected && runtime ? String(runtime.uniApp) : undefined}
      role="status"
    >
      <span>{describeRuntime()}</span>
      {rejected > 0 && (
        <span data-testid="rejected-count" data-count={rejected}>
          {' · '}
          {t('rejectedCount', rejected)}
        </span>
      )}
      {diagnostics.length > 0 && (
        <span data-testid="diagnostics" title={diagnostics.map((d) => `${d.where}: ${d.message}`).join('\n')}>
          {' · '}
          {t('diagnosticsCount', diagnostics.length)}
        </span>
      )}
    </div>
  );
}
