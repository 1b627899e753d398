// Small building blocks shared by the tabs: name/value tables and notes. Values are page data: text only, with
// hidden characters shown (panel/reveal.ts).

import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { shown } from '../reveal';

export function Row({ label, children }: { label: string; children: ComponentChildren }) {
  const empty = children === undefined || children === null || children === '' || children === false;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{empty ? '—' : typeof children === 'string' ? shown(children) : children}</td>
    </tr>
  );
}

export function KvTable({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <table class="dt-kv" aria-label={label}>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Name/value pairs (headers, body parts; names may repeat) as a two-column table; a note when there are none. */
export function NameValueTable({ title, rows, testId }: { title: string; rows: [string, string][]; testId: string }) {
  return (
    <section class="dt-section" data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p class="dt-note">{t('detailsNone')}</p>
      ) : (
        <table class="dt-grid" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{t('detailsColName')}</th>
              <th scope="col">{t('detailsColValue')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value], index) => (
              // Keyed by position: names may repeat, and the rows never reorder.
              <tr key={index}>
                <th scope="row">{shown(name)}</th>
                <td>{shown(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Headers (or form fields) as a name/value table. */
export function HeaderTable(props: { title: string; headers: Record<string, string> | undefined; testId: string }) {
  const rows = Object.entries(props.headers ?? {}).map(([name, value]): [string, string] => [name, String(value)]);
  return <NameValueTable title={props.title} rows={rows} testId={props.testId} />;
}

export function Note({ children, testId, state }: { children: ComponentChildren; testId?: string; state?: string }) {
  return (
    <p class="dt-note" data-testid={testId} data-state={state}>
      {children}
    </p>
  );
}
