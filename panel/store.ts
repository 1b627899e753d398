// Signals that the components read; every change goes through the pure reducer.

import { computed, signal } from '@preact/signals';
import { initialState, matchesFilter, orderedTasks, type PanelInput, reduce } from './reducer';

export const panelState = signal(initialState());
export const filterText = signal('');
export const selectedKey = signal<string | null>(null);

export const allTasks = computed(() => orderedTasks(panelState.value));
export const visibleTasks = computed(() => allTasks.value.filter((task) => matchesFilter(task, filterText.value)));
export const selectedTask = computed(() =>
  selectedKey.value === null ? undefined : panelState.value.tasks.get(selectedKey.value),
);

let resyncHandler: () => void = () => {};

export function onResync(handler: () => void): void {
  resyncHandler = handler;
}

export function dispatch(input: PanelInput): void {
  const { state, resync } = reduce(panelState.value, input);
  panelState.value = state;
  if (resync) resyncHandler();
}
