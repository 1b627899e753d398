// Paints the overview strip. Finished tasks never change, so they are painted once onto a cached layer (for a
// given span and width); a redraw copies that layer and paints only the running tasks on top. At 10,000 tasks a
// full paint took ~8 ms, every 250 ms while anything ran, and was the worst frame of a live session.

import type { PanelTask } from './reducer';

export const HEIGHT = 36;
const LANE = 3;
const LANES = Math.floor(HEIGHT / LANE);

type Colour = 'upload' | 'download' | 'fail';
const failed = (task: PanelTask) => task.status === 'fail' || task.status === 'abort';

export class OverviewPainter {
  private layer: HTMLCanvasElement | OffscreenCanvas | null = null;
  private layerKey = '';
  /** Positions of the tasks that were running at the last draw. */
  private runningIndexes: number[] = [];
  /** Per colour, lane and pixel column: already painted (most tasks are a pixel wide: skip repeats). */
  private seen: Record<Colour, Uint8Array> | null = null;
  private firstTask: PanelTask | undefined;
  private seenCount = 0;

  draw(canvas: HTMLCanvasElement, tasks: PanelTask[], span: { start: number; end: number }, clock: number): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, canvas.clientWidth);
    const pixelWidth = Math.round(width * ratio);
    if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
    if (canvas.height !== HEIGHT * ratio) canvas.height = HEIGHT * ratio;
    const context = canvas.getContext('2d');
    if (!context) return;
    const colours = this.colours(canvas);
    const key = `${span.start}:${span.end}:${pixelWidth}:${ratio}:${Object.values(colours).join()}`;
    // A new span, width or theme, or a list that was cleared or rebuilt: paint the finished tasks afresh.
    // Otherwise only the tasks that were running at the last draw and those added since need a look.
    let indexes: Iterable<number>;
    if (key !== this.layerKey || tasks[0] !== this.firstTask || tasks.length < this.seenCount) {
      this.reset(key, pixelWidth, ratio);
      this.firstTask = tasks[0];
      indexes = tasks.keys();
    } else {
      const added = Array.from({ length: tasks.length - this.seenCount }, (_, offset) => this.seenCount + offset);
      indexes = [...this.runningIndexes, ...added];
    }
    this.seenCount = tasks.length;
    const layer = this.layer?.getContext('2d') as CanvasRenderingContext2D | null;
    if (!layer) return;
    const scale = width / Math.max(1, span.end - span.start);
    const columns = Math.ceil(width) + 1;
    const settled = this.paths();
    const running = this.paths();
    const stillRunning: number[] = [];
    for (const index of indexes) {
      const task = tasks[index];
      if (!task) continue;
      const done = task.times.end !== undefined;
      const colour: Colour = failed(task) ? 'fail' : task.kind;
      const x = (task.times.created - span.start) * scale;
      const w = ((task.times.end ?? clock) - task.times.created) * scale;
      const lane = index % LANES;
      if (!done) stillRunning.push(index);
      else if (w <= 1 && this.seen) {
        const cell = lane * columns + Math.max(0, Math.min(columns - 1, Math.floor(x)));
        if (this.seen[colour][cell]) continue;
        this.seen[colour][cell] = 1;
      }
      (done ? settled : running)[colour].rect(x, lane * LANE, Math.max(1, w), LANE - 1);
    }
    this.runningIndexes = stillRunning;
    layer.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.fill(layer, settled, colours);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(this.layer as CanvasImageSource, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.fill(context, running, colours);
  }

  private reset(key: string, pixelWidth: number, ratio: number): void {
    this.layerKey = key;
    this.runningIndexes = [];
    const columns = Math.ceil(pixelWidth / ratio) + 1;
    this.seen = {
      upload: new Uint8Array(columns * LANES),
      download: new Uint8Array(columns * LANES),
      fail: new Uint8Array(columns * LANES),
    };
    const layer =
      typeof OffscreenCanvas === 'function'
        ? new OffscreenCanvas(pixelWidth, HEIGHT * ratio)
        : Object.assign(document.createElement('canvas'), { width: pixelWidth, height: HEIGHT * ratio });
    this.layer = layer;
  }

  private themeClass: string | null = null;
  private themeColours: Record<Colour, string> = { upload: '', download: '', fail: '' };

  /** The theme's colours, read again only when the theme class changes (getComputedStyle forces a style pass). */
  private colours(canvas: HTMLCanvasElement): Record<Colour, string> {
    const theme = document.documentElement.className;
    if (theme !== this.themeClass) {
      const style = getComputedStyle(canvas);
      this.themeColours = {
        fail: style.getPropertyValue('--fail'),
        upload: style.getPropertyValue('--upload'),
        download: style.getPropertyValue('--download'),
      };
      this.themeClass = theme;
    }
    return this.themeColours;
  }

  private paths(): Record<Colour, Path2D> {
    return { upload: new Path2D(), download: new Path2D(), fail: new Path2D() };
  }

  private fill(context: CanvasRenderingContext2D, paths: Record<Colour, Path2D>, colours: Record<Colour, string>) {
    for (const colour of ['upload', 'download', 'fail'] as const) {
      context.fillStyle = colours[colour];
      context.fill(paths[colour]);
    }
  }
}
