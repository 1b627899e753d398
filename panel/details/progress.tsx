// Progress tab: loaded bytes and speed over time (SVG with labelled axes, hover for the nearest point), speed and ETA, and the progress
// events as a table (the first rows, or all on request: a task keeps up to 2000 points).

import { useMemo, useState } from 'preact/hooks';
import { isFinal } from '../../shared/task-model';
import { formatBytes, formatDuration, formatOffset, formatSpeed, taskSpeed } from '../format';
import { formatNumber, t } from '../i18n';
import type { PanelTask } from '../reducer';
import { now } from '../store';
import { axisTicks, seriesPath, speedSeries, type Tick } from './chart-axes';
import { KvTable, Note, Row } from './kv';
import { averageSpeed, chartPath, currentSpeed, deltaSpeed, eta, nearestIndex } from './speed';

const WIDTH = 600;
const HEIGHT = 160;
const TABLE_ROWS = 100;

/** A tick's time: "0", "250 ms", "1.5 s". */
function tickTime(ms: number): string {
  if (ms === 0) return '0';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(2))} s`;
}

function AxisLabels(props: { ticks: Tick[]; format: (value: number) => string; class: string; testId: string }) {
  return (
    <div class={`dt-chart-axis ${props.class}`} data-testid={props.testId} aria-hidden="true">
      {props.ticks.map((tick) => (
        <span key={tick.value} style={{ '--at': String(tick.at) }}>
          {props.format(tick.value)}
        </span>
      ))}
    </div>
  );
}

function Chart({ task, end }: { task: PanelTask; end: number }) {
  const [hover, setHover] = useState<number | null>(null);
  const origin = task.times.created;
  const span = Math.max(1, end - origin);
  const maxBytes = Math.max(1, task.total ?? 0, ...task.progress.slice(-1).map((point) => point[1]));
  const last = task.progress[task.progress.length - 1];
  const path = useMemo(
    () => chartPath(task.progress, origin, span, maxBytes, WIDTH, HEIGHT),
    [task.progress, origin, span, maxBytes],
  );
  const speeds = useMemo(() => speedSeries(task.progress), [task.progress]);
  const maxSpeed = Math.max(1, ...speeds.map((point) => point[1]));
  const speedTicks = axisTicks(maxSpeed, 3);
  // The speed axis ends at its last round tick above the fastest point, so that its labels are round.
  const speedTop = Math.max(maxSpeed, speedTicks[speedTicks.length - 1]?.value ?? maxSpeed);
  const speedPath = seriesPath(speeds, origin, span, speedTop, WIDTH, HEIGHT);
  const byteTicks = axisTicks(maxBytes, 4, 1024);
  const timeTicks = axisTicks(span, 5);
  const point = hover === null ? undefined : task.progress[hover];
  const onMove = (event: MouseEvent) => {
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    if (box.width <= 0) return;
    const time = origin + ((event.clientX - box.left) / box.width) * span;
    const index = nearestIndex(task.progress, time);
    setHover(index < 0 ? null : index);
  };
  return (
    <figure class="dt-chart" data-testid="details-progress-chart">
      <div class="dt-chart-legend" aria-hidden="true">
        <span class="dt-legend-bytes">{t('detailsChartBytes')}</span>
        {speeds.length > 0 && <span class="dt-legend-speed">{t('detailsChartSpeed')}</span>}
      </div>
      <div class="dt-chart-frame">
        <AxisLabels ticks={byteTicks} format={formatBytes} class="dt-chart-y" testId="details-chart-bytes-axis" />
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={t('detailsChartLabel', formatBytes(last?.[1] ?? 0), formatDuration(span))}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        >
          <rect class="dt-chart-bg" x="0" y="0" width={WIDTH} height={HEIGHT} />
          {byteTicks.map((tick) => (
            <line
              key={`y${tick.value}`}
              class="dt-chart-grid"
              x1="0"
              x2={WIDTH}
              y1={HEIGHT - tick.at * HEIGHT}
              y2={HEIGHT - tick.at * HEIGHT}
            />
          ))}
          {timeTicks.map((tick) => (
            <line
              key={`x${tick.value}`}
              class="dt-chart-grid"
              x1={tick.at * WIDTH}
              x2={tick.at * WIDTH}
              y1="0"
              y2={HEIGHT}
            />
          ))}
          {task.total !== null && <line class="dt-chart-total" x1="0" x2={WIDTH} y1="1" y2="1" />}
          <path class="dt-chart-speed" d={speedPath} vector-effect="non-scaling-stroke" />
          <path class="dt-chart-line" d={path} vector-effect="non-scaling-stroke" />
          {point && (
            <line
              class="dt-chart-cursor"
              x1={((point[0] - origin) / span) * WIDTH}
              x2={((point[0] - origin) / span) * WIDTH}
              y1="0"
              y2={HEIGHT}
              vector-effect="non-scaling-stroke"
            />
          )}
        </svg>
        <AxisLabels
          ticks={speedTicks.map((tick) => ({ ...tick, at: tick.value / speedTop }))}
          format={(value) => formatSpeed(value)}
          class="dt-chart-y2"
          testId="details-chart-speed-axis"
        />
      </div>
      <div class="dt-chart-x-row">
        <AxisLabels ticks={timeTicks} format={tickTime} class="dt-chart-x" testId="details-chart-time-axis" />
        <span class="dt-chart-x-title">{t('detailsChartTime')}</span>
      </div>
      <figcaption data-testid="details-chart-hover" aria-live="polite">
        {point
          ? t('detailsChartPoint', formatOffset(point[0] - origin), formatBytes(point[1]), formatNumber(point[1]))
          : t('detailsChartHint')}
      </figcaption>
    </figure>
  );
}

function percentText(loaded: number, total: number | null): string {
  return total !== null && total > 0 ? `${Math.min(100, (loaded / total) * 100).toFixed(1)}%` : '—';
}

function EventsTable({ task }: { task: PanelTask }) {
  const [all, setAll] = useState(false);
  const count = task.progress.length;
  const rows = all ? task.progress : task.progress.slice(0, TABLE_ROWS);
  const origin = task.times.created;
  return (
    <section class="dt-section">
      <h3>{t('detailsProgressEvents', count, task.progressEvents)}</h3>
      <div class="dt-table-scroll">
        <table class="dt-grid dt-numeric" data-testid="details-progress-table" aria-label={t('detailsProgressTable')}>
          <thead>
            <tr>
              <th scope="col">{t('detailsColTime')}</th>
              <th scope="col">{t('detailsColLoaded')}</th>
              <th scope="col">{t('detailsColTotal')}</th>
              <th scope="col">{t('detailsColPercent')}</th>
              <th scope="col">{t('detailsColSpeed')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([at, loaded, total], index) => (
              <tr key={index}>
                <td>{formatOffset(at - origin)}</td>
                <td title={formatNumber(loaded)}>{formatBytes(loaded)}</td>
                <td>{formatBytes(total)}</td>
                <td>{percentText(loaded, total)}</td>
                <td>{formatSpeed(deltaSpeed(task.progress, index))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {count > TABLE_ROWS && (
        <button type="button" data-testid="details-progress-show-all" onClick={() => setAll(!all)}>
          {all ? t('detailsShowFirst', TABLE_ROWS) : t('detailsShowAll', count)}
        </button>
      )}
    </section>
  );
}

export function ProgressTab({ task }: { task: PanelTask }) {
  const running = !isFinal(task.status);
  const clock = running ? now.value : undefined;
  const end = task.times.end ?? clock ?? task.progress[task.progress.length - 1]?.[0] ?? task.times.created;
  const start = task.times.send ?? task.times.open ?? task.times.created;
  const current = running ? currentSpeed(task.progress, end) : undefined;
  const average = running ? averageSpeed(task.bytes, start, end) : taskSpeed(task);
  const left = running ? eta(task.bytes, task.total, current) : undefined;
  return (
    <div class="dt-progress">
      <KvTable label={t('detailsTabProgress')}>
        <Row label={t('detailsBytes')}>{t('detailsBytesOf', formatBytes(task.bytes), formatBytes(task.total))}</Row>
        {running && <Row label={t('detailsCurrentSpeed')}>{formatSpeed(current)}</Row>}
        <Row label={t('detailsAverageSpeed')}>{formatSpeed(average)}</Row>
        {running && <Row label={t('detailsEta')}>{left === undefined ? undefined : formatDuration(left)}</Row>}
      </KvTable>
      {task.progress.length === 0 ? (
        <Note testId="details-progress-empty">{t('detailsNoProgress')}</Note>
      ) : (
        <>
          <Chart task={task} end={end} />
          <EventsTable task={task} />
        </>
      )}
    </div>
  );
}
