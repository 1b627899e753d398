// What the benches read from the real panel: the automation contract (docs/automation.md) and the panel's own
// counters for benchmarks (window.__uniTransferPanelStats in the panel document: events applied and the latency of
// each event, page clock → panel store). The grid is virtualized, so nothing here waits for every task to be a row:
// counts come from [data-testid="task-count"]; per-task figures are read by scrolling [data-testid="task-scroll"].

import type { PanelHandle } from '../../tests/e2e/harness/panel-handle';
import { setInputValue } from '../../tests/e2e/harness/panel-handle';

const SMOKE_QUIET_MS = process.argv.includes('--smoke') ? 30_000 : undefined;

export interface PanelCounters {
  events: number;
  envelopes: number;
  progress: number;
  latencies: number;
}

/** Code passed to the panel is source text (tsx names inner functions with __name): give the panel a no-op one. */
export async function preparePanel(panel: PanelHandle): Promise<void> {
  await panel.evaluate('() => { globalThis.__name ??= (target) => target; }');
}

export function taskCount(panel: PanelHandle): Promise<{ count: number; total: number }> {
  return panel.evaluate(() => {
    const element = document.querySelector<HTMLElement>('[data-testid="task-count"]');
    return { count: Number(element?.dataset.count ?? Number.NaN), total: Number(element?.dataset.total ?? Number.NaN) };
  });
}

/** Waits until task-count's data-count is `expected` with `filter` typed in the filter box (then clears it). */
export async function waitForTaskCount(panel: PanelHandle, expected: number, filter = ''): Promise<void> {
  if (filter) await setInputValue(panel, '[data-testid="filter"]', filter);
  await panel.waitFor(
    (wanted: number) =>
      Number(document.querySelector<HTMLElement>('[data-testid="task-count"]')?.dataset.count) === wanted,
    { args: [expected], timeoutMs: 120_000 },
  );
  if (filter) await setInputValue(panel, '[data-testid="filter"]', '');
}

export function counters(panel: PanelHandle): Promise<PanelCounters> {
  return panel.evaluate(() => {
    const stats = (
      globalThis as unknown as {
        __uniTransferPanelStats?: { events: number; envelopes: number; progress: number; latencies: number[] };
      }
    ).__uniTransferPanelStats;
    if (!stats) throw new Error('the panel has no __uniTransferPanelStats');
    return {
      events: stats.events,
      envelopes: stats.envelopes,
      progress: stats.progress,
      latencies: stats.latencies.length,
    };
  });
}

/** The latencies (ms, page clock → panel store) recorded from index `from` on. */
export function latenciesFrom(panel: PanelHandle, from: number): Promise<number[]> {
  return panel.evaluate(
    (start: number) =>
      (globalThis as unknown as { __uniTransferPanelStats: { latencies: number[] } }).__uniTransferPanelStats.latencies
        .slice(start)
        .map((ms) => Math.round(ms * 100) / 100),
    from,
  );
}

/** Forgets the latencies kept so far (the panel keeps at most 100,000 samples per document). */
export async function resetLatencies(panel: PanelHandle): Promise<void> {
  await panel.evaluate(() => {
    (globalThis as unknown as { __uniTransferPanelStats: { latencies: number[] } }).__uniTransferPanelStats.latencies =
      [];
  });
}

/**
 * Polls one of the panel's counters (all events, or progress events only) until it reached `expected`, or stopped
 * changing for `quietMs`. Returns the counter and when it last changed (ms after the call). A full bench takes a
 * counter that stopped for `quietMs` (1.5 s) as the end of what will come; the smoke run, which must prove that
 * nothing is lost on any machine, waits longer, since a starved panel can pause that long and still get everything.
 */
export async function settleEvents(
  panel: PanelHandle,
  expected: number,
  quietMs = SMOKE_QUIET_MS ?? 1500,
  counter: 'events' | 'progress' = 'events',
) {
  const started = performance.now();
  let last = (await counters(panel))[counter];
  let changedAt = 0;
  for (;;) {
    if (last >= expected) return { events: last, settledMs: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = (await counters(panel))[counter];
    if (now !== last) {
      last = now;
      changedAt = performance.now() - started;
    } else if (performance.now() - started - changedAt >= quietMs) return { events: last, settledMs: changedAt };
  }
}

export type RowFields = Record<string, string | undefined>;

/** Every listed row's data attributes, by task id, read by scrolling the virtualized grid from top to bottom. */
export async function readAllRows(panel: PanelHandle): Promise<Map<string, RowFields>> {
  const rows = await panel.evaluate<RowFields[]>(async () => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="task-scroll"]');
    const seen = new Map<string, DOMStringMap>();
    const collect = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="task-row"]')) {
        seen.set(row.dataset.taskId ?? '', { ...row.dataset });
      }
    };
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    if (!scroller) {
      collect();
      return [...seen.values()];
    }
    scroller.scrollTop = 0;
    await painted();
    collect();
    for (let guard = 0; guard < 100_000; guard++) {
      const before = scroller.scrollTop;
      if (before + scroller.clientHeight >= scroller.scrollHeight) break;
      scroller.scrollTop = before + Math.max(20, scroller.clientHeight - 40);
      await painted();
      collect();
      if (scroller.scrollTop === before) break;
    }
    scroller.scrollTop = 0;
    return [...seen.values()] as never;
  });
  return new Map(rows.map((row) => [row.taskId ?? '', row]));
}
