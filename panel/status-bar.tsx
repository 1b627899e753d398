import { panelState } from './store';

function describeRuntime(): string {
  const { runtime, connected } = panelState.value;
  if (!connected) return 'Waiting for the inspected page…';
  if (!runtime) return 'Connected';
  if (!runtime.uniApp) return 'No uni-app detected yet: uni transfers will appear here when the page starts one.';
  if (runtime.globalUni === 'full') return 'uni-app detected: captured through the global uni and at the XHR level';
  return 'uni-app detected, no global uni (production build): captured at the XHR level';
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
