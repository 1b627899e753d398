// A JSON value as a collapsible tree of text (<details>/<summary>): objects and arrays fold, leaves are
// JSON-formatted text. Page data is never interpreted as markup.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { shown } from '../reveal';

const MAX_CHILDREN = 500;
const OPEN_DEPTH = 2;
const MAX_DEPTH = 40;

function leafText(value: unknown): string {
  if (typeof value === 'string') return shown(JSON.stringify(value));
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return String(value);
}

function leafClass(value: unknown): string {
  if (typeof value === 'string') return 'dt-json-string';
  if (typeof value === 'number') return 'dt-json-number';
  return 'dt-json-literal';
}

function Node({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const label = name === undefined ? null : <span class="dt-json-key">{shown(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div class="dt-json-leaf">
        {label}
        <span class={leafClass(value)}>{leafText(value)}</span>
      </div>
    );
  }
  if (depth >= MAX_DEPTH) {
    return (
      <div class="dt-json-leaf">
        {label}
        <span class="dt-json-literal">{Array.isArray(value) ? '[…]' : '{…}'}</span>
      </div>
    );
  }
  return <Branch label={label} value={value} depth={depth} />;
}

function Branch({ label, value, depth }: { label: ComponentChildren; value: object; depth: number }) {
  // Children are built only while open: a large response costs nothing until unfolded.
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray
    ? (value as unknown[]).map((item, index) => [String(index), item])
    : Object.entries(value as Record<string, unknown>);
  const summary = isArray ? `Array(${entries.length})` : `{…} ${t('detailsJsonKeys', entries.length)}`;
  const shown = open ? entries.slice(0, MAX_CHILDREN) : [];
  return (
    <details
      class="dt-json-node"
      open={open}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        {label}
        <span class="dt-json-summary">{summary}</span>
      </summary>
      {open && (
        <div class="dt-json-children">
          {shown.map(([key, child]) => (
            <Node key={key} name={key} value={child} depth={depth + 1} />
          ))}
          {entries.length > shown.length && (
            <div class="dt-note">{t('detailsJsonMore', entries.length - shown.length)}</div>
          )}
        </div>
      )}
    </details>
  );
}

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <div class="dt-json" role="group" aria-label={label} data-testid="details-json-tree">
      <Node value={value} depth={0} />
    </div>
  );
}
