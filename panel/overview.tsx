// The overview strip across the top: every task as a short line in one of a few lanes (as the Network panel's
// overview), drawn on a canvas so 10,000 tasks cost one draw. Dragging selects a time range, which filters the
// table (store.timeRange); a double-click or the × button clears it.

import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDuration } from './format';
import { t } from './i18n';
import { HEIGHT, OverviewPainter } from './overview-painter';
import type { PanelTask } from './reducer';
import { allTasks, fullSpan, now, timeRange } from './store';

const REDRAW_MS = 250;

export function Overview() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const painter = useRef(new OverviewPainter()).current;
  const draw = (
    element: HTMLCanvasElement,
    tasks: PanelTask[],
    bounds: { start: number; end: number },
    clock: number,
  ) => painter.draw(element, tasks, bounds, clock);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const tasks = allTasks.value;
  const clock = now.value;
  const bounds = fullSpan.value;
  const range = timeRange.value;

  // Redraw at most every REDRAW_MS (live progress arrives every 50 ms; the strip needs no more), and only when
  // the tasks or the span changed: selecting rows or scrolling the grid re-renders this component for nothing.
  const latest = useRef({ tasks, bounds, clock });
  latest.current = { tasks, bounds, clock };
  const drawn = useRef<{ tasks: PanelTask[]; bounds: object; width: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const element = canvas.current;
      const { tasks, bounds, clock } = latest.current;
      const previous = drawn.current;
      if (!element) return;
      if (previous?.tasks === tasks && previous.bounds === bounds && previous.width === element.clientWidth) return;
      draw(element, tasks, bounds, clock);
      drawn.current = { tasks, bounds, width: element.clientWidth };
    }, REDRAW_MS);
  });
  useEffect(() => {
    const element = canvas.current;
    // A resized panel needs a redraw at the new width even when no task changed.
    const observer = new ResizeObserver(() => {
      if (element) draw(element, latest.current.tasks, latest.current.bounds, latest.current.clock);
    });
    if (element) observer.observe(element);
    return () => {
      observer.disconnect();
      clearTimeout(timer.current ?? undefined);
    };
  }, []);

  const toTime = (clientX: number, element: HTMLElement) => {
    const box = element.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientX - box.left) / Math.max(1, box.width)));
    return bounds.start + fraction * (bounds.end - bounds.start);
  };
  const toPercent = (time: number) => ((time - bounds.start) / Math.max(1, bounds.end - bounds.start)) * 100;
  const shown = drag ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) } : range;

  return (
    <div class="overview" data-testid="overview">
      <div
        class="overview-track"
        role="slider"
        tabIndex={0}
        aria-label={t('overviewLabel')}
        aria-valuemin={0}
        aria-valuemax={Math.round(bounds.end - bounds.start)}
        aria-valuenow={range ? Math.round(range.start - bounds.start) : 0}
        aria-valuetext={
          range
            ? t('rangeActive', formatDuration(range.start - bounds.start), formatDuration(range.end - bounds.start))
            : formatDuration(bounds.end - bounds.start)
        }
        onPointerDown={(event) => {
          if (tasks.length === 0) return;
          event.currentTarget.setPointerCapture?.(event.pointerId);
          const at = toTime(event.clientX, event.currentTarget);
          setDrag({ from: at, to: at });
        }}
        onPointerMove={(event) => {
          if (drag) setDrag({ from: drag.from, to: toTime(event.clientX, event.currentTarget) });
        }}
        onPointerUp={() => {
          if (drag && Math.abs(drag.to - drag.from) > (bounds.end - bounds.start) / 500) {
            timeRange.value = { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) };
          }
          setDrag(null);
        }}
        onDblClick={() => {
          timeRange.value = null;
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === 'Delete') timeRange.value = null;
        }}
      >
        <canvas ref={canvas} class="overview-canvas" height={HEIGHT} />
        {shown && (
          <div
            class="overview-selection"
            data-testid="overview-selection"
            style={{
              left: `${toPercent(shown.start)}%`,
              width: `${Math.max(0.2, toPercent(shown.end) - toPercent(shown.start))}%`,
            }}
          />
        )}
        <span class="overview-span">{tasks.length > 0 ? formatDuration(bounds.end - bounds.start) : ''}</span>
      </div>
      {range && (
        <button
          type="button"
          class="overview-clear"
          data-testid="range-clear"
          title={t('rangeClear')}
          aria-label={t('rangeClear')}
          onClick={() => {
            timeRange.value = null;
          }}
        >
          ×
        </button>
      )}
    </div>
  );
}
