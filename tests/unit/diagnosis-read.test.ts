// A diagnosis on its way out and back in (shared/diagnosis-read.ts, the HAR's `_uniTask.diagnosis`), and the
// panel's memoized view of it (panel/diagnosis-view.ts).

import { describe, expect, it } from 'vitest';
import { diagnosisOf, setDiagnosisRuntime } from '../../panel/diagnosis-view';
import type { PanelTask } from '../../panel/panel-task';
import { type Diagnosis, diagnose } from '../../shared/diagnosis';
import { exportDiagnoses, MAX_DIAGNOSES, MAX_EVIDENCE_KEYS, readDiagnoses } from '../../shared/diagnosis-read';
import { tasksToHar } from '../../shared/har';
import { harToTasks } from '../../shared/har-import';
import { fold, sampleDownload, sampleFileError, sampleUpload, T0 } from './har-samples';

/** The sample upload without the Cookie it asks for (a header the browser refuses: forbidden-header). */
function healthyUpload(): ReturnType<typeof sampleUpload> {
  const record = sampleUpload();
  const { Cookie: _cookie, ...asked } = record.requestHeaders ?? {};
  return { ...record, requestHeaders: asked };
}

const panelTask = (record: ReturnType<typeof sampleUpload>, extra: Partial<PanelTask> = {}): PanelTask => ({
  ...record,
  key: `s1/${record.id}`,
  session: 's1',
  ...extra,
});

/** An upload to another origin that failed bare (CORS or unreachable), its URL signed. */
function corsFail() {
  const url = 'https://api.example.test/upload?X-Amz-Signature=abc123&Expires=99&album=7';
  return fold('cors-1', [
    { type: 'created', at: T0, kind: 'upload', origin: 'app', probe: 'uni', url, call: { url, mode: 'promise' } },
    { type: 'open', at: T0 + 1, method: 'POST', url },
    { type: 'send', at: T0 + 2, requestHeaders: {} },
    { type: 'end', at: T0 + 40, outcome: 'error' },
  ]);
}

