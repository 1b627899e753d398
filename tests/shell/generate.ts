// Deterministic synthetic workloads for the panel shell (tests/e2e/panel-shell.test.ts, bench/panel.ts): tasks as
// the page agent would record them (TaskEvent streams with epoch-ms times), progress spread over them, and the
// TaskRecords a snapshot would carry (folded with the same applyTaskEvent the agent uses).
// Runs in node and in the shell page (main.tsx exposes it as __shell.gen); no DOM, no Date.now() unless asked.

import type { BodyPart, CallInfo, TaskEvent, TaskKind, TaskRecord, TaskStatus } from '../../shared/task-model';
import { applyTaskEvent, newTaskRecord } from '../../shared/task-model';

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const UPLOAD_ENDPOINTS = [
  'https://api.shop.example.com/v2/upload/avatar',
  'https://api.shop.example.com/v2/upload/image',
  'https://api.shop.example.com/v2/orders/attachments',
  'https://upload.media.example.net/put',
  'https://im.example.org/chat/file/upload',
  'http://127.0.0.1:8080/upload',
] as const;
const DOWNLOAD_HOSTS = [
  'https://cdn.static.example.com/assets/2026/11',
  'https://oss-cn-hangzhou.example-cdn.com/user-files',
  'https://files.example.net/reports',
  'https://im.example.org/chat/file/download',
  'http://127.0.0.1:8080/static',
] as const;
const FILES = [
  { stem: 'IMG_2026110', ext: 'jpg', mime: 'image/jpeg', mean: 3e6 },
  { stem: 'screenshot-', ext: 'png', mime: 'image/png', mean: 8e5 },
  { stem: 'contract-', ext: 'pdf', mime: 'application/pdf', mean: 2e6 },
  { stem: 'backup-', ext: 'zip', mime: 'application/zip', mean: 2e7 },
  { stem: 'voice-', ext: 'mp3', mime: 'audio/mpeg', mean: 4e5 },
  { stem: 'clip-', ext: 'mp4', mime: 'video/mp4', mean: 3e7 },
  { stem: '发票-2026', ext: 'pdf', mime: 'application/pdf', mean: 1.5e5 },
  { stem: '头像_', ext: 'webp', mime: 'image/webp', mean: 9e4 },
  {
    stem: 'export-',
    ext: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    mean: 6e5,
  },
] as const;

export interface SyntheticTask {
  id: string;
  kind: TaskKind;
  /** The status the task ends in (or `running`: it never ends within the workload). */
  status: TaskStatus;
  url: string;
  fileName: string;
  /** Bytes the transfer carries (upload: the multipart body; download: the response). */
  size: number;
  /** False for downloads without Content-Length (progress total null). */
  totalKnown: boolean;
  createdAt: number;
  sendAt: number;
  /** When progress may happen: [from, to). */
  transfer: [number, number];
  /** How far the transfer gets (bytes) when it does not end in success. */
  reach: number;
  /** The lifecycle without progress, in time order. */
  events: TaskEvent[];
}

export interface GenerateOptions {
  seed?: number;
  /** Epoch ms of the first task. */
  startAt?: number;
  /** The last `running` tasks stay running (default 50). */
  running?: number;
  /** Task id prefix (ids are `${prefix}${index}`). */
  prefix?: string;
}

export const DEFAULT_START = Date.UTC(2026, 10, 2, 1, 30, 0);

function sizeFor(random: () => number, mean: number): number {
  // Log-normal-ish around the mean, at least 1 kB.
  return Math.max(1024, Math.round(mean * Math.exp((random() - 0.5) * 2.4)));
}

function fileNameFor(random: () => number, index: number) {
  const file = pick(random, FILES);
  return { ...file, name: `${file.stem}${String(index % 1000).padStart(3, '0')}.${file.ext}` };
}

