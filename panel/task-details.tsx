import { formatBytes, formatDuration, taskDuration } from './format';
import type { PanelTask } from './reducer';
import { selectedKey } from './store';

function Row({ label, value }: { label: string; value: string | number | undefined }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value === undefined || value === '' ? '—' : String(value)}</td>
    </tr>
  );
}

function HeaderTable({ title, headers }: { title: string; headers?: Record<string, string> }) {
  if (!headers || Object.keys(headers).length === 0) return null;
  return (
    <section>
      <h3>{title}</h3>
      <table class="kv">
        <tbody>
          {Object.entries(headers).map(([name, value]) => (
            <Row key={name} label={name} value={value} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TaskDetails({ task }: { task: PanelTask }) {
  const call = task.call;
  return (
    <aside class="details" data-testid="task-details" aria-label="Task details">
      <div class="details-head">
        <strong>{task.kind === 'upload' ? 'uni.uploadFile' : 'uni.downloadFile'}</strong>
        <button type="button" aria-label="Close details" onClick={() => (selectedKey.value = null)}>
          ×
        </button>
      </div>
      <table class="kv">
        <tbody>
          <Row label="URL" value={task.url} />
          <Row label="Status" value={task.status} />
          <Row label="errMsg" value={task.errMsg} />
          <Row label="HTTP status" value={task.statusCode} />
          <Row label="Bytes" value={`${formatBytes(task.bytes)} of ${formatBytes(task.total)}`} />
          <Row label="Progress events" value={task.progressEvents} />
          <Row label="Duration" value={formatDuration(taskDuration(task))} />
          {task.kind === 'download' && <Row label="tempFilePath" value={task.tempFilePath} />}
          <Row label="Call mode" value={call?.mode} />
          <Row label="Seen by" value={task.probes.join(', ')} />
        </tbody>
      </table>
      {task.body && (
        <section>
          <h3>Body parts</h3>
          <table class="kv">
            <tbody>
              {task.body.map((part, index) => (
                <Row
                  key={`${part.name}-${index}`}
                  label={part.name}
                  value={
                    part.file
                      ? `${part.file.name} (${formatBytes(part.file.size)}, ${part.file.type || 'no type'})`
                      : part.value
                  }
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
      <HeaderTable title="Request headers" headers={task.requestHeaders} />
      <HeaderTable title="Response headers" headers={task.responseHeaders} />
    </aside>
  );
}
