// Small building blocks shared by the tabs: name/value tables and notes. Values are page data: text only.

import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

export function Row({ label, children }: { label: string; children: ComponentChildren }) {
  const empty = children === undefined || children === null || children === '' || children === false;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{empty ? '—' : children}</td>
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

/** Headers (or form fields) as a two-column table with column headers; a note when there are none. */
export function HeaderTable({
  title,
  headers,
  testId,
}: {
  title: string;
  headers: Record<string, string> | undefined;
  testId: string;
}) {
  const entries = headers ? Object.entries(headers) : [];
  return (
    <section class="dt-section" data-testid={testId}>
      <h3>{title}</h3>
      {entries.length === 0 ? (
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
            {entries.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{String(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Note({ children, testId, state }: { children: ComponentChildren; testId?: string; state?: string }) {
  return (
    <p class="dt-note" data-testid={testId} data-state={state}>
      {children}
    </p>
  );
}
