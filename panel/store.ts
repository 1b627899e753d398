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

/**
 * Counters for automation and benchmarks (bench/agent.ts): events applied, and the latency from each event's
 * time in the page (performance.timeOrigin + now there) to its arrival in this store.
 */
export const panelStats = { envelopes: 0, events: 0, latencies: [] as number[] };
Object.assign(globalThis, { __uniTransferPanelStats: panelStats });
const MAX_LATENCY_SAMPLES = 100_000;

function countArrival(input: PanelInput): void {
  if (input.type !== 'agent' || input.envelope.type !== 'events') return;
  const events = input.envelope.payload.events;
  if (!Array.isArray(events)) return;
  panelStats.envelopes += 1;
  panelStats.events += events.length;
  const now = performance.timeOrigin + performance.now();
  for (const event of events) {
    if (panelStats.latencies.length >= MAX_LATENCY_SAMPLES) break;
    if (typeof event?.at === 'number') panelStats.latencies.push(now - event.at);
  }
}

export function dispatch(input: PanelInput): void {
  countArrival(input);
  const { state, resync } = reduce(panelState.value, input);
  panelState.value = state;
  if (resync) resyncHandler();
}