describe('the diagnosis in a HAR', () => {
  it('is written redacted (URLs in the evidence) unless kept, and reads back as written', () => {
    const tasks = [corsFail(), sampleFileError(), healthyUpload()];
    const diagnoses = tasks.map((task) => diagnose(task, { pageOrigin: 'http://127.0.0.1:8080' }));
    const redacted = tasksToHar(tasks, { keepSensitive: false, creatorVersion: 't', diagnoses });
    const [cors, file, healthy] = redacted.log.entries;
    expect(cors?._uniTask.diagnosis?.map((found) => found.cause)).toEqual(['cors', 'unreachable']);
    expect(cors?._uniTask.diagnosis?.[0]?.evidence.url).toBe(
      'https://api.example.test/upload?X-Amz-Signature=[redacted]&Expires=[redacted]&album=7',
    );
    expect(file?._uniTask.diagnosis).toEqual([
      { cause: 'file-unreadable', certainty: 'certain', evidence: { filePath: '/static/missing.png' } },
    ]);
    expect(healthy?._uniTask).not.toHaveProperty('diagnosis');
    const kept = tasksToHar(tasks, { keepSensitive: true, creatorVersion: 't', diagnoses });
    expect(kept.log.entries[0]?._uniTask.diagnosis).toEqual(diagnoses[0]);
    // Without the option, no diagnosis is written (as before issue 18).
    expect(tasksToHar(tasks, { keepSensitive: true, creatorVersion: 't' }).log.entries[0]?._uniTask).not.toHaveProperty(
      'diagnosis',
    );

    const back = harToTasks(JSON.stringify(kept));
    if (!back.ok) throw new Error(back.error.detail);
    expect(back.tasks.map((task) => task.diagnosis)).toEqual([diagnoses[0], diagnoses[1], undefined]);
  });

  it('reads defensively: known causes, certainties and flat evidence only, bounded, strings cut', () => {
    const good = { cause: 'offline', certainty: 'likely', evidence: { url: 'http://a/', elapsedMs: 5 } };
    const evidence = JSON.parse(
      '{"__proto__": {"polluted": true}, "ok": "yes", "n": 1, "b": false, "z": null, "deep": {"a": 1}, "list": [1]}',
    );
    const read = readDiagnoses([
      good,
      { cause: 'toString', certainty: 'certain', evidence: {} },
      { cause: 'cors', certainty: 'maybe', evidence: {} },
      { cause: 'cors', certainty: 'likely' },
      { cause: 'cors', certainty: 'likely', evidence: [] },
      'offline',
      null,
      { cause: 'condition', certainty: 'certain', evidence },
      { cause: 'http-error', certainty: 'certain', evidence: { serverText: 'x'.repeat(100_000), status: 500 } },
    ]);
    expect(read?.slice(0, 2)).toEqual([
      good,
      { cause: 'condition', certainty: 'certain', evidence: { ok: 'yes', n: 1, b: false, z: null } },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(String(read?.[2]?.evidence.serverText).length).toBeLessThan(5000);
    expect(read).toHaveLength(3);

    const many = Array.from({ length: 50 }, () => good);
    expect(readDiagnoses(many)).toHaveLength(MAX_DIAGNOSES);
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`k${index}`, index]));
    const [first] = readDiagnoses([{ ...good, evidence: wide }]) as Diagnosis[];
    expect(Object.keys(first?.evidence ?? {})).toHaveLength(MAX_EVIDENCE_KEYS);
    for (const junk of [undefined, null, 'cors', {}, [], [null], [{ cause: 'nope' }]]) {
      expect(readDiagnoses(junk)).toBeUndefined();
    }
  });

  it('redacts a URL quoted in any evidence text, and leaves figures as they are', () => {
    const [redacted] = exportDiagnoses(
      [
        {
          cause: 'http-error',
          certainty: 'certain',
          evidence: { status: 403, serverText: 'see https://x.test/a?token=t0k&page=2 for details', callback: null },
        },
      ],
      false,
    );
    expect(redacted?.evidence).toEqual({
      status: 403,
      serverText: 'see https://x.test/a?token=[redacted]&page=2 for details',
      callback: null,
    });
  });
});

describe('diagnosisOf', () => {
  it('computes once per task object, nothing for a running task, and gives an imported task its own', () => {
    // The store hands over the state's runtime object, the same one until the page's runtime is read again.
    const page = { uniApp: true, globalUni: 'full' as const, url: 'http://127.0.0.1:8080/' };
    const api = { ...page, url: 'https://api.example.test/' };
    setDiagnosisRuntime(() => page);
    const failed = panelTask(sampleFileError());
    const first = diagnosisOf(failed);
    expect(first.map((found) => found.cause)).toEqual(['file-unreadable']);
    expect(diagnosisOf(failed)).toBe(first);
    // A new object (an event arrived) is diagnosed again.
    expect(diagnosisOf({ ...failed })).not.toBe(first);
    expect(diagnosisOf(panelTask(healthyUpload()))).toEqual([]);
    const running = panelTask(sampleDownload(), { status: 'running' });
    expect(diagnosisOf(running)).toEqual([]);

    // Another origin than the page's: CORS or unreachable; the same origin: not CORS.
    expect(diagnosisOf(panelTask(corsFail())).map((found) => found.cause)).toEqual(['cors', 'unreachable']);
    setDiagnosisRuntime(() => api);
    expect(diagnosisOf(panelTask(corsFail())).map((found) => found.cause)).toEqual(['unreachable', 'offline']);

    const own: Diagnosis[] = [{ cause: 'offline', certainty: 'likely', evidence: {} }];
    expect(diagnosisOf(panelTask(sampleFileError(), { imported: 'a.har', diagnosis: own }))).toBe(own);
    // An imported task without one is diagnosed without the inspected page's runtime (it ran elsewhere).
    expect(diagnosisOf(panelTask(corsFail(), { imported: 'a.har' })).map((found) => found.cause)).toEqual([
      'cors',
      'unreachable',
    ]);
    setDiagnosisRuntime(() => null);
  });
});
