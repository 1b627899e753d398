// The task grid, virtualized: only the rows in view (plus a few) are in the DOM, so 10,000 tasks scroll as
// smoothly as 10. Keyboard as in DevTools' own grids: the grid holds focus and points at the selected row with
// aria-activedescendant; arrows, Page Up/Down, Home/End move, Enter opens the details, Esc closes them.

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { abortTask } from './actions';
import { COLUMN_LABELS, openColumnMenu } from './column-menu';
import { type ColumnId, columnPrefs, gridTemplate, type Layout, setColumnWidth, shownColumns } from './columns';
import { openMenuFor } from './context-menu';
import { type MessageKey, t } from './i18n';
import type { PanelTask } from './reducer';
import { allTasks, now, panelState, type SortColumn, selectedKey, sortBy, timeScale, visibleTasks } from './store';
import { ROW_HEIGHT, rowId, TaskRow } from './task-row';

const OVERSCAN = 8;

function select(key: string | null): void {
  selectedKey.value = key;
}

/** Drags a header's right edge: the column's width follows the pointer, and is kept when it is let go. */
function startResize(event: PointerEvent, id: ColumnId): void {
  event.preventDefault();
  event.stopPropagation();
  const cell = (event.currentTarget as HTMLElement).parentElement;
  if (!cell) return;
  const startX = event.clientX;
  const startWidth = cell.getBoundingClientRect().width;
  const handle = event.currentTarget as HTMLElement;
  handle.setPointerCapture?.(event.pointerId);
  const onMove = (move: PointerEvent) => setColumnWidth(id, startWidth + move.clientX - startX);
  const onUp = () => {
    handle.removeEventListener('pointermove', onMove);
    handle.removeEventListener('pointerup', onUp);
    handle.removeEventListener('pointercancel', onUp);
  };
  handle.addEventListener('pointermove', onMove);
  handle.addEventListener('pointerup', onUp);
  handle.addEventListener('pointercancel', onUp);
}

function HeaderRow({ columns, layout }: { columns: ColumnId[]; layout: Layout }) {
  const sort = sortBy.value;
  return (
    <div
      role="row"
      class="task-head"
      aria-rowindex={1}
      data-testid="task-head"
      onContextMenu={(event) => {
        event.preventDefault();
        openColumnMenu(event.clientX, event.clientY, layout);
      }}
    >
      {columns.map((column) => {
        const sortColumn: SortColumn = column === 'waterfall' ? 'start' : column;
        const active = sort.column === sortColumn && column !== 'waterfall';
        return (
          <span
            role="columnheader"
            key={column}
            class={`col-${column}`}
            data-column={column}
            aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
          >
            <button
              type="button"
              data-testid={`sort-${column}`}
              onClick={() => {
                sortBy.value = {
                  column: sortColumn,
                  descending: sort.column === sortColumn ? !sort.descending : false,
                };
              }}
            >
              {t(COLUMN_LABELS[column])}
              {active && <span aria-hidden="true">{sort.descending ? ' ▼' : ' ▲'}</span>}
            </button>
            <span
              class="col-resize"
              role="separator"
              aria-orientation="vertical"
              data-testid={`column-resize-${column}`}
              onPointerDown={(event) => startResize(event, column)}
            />
          </span>
        );
      })}
    </div>
  );
}

function EmptyMessage() {
  const state = panelState.value;
  const key: MessageKey = !state.recording ? 'emptyPaused' : allTasks.value.length > 0 ? 'emptyFiltered' : 'emptyList';
  return (
    <div class="empty" data-testid="empty">
      {t(key)}
    </div>
  );
}

export function TaskTable() {
  const tasks = visibleTasks.value;
  const selected = selectedKey.value;
  const clock = now.value;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setHeight(element.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selected === null ? -1 : tasks.findIndex((task) => task.key === selected);
  const scrollToIndex = (index: number) => {
    const element = scroller.current;
    if (!element || index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) {
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    }
  };
  useEffect(() => scrollToIndex(selectedIndex), [selected]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(tasks.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const bounds = timeScale.value;

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let next: number | null = null;
    if (event.key in moves)
      next = Math.max(
        0,
        Math.min(tasks.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + (moves[event.key] as number)),
      );
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tasks.length - 1;
    else if (event.key === 'Escape') select(null);
    else if (event.key === 'Delete' && selectedIndex >= 0) void abortTask(tasks[selectedIndex] as PanelTask);
    else if ((event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) && selectedIndex >= 0) {
      const row = document.getElementById(rowId(selected as string))?.getBoundingClientRect();
      openMenuFor(tasks[selectedIndex] as PanelTask, row?.left ?? 0, row?.bottom ?? 0);
    } else if (event.key === 'Enter' && selected !== null) {
      (
        document.querySelector('[data-testid="task-details"] [role="tab"][aria-selected="true"]') as HTMLElement | null
      )?.focus();
    } else return;
    event.preventDefault();
    const target = next === null ? undefined : tasks[next];
    if (next !== null && target) {
      select(target.key);
      scrollToIndex(next);
    }
  };

  const rows: preact.JSX.Element[] = [];
  for (let index = first; index < last; index += 1) {
    const task = tasks[index] as PanelTask;
    rows.push(
      <TaskRow
        key={task.key}
        task={task}
        index={index}
        selected={task.key === selected}
        scale={bounds}
        now={clock}
        onSelect={select}
      />,
    );
  }

  const layout: Layout = selected === null ? 'wide' : 'beside-details';
  const prefs = columnPrefs.value;
  const columns = shownColumns(prefs, layout);
  return (
    <div
      class={`task-table ${prefs.hidden[layout].map((id) => `hide-${id}`).join(' ')}`}
      style={{ '--task-grid': gridTemplate(prefs, layout) }}
      role="grid"
      aria-label={t('gridLabel')}
      aria-rowcount={tasks.length + 1}
      aria-colcount={columns.length}
      data-layout={layout}
      tabIndex={0}
      aria-activedescendant={selectedIndex >= first && selectedIndex < last && selected ? rowId(selected) : undefined}
      onKeyDown={onKeyDown}
    >
      <HeaderRow columns={columns} layout={layout} />
      <div
        class="task-scroll"
        ref={scroller}
        data-testid="task-scroll"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div class="task-rows" role="rowgroup" style={{ height: `${tasks.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
        {tasks.length === 0 && <EmptyMessage />}
      </div>
    </div>
  );
}
