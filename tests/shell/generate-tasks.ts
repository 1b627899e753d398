// Synthetic tasks for the shell's workloads (generate.ts): each task's lifecycle as the page agent would record it,
// a TaskEvent stream with epoch-ms times, without progress (generate-stream.ts spreads that over the tasks).

import type { BodyPart, CallInfo, TaskEvent, TaskKind, TaskStatus } from '../../shared/task-model';
import { DOWNLOAD_HOSTS, fileNameFor, int, pick, prng, sizeFor, UPLOAD_ENDPOINTS } from './generate-samples';

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
