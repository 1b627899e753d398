// The grid header's menu (right-click a column header, as in the Network panel): each column with a check mark,
// a click shows or hides it in the current layout (panel/columns.ts). A WAI-ARIA menu: arrows move, Enter or a
// click toggles, Escape or a click elsewhere closes.

import { signal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { ALWAYS_SHOWN, COLUMN_IDS, columnPrefs, type Layout, shownColumns, toggleColumn } from './columns';
import { menuKeys } from './context-menu';
import { type MessageKey, t } from './i18n';

export const COLUMN_LABELS: Record<(typeof COLUMN_IDS)[number], MessageKey> = {
  name: 'colName',
  kind: 'colKind',
  status: 'colStatus',
  code: 'colCode',
  size: 'colSize',
  time: 'colTime',
  speed: 'colSpeed',
  start: 'colStart',
  waterfall: 'colWaterfall',
};

const columnMenu = signal<{ x: number; y: number; layout: Layout } | null>(null);

export function openColumnMenu(x: number, y: number, layout: Layout): void {
  columnMenu.value = { x, y, layout };
  // Attached as the menu opens (not in an effect, which runs a frame later: a fast click would be lost).
  document.addEventListener('pointerdown', closeOnPointerOutside, true);
}

function close(): void {
  columnMenu.value = null;
  document.removeEventListener('pointerdown', closeOnPointerOutside, true);
}

function closeOnPointerOutside(event: Event): void {
  if ((event.target as Element | null)?.closest?.('[data-testid="column-menu"]')) return;
  close();
}

export function ColumnMenu() {
  const current = columnMenu.value;
  const list = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    list.current?.querySelector<HTMLElement>('[role="menuitemcheckbox"]:not([aria-disabled="true"])')?.focus();
  }, [current]);
  if (!current) return null;
  const shown = shownColumns(columnPrefs.value, current.layout);
  const move = (event: KeyboardEvent) => menuKeys(event, list.current, '[role="menuitemcheckbox"]', close);
  return (
    <div
      class="context-menu"
      role="menu"
      ref={list}
      aria-label={t('columnMenuLabel')}
      data-testid="column-menu"
      data-layout={current.layout}
      style={{
        left: `${Math.min(current.x, window.innerWidth - 180)}px`,
        top: `${Math.min(current.y, window.innerHeight - 240)}px`,
      }}
      onKeyDown={move}
    >
      {COLUMN_IDS.map((id) => {
        const fixed = id === ALWAYS_SHOWN;
        const checked = shown.includes(id);
        return (
          <button
            type="button"
            role="menuitemcheckbox"
            key={id}
            tabIndex={-1}
            data-testid={`column-toggle-${id}`}
            aria-checked={checked}
            aria-disabled={fixed}
            onClick={() => {
              if (!fixed) toggleColumn(current.layout, id);
            }}
          >
            <span class="menu-check" aria-hidden="true">
              {checked ? '✓' : ''}
            </span>
            {t(COLUMN_LABELS[id])}
          </button>
        );
      })}
    </div>
  );
}
