import { panelState } from './store';

function describeRuntime(): string {
  const { runtime, connected } = panelState.value;
  if (!connected) return 'Waiting for the inspected page…';
  if (!runtime) return 'Connected';
  if (!runtime.uniApp) {
    return 'No uni-app detected on this page: uni.uploadFile and uni.downloadFile tasks will appear here when a uni-app H5 page starts them.';
  }
  const kind =
    runtime.vue === 2 ? 'uni-app Vue 2' : `uni-app Vue 3, ${runtime.dev ? 'dev server' : 'production build'}`;
  if (runtime.globalUni === 'full') return `${kind}: captured through the global uni and at the XHR level`;
  return `${kind}: no global uni (tree-shaken), captured at the XHR level`;
}

export function StatusBar() {
  const { rejected, diagnostics } = panelState.value;
  return (
    <div class="status-bar" data-testid="status-line" role="status">
      <span>{describeRuntime()}</span>
      {rejected > 0 && <span data-testid="rejected-count"> · {rejected} malformed messages rejected</span>}
      {diagnostics.length > 0 && (
        <span data-testid="diagnostics" title={diagnostics.map((d) => `${d.where}: ${d.message}`).join('\n')}>
          {' '}
          · {diagnostics.length} agent diagnostics
        </span>
      )}
    </div>
  );
}
