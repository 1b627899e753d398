// bench:panel's frame runs: rAF timestamps while scrolling, while live progress flows, or idle, with the main
// thread's busy time per frame from a Chrome trace recorded around the run.

import type { Page } from 'puppeteer';
import { FLUSH_MS, LIVE_TASKS, MEASURE_MS, SCROLL_STEP } from './config';
import type { FrameRun } from './frame-run';
import type { BW } from './shell-page';
import { round, stats } from './stats';
import { traceFigures } from './trace';

/** rAF timestamps over MEASURE_MS while scrolling, while live progress flows, or idle. */
async function frameRun(page: Page, mode: 'scroll' | 'live' | 'idle', position: 'top' | 'end' = 'top') {
  return page.evaluate(
    async (mode: string, position: string, measureMs: number, step: number, flushMs: number, live: number) => {
      const w = window as unknown as BW;
      const s = w.__shell;
      const b = w.__bench;
      const scroller = b.scroller();
      scroller.scrollTop = position === 'end' ? scroller.scrollHeight : 0;
      await b.nextPaint();
      await b.nextPaint();
      const workload = s.data.workload as
        | { tasks: { id: string; status: string; size: number; reach: number; totalKnown: boolean }[] }
        | undefined;
      const running = (workload?.tasks ?? [])
        .filter((task) => task.status === 'running')
        .slice(0, live)
        .map((task) => ({ id: task.id, size: task.size, loaded: task.reach, totalKnown: task.totalKnown }));
      b.loafs.length = 0;
      const frames: number[] = [];
      let delivered = 0;
      let direction = 1;
      let top = scroller.scrollTop;
      const max = scroller.scrollHeight - scroller.clientHeight;
      // Sync point between performance.now() and the trace clock.
      const syncPerfNow = performance.now();
      console.timeStamp('bench-sync');
      const timer =
        mode === 'live'
          ? setInterval(() => {
              s.deliver(s.events(s.gen.liveProgressBatch(running, performance.timeOrigin + performance.now())));
              delivered += running.length;
            }, flushMs)
          : null;
      await new Promise<void>((resolve) => {
        const tick = (time: number) => {
          frames.push(time);
          if (frames.length > 1 && time - (frames[0] as number) >= measureMs) {
            resolve();
            return;
          }
          if (mode === 'scroll') {
            // Only writes: a read here would force the layout the frame does anyway a little later.
            if (top + step * direction > max || top + step * direction < 0) direction = -direction;
            top += step * direction;
            scroller.scrollTop = top;
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      if (timer !== null) clearInterval(timer);
      const loafs = b.loafs.map((l) => ({ duration: l.duration, blocking: l.blocking }));
      return { frames, syncPerfNow, delivered, loafs };
    },
    mode,
    position,
    MEASURE_MS,
    SCROLL_STEP,
    FLUSH_MS,
    LIVE_TASKS,
  ) as Promise<FrameRun>;
}

export async function measureFrames(page: Page, mode: 'scroll' | 'live' | 'idle', position: 'top' | 'end' = 'top') {
  await page.tracing.start({ categories: ['toplevel', 'devtools.timeline'] });
  const run = await frameRun(page, mode, position);
  const trace = await page.tracing.stop();
  const intervals = run.frames.slice(1).map((time, index) => time - (run.frames[index] as number));
  const figures = trace ? traceFigures(Buffer.from(trace), run) : null;
  const busy = figures?.busy ?? null;
  return {
    frames: intervals.length,
    intervalMs: stats(intervals),
    busyMs: busy && busy.length > 0 ? stats(busy) : null,
    mainThreadMs: figures?.breakdownMs ?? null,
    /** Frames that took longer than 1.5 vsync intervals (a frame missed). */
    slowFrames: intervals.filter((interval) => interval > 25).length,
    longAnimationFrames: run.loafs.length,
    longestAnimationFrameMs: run.loafs.length ? round(Math.max(...run.loafs.map((l) => l.duration))) : null,
    ...(mode === 'live' ? { progressEventsDelivered: run.delivered } : {}),
  };
}