/** N tasks, uploads and downloads mixed, final statuses about 83% success, 9% fail, 4% abort; the last ones run. */
export function generateTasks(count: number, options: GenerateOptions = {}): SyntheticTask[] {
  const random = prng(options.seed ?? 1);
  const running = Math.min(count, options.running ?? 50);
  const prefix = options.prefix ?? 't';
  const tasks: SyntheticTask[] = [];
  let clock = options.startAt ?? DEFAULT_START;
  for (let index = 0; index < count; index++) {
    clock += int(random, 5, 600);
    const id = `${prefix}${index}`;
    const kind: TaskKind = random() < 0.45 ? 'upload' : 'download';
    const file = fileNameFor(random, index);
    const fileSize = sizeFor(random, file.mean);
    const viaUni = random() < 0.7;
    const roll = random();
    const status: TaskStatus =
      index >= count - running
        ? 'running'
        : roll < 0.83
          ? 'success'
          : roll < 0.92
            ? 'fail'
            : roll < 0.96
              ? 'abort'
              : 'success';
    const url =
      kind === 'upload'
        ? `${pick(random, UPLOAD_ENDPOINTS)}?uid=${int(random, 10000, 99999)}`
        : `${pick(random, DOWNLOAD_HOSTS)}/${encodeURIComponent(file.name)}`;
    const boundary = `----WebKitFormBoundary${Math.floor(random() * 1e16).toString(36)}`;
    const size = kind === 'upload' ? fileSize + 180 + boundary.length * 3 : fileSize;
    const totalKnown = kind === 'upload' || random() < 0.9;
    const blobUrl = `blob:http://localhost:5173/${Math.floor(random() * 1e16).toString(16)}-${index.toString(16)}`;
    const header: Record<string, string> = { Authorization: `Bearer ${Math.floor(random() * 1e12).toString(36)}` };
    const call: CallInfo = {
      url,
      mode: random() < 0.6 ? 'callback' : 'promise',
      header,
      ...(kind === 'upload'
        ? { name: 'file', filePath: blobUrl, formData: { userId: String(int(random, 1, 9999)), scene: 'chat' } }
        : {}),
      ...(random() < 0.2 ? { timeout: 60_000 } : {}),
    };
    const body: BodyPart[] | undefined =
      kind === 'upload'
        ? [
            { name: 'userId', value: call.formData?.userId },
            { name: 'scene', value: 'chat' },
            { name: 'file', file: { name: file.name, size: fileSize, type: file.mime } },
          ]
        : undefined;
    const api = kind === 'upload' ? 'uploadFile' : 'downloadFile';
    const createdAt = clock;
    const openAt = createdAt + int(random, 1, kind === 'upload' ? 30 : 3);
    const sendAt = openAt + 1;
    const latency = int(random, 20, 400);
    const bandwidth = 1e6 + random() * 2e7; // bytes per second
    const transferMs = Math.max(5, Math.round((size / bandwidth) * 1000));
    const events: TaskEvent[] = [];
    const at = (time: number) => Math.round(time * 1000) / 1000;
    events.push({
      type: 'created',
      taskId: id,
      at: at(createdAt),
      kind,
      origin: random() < 0.02 ? 'replay' : 'app',
      probe: viaUni ? 'uni' : 'xhr',
      url,
      ...(viaUni ? { call } : {}),
    });
    if (viaUni) events.push({ type: 'probe', taskId: id, at: at(createdAt + 0.2), probe: 'xhr' });
    if (kind === 'upload' && viaUni)
      events.push({ type: 'file', taskId: id, at: at(openAt - 0.5), url: blobUrl, ok: true });
    events.push({ type: 'open', taskId: id, at: at(openAt), method: kind === 'upload' ? 'POST' : 'GET', url });
    const requestHeaders =
      kind === 'upload' ? { ...header, 'Content-Type': `multipart/form-data; boundary=${boundary}` } : { ...header };
    events.push({ type: 'send', taskId: id, at: at(sendAt), requestHeaders, ...(body ? { body } : {}) });
    if (kind === 'upload' && viaUni)
      events.push({ type: 'app', taskId: id, at: at(sendAt + 0.1), action: 'onProgressUpdate' });

    // Uploads: progress while the body goes up, then headers. Downloads: headers, then progress.
    const headersAt = kind === 'upload' ? sendAt + transferMs + latency : sendAt + latency;
    const endAt = kind === 'upload' ? headersAt + int(random, 1, 20) : headersAt + transferMs;
    const transfer: [number, number] = kind === 'upload' ? [sendAt + 1, headersAt] : [headersAt + 1, endAt];
    const cut = transfer[0] + (transfer[1] - transfer[0]) * (0.1 + random() * 0.8);
    const reach = status === 'success' ? size : Math.floor(size * (0.05 + random() * 0.8));
    const code =
      status === 'success'
        ? random() < 0.04
          ? pick(random, [404, 413, 500, 502])
          : kind === 'upload'
            ? pick(random, [200, 200, 201])
            : 200
        : 200;
    const responseHeaders = (length?: number) => ({
      'content-type': kind === 'upload' ? 'application/json; charset=utf-8' : file.mime,
      ...(length !== undefined ? { 'content-length': String(length) } : {}),
      date: new Date(headersAt).toUTCString(),
      server: 'nginx',
      'x-request-id': Math.floor(random() * 1e16).toString(16),
    });
    const callbacks = (arg: Record<string, unknown>, ok: boolean, time: number) => {
      if (!viaUni || call.mode === 'promise') return;
      events.push({ type: 'callback', taskId: id, at: at(time), name: ok ? 'success' : 'fail', arg });
      events.push({ type: 'callback', taskId: id, at: at(time + 0.1), name: 'complete', arg });
    };
    const preview = JSON.stringify({
      code: 0,
      data: { url: `https://cdn.static.example.com/u/${id}/${encodeURIComponent(file.name)}` },
    });

    if (status === 'success') {
      events.push({
        type: 'headers',
        taskId: id,
        at: at(headersAt),
        statusCode: code,
        responseHeaders: responseHeaders(kind === 'upload' ? preview.length : totalKnown ? size : undefined),
      });
      const tempFilePath =
        kind === 'download'
          ? `blob:http://localhost:5173/${id}-${Math.floor(random() * 1e12).toString(16)}`
          : undefined;
      events.push({
        type: 'end',
        taskId: id,
        at: at(endAt),
        outcome: 'load',
        statusCode: code,
        responseSize: kind === 'upload' ? preview.length : size,
        ...(kind === 'upload' ? { responsePreview: preview } : { tempFilePath }),
      });
      callbacks(
        kind === 'upload'
          ? { errMsg: `${api}:ok`, statusCode: code, data: preview }
          : { errMsg: `${api}:ok`, statusCode: code, tempFilePath },
        true,
        endAt + 0.3,
      );
      if (kind === 'download') events.push({ type: 'body', taskId: id, at: at(endAt + 0.5), held: size < 8e6, size });
    } else if (status === 'fail') {
      const timeout = random() < 0.3;
      if (kind === 'download' && !timeout)
        events.push({
          type: 'headers',
          taskId: id,
          at: at(headersAt),
          statusCode: 200,
          responseHeaders: responseHeaders(totalKnown ? size : undefined),
        });
      events.push({ type: 'end', taskId: id, at: at(cut + 1), outcome: timeout ? 'timeout' : 'error' });
      callbacks({ errMsg: timeout ? `${api}:fail timeout` : `${api}:fail` }, false, cut + 1.3);
    } else if (status === 'abort') {
      events.push({ type: 'app', taskId: id, at: at(cut), action: 'abort' });
      events.push({ type: 'end', taskId: id, at: at(cut + 0.5), outcome: 'abort' });
      callbacks({ errMsg: `${api}:fail abort` }, false, cut + 0.8);
    } else if (kind === 'download') {
      events.push({
        type: 'headers',
        taskId: id,
        at: at(headersAt),
        statusCode: 200,
        responseHeaders: responseHeaders(totalKnown ? size : undefined),
      });
    }
    const end =
      status === 'success' ? transfer[1] : status === 'running' ? Math.max(transfer[0] + 1, transfer[1]) : cut;
    tasks.push({
      id,
      kind,
      status,
      url,
      fileName: file.name,
      size,
      totalKnown,
      createdAt,
      sendAt,
      transfer: [transfer[0], end],
      reach,
      events,
    });
  }
  return tasks;
}

