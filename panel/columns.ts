// The grid's columns as the user set them (issue 17), as in the Network panel: right-click the header to show or
// hide a column, drag a header's right edge to resize it. Two layouts, each with its own shown columns: the full
// width, and beside the details (where Kind, Time, Speed and Start are hidden by default, no longer for good). Widths
// are shared. Kept in the panel page's localStorage (per extension, or per dev server for the viewer): a layout
// preference, like DevTools' own, not page data.

import { signal } from '@preact/signals';

export const COLUMN_IDS = ['name', 'kind', 'status', 'code', 'size', 'time', 'speed', 'start', 'waterfall'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];
export type Layout = 'wide' | 'beside-details';

/** Name identifies a row: it cannot be hidden (as in the Network panel). */
export const ALWAYS_SHOWN: ColumnId = 'name';
const HIDDEN_BESIDE_DETAILS: ColumnId[] = ['kind', 'time', 'speed', 'start'];

/** Each column's track when the user has not sized it: full width, and beside the details. */
const DEFAULT_TRACKS: Record<ColumnId, [string, string]> = {
  name: ['minmax(110px, 2.4fr)', 'minmax(90px, 2fr)'],
  kind: ['58px', '58px'],
  status: ['minmax(80px, 1.6fr)', 'minmax(70px, 1.2fr)'],
  code: ['52px', '52px'],
  size: ['minmax(80px, 1fr)', 'minmax(70px, 1fr)'],
  time: ['64px', '64px'],
  speed: ['76px', '76px'],
  start: ['92px', '92px'],
  waterfall: ['minmax(120px, 2.4fr)', 'minmax(60px, 1.2fr)'],
};

export const MIN_WIDTH = 40;
const MAX_WIDTH = 2000;
const STORAGE_KEY = 'uni-transfer-devtools:columns';

export interface ColumnPrefs {
  hidden: Record<Layout, ColumnId[]>;
  widths: Partial<Record<ColumnId, number>>;
}

const defaults = (): ColumnPrefs => ({
  hidden: { wide: [], 'beside-details': [...HIDDEN_BESIDE_DETAILS] },
  widths: {},
});

const isColumn = (value: unknown): value is ColumnId => COLUMN_IDS.includes(value as ColumnId);

/** What was stored, read defensively (another version of the panel, or a hand-edited value, may have written it). */
export function readPrefs(text: string | null): ColumnPrefs {
  const prefs = defaults();
  try {
    const raw = JSON.parse(text ?? 'null') as Partial<ColumnPrefs> | null;
    for (const layout of ['wide', 'beside-details'] as const) {
      const hidden = raw?.hidden?.[layout];
      if (Array.isArray(hidden)) prefs.hidden[layout] = hidden.filter((id) => isColumn(id) && id !== ALWAYS_SHOWN);
    }
    for (const [id, width] of Object.entries(raw?.widths ?? {})) {
      if (isColumn(id) && typeof width === 'number' && width >= MIN_WIDTH && width <= MAX_WIDTH)
        prefs.widths[id] = width;
    }
  } catch {
    // Unreadable: the defaults.
  }
  return prefs;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // a sandboxed or storage-less page
  }
}

export const columnPrefs = signal<ColumnPrefs>(readPrefs(storage()?.getItem(STORAGE_KEY) ?? null));

function save(prefs: ColumnPrefs): void {
  columnPrefs.value = prefs;
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Full or refused: the choice still holds until the panel closes.
  }
}

export function shownColumns(prefs: ColumnPrefs, layout: Layout): ColumnId[] {
  return COLUMN_IDS.filter((id) => !prefs.hidden[layout].includes(id));
}

export function toggleColumn(layout: Layout, id: ColumnId): void {
  if (id === ALWAYS_SHOWN) return;
  const prefs = columnPrefs.value;
  const hidden = prefs.hidden[layout].includes(id)
    ? prefs.hidden[layout].filter((other) => other !== id)
    : [...prefs.hidden[layout], id];
  save({ ...prefs, hidden: { ...prefs.hidden, [layout]: hidden } });
}

export function setColumnWidth(id: ColumnId, width: number): void {
  const prefs = columnPrefs.value;
  const clamped = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
  save({ ...prefs, widths: { ...prefs.widths, [id]: clamped } });
}

/** The grid's `grid-template-columns` for the shown columns: a width the user dragged, else the default track. */
export function gridTemplate(prefs: ColumnPrefs, layout: Layout): string {
  return shownColumns(prefs, layout)
    .map((id) => {
      const width = prefs.widths[id];
      return width === undefined ? DEFAULT_TRACKS[id][layout === 'wide' ? 0 : 1] : `${width}px`;
    })
    .join(' ');
}
