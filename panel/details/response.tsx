// Response tab: status, headers and the data. Uploads: the response text the agent kept (a JSON tree when it
// parses). Downloads: the blob fetched from the page while this tab is shown — images as <img> (data:image/
// only), text and JSON decoded (first 256 kB), anything else by size and type; "Save" writes the file.

import { useMemo } from 'preact/hooks';
import { HIDDEN_CHARS } from '../../shared/hidden-chars';
import type { BodyTransfer } from '../../shared/protocol';
import { isFinal } from '../../shared/task-model';
import { formatBytes, taskName } from '../format';
import { t } from '../i18n';
import type { PanelTask } from '../reducer';
import { shown } from '../reveal';
import { imageDataUrl, useBodies } from './bodies';
import { BodyStatus } from './body-status';
import { dataUrlToBlob, decodeDataUrlText, isTextMime, parseJsonTree } from './data-url';
import { JsonTree } from './json-tree';
import { HeaderTable, KvTable, Note, Row } from './kv';

function TextPreview({ text, truncated }: { text: string; truncated: boolean }) {
  const tree = useMemo(() => (truncated ? undefined : parseJsonTree(text)), [text, truncated]);
  return (
    <div data-testid="details-response-text">
      {tree ? (
        <JsonTree value={tree.value} label={t('detailsResponseData')} />
      ) : (
        <pre class="dt-code">{shown(text, true)}</pre>
      )}
      {truncated && <Note>{t('detailsTruncated')}</Note>}
    </div>
  );
}

/**
 * The name a saved body gets. The page chose it: no hidden characters (a name that reads backwards), no path
 * separators, no leading dots (a dot file), whatever the browser's own cleaning does.
 */
export function saveName(name: string): string {
  return (
    name
      .replace(HIDDEN_CHARS, '')
      .replace(/[/\\:]/g, '_')
      .replace(/^[.\s]+/, '') || 'download'
  );
}

/** Saves a data: URL as a file through a blob: URL this panel created (revoked right after). */
export function saveBody(body: BodyTransfer, fallbackName: string): boolean {
  if (!body.dataUrl) return false;
  const blob = dataUrlToBlob(body.dataUrl, body.mime);
  if (!blob) return false;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = saveName(body.name || fallbackName);
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return true;
}

function DownloadPreview({ task, body }: { task: PanelTask; body: BodyTransfer }) {
  const image = imageDataUrl(body);
  const text = useMemo(
    () => (!image && body.dataUrl && isTextMime(body.mime) ? decodeDataUrlText(body.dataUrl) : null),
    [body, image],
  );
  const name = body.name || taskName(task);
  const shownName = shown(name);
  return (
    <div class="dt-download" data-testid="details-download-body">
      <p class="dt-download-meta">
        {t('detailsFilePart', shownName, formatBytes(body.size), shown(body.mime) || t('detailsNoType'))}{' '}
        {body.dataUrl && (
          <button type="button" data-testid="details-save" onClick={() => saveBody(body, name)}>
            {t('detailsSave')}
          </button>
        )}
      </p>
      {image && <img class="dt-preview-image" src={image} alt={t('detailsImageAlt', shownName)} />}
      {text && <TextPreview text={text.text} truncated={text.truncated} />}
      {!body.dataUrl && <Note>{t('detailsBodyTooLarge')}</Note>}
      {body.dataUrl && !image && !text && <Note>{t('detailsNoPreview')}</Note>}
    </div>
  );
}

function DownloadData({ task, active }: { task: PanelTask; active: boolean }) {
  const bodies = useBodies(task, active);
  if (!isFinal(task.status)) return <BodyStatus state={bodies} waiting />;
  if (bodies.state !== 'done') return <BodyStatus state={bodies} />;
  const body = bodies.bodies[0];
  return body ? <DownloadPreview task={task} body={body} /> : <Note>{t('detailsNone')}</Note>;
}

export function ResponseTab({ task, active }: { task: PanelTask; active: boolean }) {
  return (
    <div class="dt-response">
      <KvTable label={t('detailsTabResponse')}>
        <Row label={t('detailsHttpStatus')}>{task.statusCode}</Row>
        <Row label={t('detailsResponseSize')}>
          {task.responseSize === undefined ? undefined : formatBytes(task.responseSize)}
        </Row>
      </KvTable>
      <HeaderTable
        title={t('detailsResponseHeaders')}
        headers={task.responseHeaders}
        testId="details-response-headers"
      />
      <section class="dt-section">
        <h3>{t('detailsResponseData')}</h3>
        {task.kind === 'upload' ? (
          task.responsePreview === undefined ? (
            <Note>{t('detailsNoResponse')}</Note>
          ) : (
            <TextPreview text={task.responsePreview} truncated={false} />
          )
        ) : (
          <DownloadData task={task} active={active} />
        )}
      </section>
    </div>
  );
}
