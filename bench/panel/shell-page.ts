// The shell page as bench:panel drives it: opened with the page-side helpers (window.__bench), given a workload,
// and asked for its heap.

import type { Browser, Page } from 'puppeteer';
import type { ShellWindow } from '../../tests/shell/api';
import { LIVE_TASKS } from './config';
import { round } from './stats';

// Page-side helpers, installed once per page as source text (tsx wraps named functions in __name(): avoid it).
const PAGE_HELPERS = `
globalThis.__name ??= (target) => target;
window.__bench = {
  nextPaint: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
  rows: () => document.querySelectorAll('[data-testid="task-row"]').length,
  count: () => Number(document.querySelector('[data-testid="task-count"]')?.getAttribute('data-count') ?? NaN),
  scroller() {
    const row = document.querySelector('[data-testid="task-row"]');
    for (let node = row?.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
    }
    return document.scrollingElement;
  },
  loafs: [],
};
try {
  new PerformanceObserver((list) => window.__bench.loafs.push(...list.getEntries().map((e) => ({
    start: e.startTime, duration: e.duration, blocking: e.blockingDuration, renderStart: e.renderStart,
    styleAndLayoutStart: e.styleAndLayoutStart,
    scripts: e.scripts.map((s) => ({ invoker: s.invoker, fn: s.sourceFunctionName, duration: s.duration })),
  })))).observe({ type: 'long-animation-frame', buffered: false });
} catch {}
`;

interface Bench {
  nextPaint(): Promise<void>;
  rows(): number;
  count(): number;
  scroller(): HTMLElement;
  loafs: { start: number; duration: number; blocking: number; renderStart: number; styleAndLayoutStart: number }[];
}
export type BW = ShellWindow & { __bench: Bench };

export async function openShell(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(`${origin}/index.html`, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid="panel"]');
  await page.evaluate(PAGE_HELPERS);
  return page;
}

/** Makes the workload in the page (not counted) and says hello, so the next envelope is the measured one. */
export async function prepare(
  page: Page,
  tasks: number,
  progress: number,
): Promise<{ events: number; records: number }> {
  return page.evaluate(
    async (tasks: number, progress: number, live: number) => {
      const w = window as unknown as BW;
      const s = w.__shell;
      // Times end about now, so running tasks look current.
      const workload = s.gen.workload(tasks, progress, { startAt: Date.now() - tasks * 303, running: live });
      s.data.workload = workload;
      s.deliver(s.hello());
      await w.__bench.nextPaint();
      return { events: workload.events.length, records: workload.records.length };
    },
    tasks,
    progress,
    LIVE_TASKS,
  );
}

export async function heapMB(page: Page): Promise<number | null> {
  const bytes = await page.evaluate(async () => {
    const w = window as unknown as BW & { gc?: () => void };
    w.__shell.data = {};
    await w.__bench.nextPaint();
    w.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    w.gc?.();
    return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  });
  return bytes === null ? null : round(bytes / 1024 / 1024);
}
