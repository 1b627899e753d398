// bench:panel's loaded-panel run: a fresh page with the whole workload, then filters, scrolling, live progress
// and the heap (bench/panel.ts describes each figure).

import type { Browser } from 'puppeteer';
import { FILTERS, PROFILE, PROGRESS_EVENTS, TASKS } from './config';
import { measureFrames } from './frames';
import { profiled } from './profile';
import { applyFilter, firstRender } from './render';
import { type BW, heapMB, openShell, prepare } from './shell-page';

type Frames = Awaited<ReturnType<typeof measureFrames>>;

export interface LoadedRun {
  filters: Awaited<ReturnType<typeof applyFilter>>[];
  expectedFailures: number;
  scroll: Frames;
  liveEnd: Frames;
  liveTop: Frames;
  heap: number | null;
  profiles: Record<string, string[]>;
}

export async function loadedRun(browser: Browser, origin: string): Promise<LoadedRun> {
  const profiles: Record<string, string[]> = {};
  const page = await openShell(browser, origin);
  await prepare(page, TASKS, PROGRESS_EVENTS);
  await firstRender(page, 'snapshot');
  const filters: Awaited<ReturnType<typeof applyFilter>>[] = [];
  const runFilters = async () => {
    for (const term of FILTERS) {
      filters.push(await applyFilter(page, term, true));
      filters.push(await applyFilter(page, '', true));
    }
  };
  if (PROFILE) profiles.filter = (await profiled(page, runFilters)).top;
  else await runFilters();
  const expectedFailures = await page.evaluate(
    () =>
      ((window as unknown as BW).__shell.data.workload as { records: { status: string }[] }).records.filter(
        (record) => record.status === 'fail',
      ).length,
  );
  let scroll: Frames;
  if (PROFILE) {
    const { result, top } = await profiled(page, () => measureFrames(page, 'scroll'));
    scroll = result;
    profiles.scroll = top;
  } else scroll = await measureFrames(page, 'scroll');
  let liveEnd: Frames;
  if (PROFILE) {
    const { result, top } = await profiled(page, () => measureFrames(page, 'live', 'end'));
    liveEnd = result;
    profiles.live = top;
  } else liveEnd = await measureFrames(page, 'live', 'end');
  const liveTop = await measureFrames(page, 'live', 'top');
  const heap = await heapMB(page);
  await page.close();
  return { filters, expectedFailures, scroll, liveEnd, liveTop, heap, profiles };
}

/** The worst p95 main-thread busy time per frame over the scroll and live runs (null if one has none). */
export function p95FrameMs(run: LoadedRun): number | null {
  const p95 = [run.scroll.busyMs?.p95, run.liveEnd.busyMs?.p95, run.liveTop.busyMs?.p95].filter(
    (value): value is number => typeof value === 'number',
  );
  return p95.length === 3 ? Math.max(...p95) : null;
}

export const filterMs = (run: LoadedRun) => Math.max(...run.filters.map((f) => f.ms));