/**
 * `total` progress events spread over the tasks (in proportion to a size weight, every transferring task gets at
 * least one when there are enough), with loaded increasing to the bytes each task reaches, in time order.
 */
export function generateProgress(tasks: SyntheticTask[], total: number, seed = 2): TaskEvent[] {
  const random = prng(seed);
  const eligible = tasks.filter((task) => task.transfer[1] > task.transfer[0]);
  if (eligible.length === 0 || total <= 0) return [];
  const weights = eligible.map((task) => Math.sqrt(task.size));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const counts = weights.map((weight) => Math.floor((weight / weightSum) * total));
  let left = total - counts.reduce((sum, count) => sum + count, 0);
  for (let index = 0; left > 0; index = (index + 1) % counts.length, left--)
    counts[index] = (counts[index] as number) + 1;
  const events: TaskEvent[] = [];
  eligible.forEach((task, taskIndex) => {
    const count = counts[taskIndex] as number;
    const [from, to] = task.transfer;
    for (let step = 1; step <= count; step++) {
      const fraction = step / count;
      const jitter = count > 1 && step < count ? (random() - 0.5) / count : 0;
      const loaded = step === count ? task.reach : Math.floor(task.reach * Math.min(1, Math.max(0, fraction + jitter)));
      events.push({
        type: 'progress',
        taskId: task.id,
        at: Math.round((from + (to - from) * fraction - 0.001) * 1000) / 1000,
        loaded,
        total: task.totalKnown ? task.size : null,
      });
    }
  });
  return sortByTime(events);
}

