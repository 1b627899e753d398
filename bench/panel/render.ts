// bench:panel's first render (deliver → first painted frame with rows) and filter (input → first painted frame
// with the new count) measurements, taken inside the page.

import type { Page } from 'puppeteer';
import type { BW } from './shell-page';

export interface FirstRender {
  totalMs: number;
  scriptMs: number;
  deliverMs: number;
  rows: number;
  longestFrameMs: number | null;
}

/** Deliver (snapshot or event batches) → first painted frame with rows. */
export async function firstRender(page: Page, mode: 'snapshot' | 'events' | 'empty'): Promise<FirstRender> {
  return page.evaluate(async (mode: string) => {
    const w = window as unknown as BW;
    const s = w.__shell;
    const b = w.__bench;
    const workload = s.data.workload as { events: unknown[]; records: unknown[] } | undefined;
    const messages =
      mode === 'snapshot'
        ? [s.snapshot((workload?.records ?? []) as never)]
        : mode === 'events'
          ? s.gen.batches(workload?.events ?? [], 1000).map((batch) => s.events(batch as never))
          : [s.snapshot([])];
    b.loafs.length = 0;
    const t0 = performance.now();
    for (const message of messages) s.deliver(message);
    const t1 = performance.now();
    let tRaf = 0;
    await new Promise<void>((resolve) =>
      requestAnimationFrame(() => {
        tRaf = performance.now();
        setTimeout(resolve, 0);
      }),
    );
    const deadline = t0 + 20_000;
    while (mode !== 'empty' && b.rows() === 0 && performance.now() < deadline) await b.nextPaint();
    const t2 = performance.now();
    const longest = b.loafs.filter((l) => l.start + l.duration >= t0).map((l) => l.duration);
    return {
      totalMs: t2 - t0,
      scriptMs: tRaf - t0,
      deliverMs: t1 - t0,
      rows: b.rows(),
      longestFrameMs: longest.length > 0 ? Math.max(...longest) : null,
    };
  }, mode);
}

/** input → the first painted frame whose task count changed. */
export async function applyFilter(page: Page, term: string, expectChange: boolean) {
  return page.evaluate(
    async (term: string, expectChange: boolean) => {
      const b = (window as unknown as BW).__bench;
      const input = document.querySelector<HTMLInputElement>('[data-testid="filter"]');
      if (!input) throw new Error('no [data-testid="filter"]');
      const before = b.count();
      const t0 = performance.now();
      input.value = term;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const handlerMs = performance.now() - t0;
      await b.nextPaint();
      const deadline = t0 + 10_000;
      while (expectChange && b.count() === before && performance.now() < deadline) await b.nextPaint();
      return {
        term,
        ms: performance.now() - t0,
        handlerMs,
        count: b.count(),
        rows: b.rows(),
        changed: b.count() !== before,
      };
    },
    term,
    expectChange,
  );
}
