// Request tab: what went out — method and URL, headers as sent, the multipart body parts, and a preview of an
// uploaded image (fetched from the page only while this tab is shown).

import type { BodyTransfer } from '../../shared/protocol';
import { formatBytes } from '../format';
import { t } from '../i18n';
import type { PanelTask } from '../reducer';
import { shown } from '../reveal';
import { imageDataUrl, useBodies } from './bodies';
import { BodyStatus } from './body-status';
import { HeaderTable, NameValueTable, Note } from './kv';

function BodyParts({ task }: { task: PanelTask }) {
  const rows = (task.body ?? []).map((part): [string, string] => [
    part.name,
    part.file
      ? t('detailsFilePart', part.file.name, formatBytes(part.file.size), part.file.type || t('detailsNoType'))
      : (part.value ?? ''),
  ]);
  return <NameValueTable title={t('detailsBodyParts')} rows={rows} testId="details-body-parts" />;
}

function FilePreview({ body }: { body: BodyTransfer }) {
  const image = imageDataUrl(body);
  const name = body.name ? shown(body.name) : t('detailsUnnamed');
  const caption = t('detailsFilePart', name, formatBytes(body.size), shown(body.mime) || t('detailsNoType'));
  return (
    <figure class="dt-figure">
      {image ? (
        <img class="dt-preview-image" src={image} alt={t('detailsImageAlt', name)} />
      ) : body.dataUrl === undefined ? (
        <Note>{t('detailsBodyTooLarge')}</Note>
      ) : null}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export function RequestTab({ task, active }: { task: PanelTask; active: boolean }) {
  const bodies = useBodies(task, active && task.kind === 'upload');
  return (
    <div class="dt-request">
      <section class="dt-section">
        <h3>{t('detailsRequestLine')}</h3>
        <p class="dt-request-line" data-testid="details-request-line">
          <strong>{shown(task.method ?? (task.kind === 'upload' ? 'POST' : 'GET'))}</strong>{' '}
          <span class="page-text">{shown(task.url)}</span>
        </p>
      </section>
      <HeaderTable title={t('detailsRequestHeaders')} headers={task.requestHeaders} testId="details-request-headers" />
      {task.kind === 'upload' && <BodyParts task={task} />}
      {task.kind === 'upload' && (
        <section class="dt-section" data-testid="details-request-files">
          <h3>{t('detailsUploadedFiles')}</h3>
          <BodyStatus state={bodies} />
          {bodies.state === 'done' &&
            (bodies.bodies.length === 0 ? (
              <Note>{t('detailsNone')}</Note>
            ) : (
              bodies.bodies.map((body, index) => <FilePreview key={`${index}-${body.name}`} body={body} />)
            ))}
        </section>
      )}
    </div>
  );
}
