// The row context menu (right-click, the Menu key or Shift+F10 on the grid): the task's actions, a network
// condition for its URL, and copies.
// A WAI-ARIA menu: arrow keys move, Enter or a click acts, Escape or a click elsewhere closes.

import { signal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { abortTask, canAbort, canReplay, editing, replayTask } from './actions';
import { addRuleFor, conditionsAvailable } from './conditions-store';
import { type MessageKey, t } from './i18n';
import type { PanelTask } from './reducer';

export const contextMenu = signal<{ task: PanelTask; x: number; y: number } | null>(null);

export interface MenuItem {
  id: string;
  label: MessageKey;
  enabled: (task: PanelTask) => boolean;
  act: (task: PanelTask) => unknown;
  /** Whether the item is offered at all (default yes). */
  shown?: () => boolean;
}

const ACTIONS: MenuItem[] = [
  { id: 'abort', label: 'actionAbort', enabled: canAbort, act: abortTask },
  { id: 'replay', label: 'actionReplay', enabled: canReplay, act: (task) => replayTask(task) },
  {
    id: 'edit',
    label: 'actionEditResend',
    enabled: canReplay,
    act: (task) => {
      editing.value = { task, needFile: false };
    },
  },
  // Opens the Conditions editor with a new rule for this URL and kind (panel/conditions-store.ts).
  {
    id: 'add-condition',
    label: 'menuAddCondition',
    enabled: () => true,
    act: (task) => addRuleFor(task.url, task.kind),
    shown: () => conditionsAvailable.value,
  },
];

/** More items (the copies, panel/copy-menu.ts) join the actions after a separator. */
export const menuItems: MenuItem[][] = [ACTIONS];

export function openMenuFor(task: PanelTask, x: number, y: number): void {
  contextMenu.value = { task, x, y };
  // Attached here, as the menu opens, not in the component's effect: Preact runs effects after the next frame, so a
  // click that came right after the menu opened (a fast user, a script) was lost and the menu stayed open.
  document.addEventListener('pointerdown', closeOnPointerOutside, true);
}

function closeOnPointerOutside(event: Event): void {
  const inside = (event.target as Element | null)?.closest?.('[data-testid="context-menu"]');
  if (inside && contextMenu.value) return;
  contextMenu.value = null;
  document.removeEventListener('pointerdown', closeOnPointerOutside, true);
}

/**
 * A menu's keys (WAI-ARIA): arrows move between `items`, Escape or Tab close it (`close`) and give the grid its
 * focus back. Shared by the row menu and the column menu (column-menu.tsx).
 */
export function menuKeys(event: KeyboardEvent, list: HTMLElement | null, items: string, close: () => void): void {
  const all = [...(list?.querySelectorAll<HTMLElement>(items) ?? [])];
  const index = all.indexOf(document.activeElement as HTMLElement);
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    all[(index + step + all.length) % all.length]?.focus();
  } else if (event.key === 'Escape' || event.key === 'Tab') {
    event.preventDefault();
    close();
    (document.querySelector('[role="grid"]') as HTMLElement | null)?.focus();
  }
}

export function ContextMenu() {
  const current = contextMenu.value;
  const list = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    list.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [current]);
  if (!current) return null;
  const { task } = current;
  const groups = menuItems.map((group) => group.filter((item) => item.shown?.() ?? true));
  const move = (event: KeyboardEvent) =>
    menuKeys(event, list.current, '[role="menuitem"]', () => {
      contextMenu.value = null;
    });
  return (
    <div
      class="context-menu"
      role="menu"
      ref={list}
      aria-label={t('actionMenuLabel')}
      data-testid="context-menu"
      style={{
        left: `${Math.min(current.x, window.innerWidth - 220)}px`,
        top: `${Math.min(current.y, window.innerHeight - 270)}px`,
      }}
      onKeyDown={move}
    >
      {groups.map((group, groupIndex) =>
        group.map((item, index) => {
          const enabled = item.enabled(task);
          return (
            <button
              type="button"
              role="menuitem"
              key={item.id}
              tabIndex={-1}
              class={groupIndex > 0 && index === 0 ? 'separated' : undefined}
              data-testid={`menu-${item.id}`}
              aria-disabled={!enabled}
              onClick={() => {
                if (!enabled) return;
                contextMenu.value = null;
                void item.act(task);
              }}
            >
              {t(item.label)}
            </button>
          );
        }),
      )}
    </div>
  );
}