function sortByTime(events: TaskEvent[]): TaskEvent[] {
  // Stable: events of one task at the same time keep their order.
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map((entry) => entry.event);
}

/** Every event of the workload (lifecycles and progress) in time order, as the agent would post them. */
export function eventStream(tasks: SyntheticTask[], progress: TaskEvent[] = []): TaskEvent[] {
  return sortByTime([...tasks.flatMap((task) => task.events), ...progress]);
}

/** The agent's records for a snapshot: the stream folded with applyTaskEvent, in creation order. */
export function foldRecords(events: TaskEvent[]): TaskRecord[] {
  const records = new Map<string, TaskRecord>();
  for (const event of events) {
    if (event.type === 'created') records.set(event.taskId, newTaskRecord(event));
    else {
      const record = records.get(event.taskId);
      if (record) applyTaskEvent(record, event);
    }
  }
  return [...records.values()];
}

/** Splits a stream into envelopes' worth of events. */
export function batches<T>(events: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < events.length; index += size) result.push(events.slice(index, index + size));
  return result;
}

export interface Workload {
  tasks: SyntheticTask[];
  progress: TaskEvent[];
  events: TaskEvent[];
  records: TaskRecord[];
}

/** Tasks + progress + the merged stream + the folded records, in one call. */
export function workload(count: number, progressEvents: number, options: GenerateOptions = {}): Workload {
  const tasks = generateTasks(count, options);
  const progress = generateProgress(tasks, progressEvents, (options.seed ?? 1) + 1);
  const events = eventStream(tasks, progress);
  return { tasks, progress, events, records: foldRecords(events) };
}

/**
 * Live progress for running tasks, as the agent posts it (one batch per flush): each call advances every task by
 * about 1/steps of its size (never past it) and returns one progress event per task, at time `at`.
 */
export function liveProgressBatch(
  running: { id: string; size: number; loaded: number; totalKnown: boolean }[],
  at: number,
  steps = 400,
): TaskEvent[] {
  return running.map((task) => {
    task.loaded = Math.min(task.size - 1, task.loaded + Math.ceil(task.size / steps));
    return { type: 'progress', taskId: task.id, at, loaded: task.loaded, total: task.totalKnown ? task.size : null };
  });
}
