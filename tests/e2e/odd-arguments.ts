// The argument suite's page side: odd shapes passed to the app's own uni.uploadFile / uni.downloadFile
// (window.__fixtureApi, see tests/fixtures/scenarios/scenarios.js), and what the app observes for each: a
// synchronous exception, the return type, callbacks with their errMsg/statusCode, a promise's outcome.
// runOddArguments is serialized into the page: it must not use anything from this module's scope.

export interface OddOutcome {
  shape: string;
  threw?: string;
  returned?: string;
  settled?: unknown;
  callbacks: string[];
  getterReads?: number;
}

export async function runOddArguments(): Promise<OddOutcome[]> {
  type Api = (...args: unknown[]) => unknown;
  const fixture = (window as unknown as { __fixtureApi: { api: string; uploadFile: Api; downloadFile: Api } })
    .__fixtureApi;
  const api = fixture.api;
  const blobUrl = () =>
    URL.createObjectURL(new Blob([new Uint8Array(1024).fill(7)], { type: 'application/octet-stream' }));
  const summarize = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(summarize);
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (typeof value !== 'object' || value === null) return value;
    const { errMsg, statusCode } = value as { errMsg?: unknown; statusCode?: unknown };
    return { errMsg, statusCode };
  };
  const withCallbacks = (options: Record<string, unknown>, log: string[]) => ({
    ...options,
    success: (res: unknown) => log.push(`success ${JSON.stringify(summarize(res))}`),
    fail: (res: unknown) => log.push(`fail ${JSON.stringify(summarize(res))}`),
    complete: () => log.push('complete'),
  });
  const throwingGetter = (key: string, base: Record<string, unknown>) =>
    Object.defineProperty({ ...base }, key, {
      enumerable: true,
      get() {
        throw new Error(`getter ${key} throws`);
      },
    });

  type Shape = [name: string, kind: 'upload' | 'download', args: (log: string[], reads: { n: number }) => unknown[]];
  const up = (tag: string) => `${api}/upload?tag=odd-${tag}`;
  const down = `${api}/download?bytes=2048`;
  const circular: Record<string, unknown> = { a: '1' };
  circular.self = circular;
  const shapes: Shape[] = [
    ['no argument', 'upload', () => []],
    ['null', 'upload', () => [null]],
    ['explicit undefined', 'upload', () => [undefined]],
    ['a number', 'upload', () => [42]],
    ['a string', 'upload', () => [up('string')]],
    ['empty object (promise mode)', 'upload', () => [{}]],
    ['number as url', 'upload', (log) => [withCallbacks({ url: 42, filePath: blobUrl() }, log)]],
    ['missing filePath', 'upload', (log) => [withCallbacks({ url: up('nofile') }, log)]],
    ['empty filePath', 'upload', (log) => [withCallbacks({ url: up('empty'), filePath: '' }, log)]],
    ['number as filePath', 'upload', (log) => [withCallbacks({ url: up('numfile'), filePath: 42 }, log)]],
    [
      'unreachable filePath',
      'upload',
      (log) => [withCallbacks({ url: up('gone'), filePath: 'blob:http://127.0.0.1/none' }, log)],
    ],
    [
      'nested formData',
      'upload',
      (log) => [
        withCallbacks({ url: up('nested'), filePath: blobUrl(), formData: { a: { b: [1, 2] }, c: null } }, log),
      ],
    ],
    [
      'null formData',
      'upload',
      (log) => [withCallbacks({ url: up('nullform'), filePath: blobUrl(), formData: null }, log)],
    ],
    [
      'circular formData',
      'upload',
      (log) => [withCallbacks({ url: up('circular'), filePath: blobUrl(), formData: circular }, log)],
    ],
    ['getter url throws', 'upload', (log) => [throwingGetter('url', withCallbacks({ filePath: blobUrl() }, log))]],
    [
      'getter success throws',
      'upload',
      () => [throwingGetter('success', { url: up('getsuccess'), filePath: blobUrl() })],
    ],
    [
      'getter url counts reads',
      'upload',
      (log, reads) => [
        Object.defineProperty(withCallbacks({ filePath: blobUrl() }, log), 'url', {
          enumerable: true,
          get() {
            reads.n += 1;
            return up('counted');
          },
        }),
      ],
    ],
    [
      'huge header value',
      'upload',
      (log) => [
        withCallbacks({ url: up('hugeheader'), filePath: blobUrl(), header: { 'X-Huge': 'x'.repeat(100_000) } }, log),
      ],
    ],
    [
      'number header value',
      'upload',
      (log) => [withCallbacks({ url: up('numheader'), filePath: blobUrl(), header: { 'X-Num': 7 } }, log)],
    ],
    [
      'invalid header name',
      'upload',
      (log) => [withCallbacks({ url: up('badheader'), filePath: blobUrl(), header: { 'bad header': 'v' } }, log)],
    ],
    [
      'non-function callbacks',
      'upload',
      () => [{ url: up('noncb'), filePath: blobUrl(), success: 'yes', fail: 1, complete: {} }],
    ],
    [
      'empty files array',
      'upload',
      (log) => [withCallbacks({ url: up('emptyfiles'), filePath: blobUrl(), files: [] }, log)],
    ],
    [
      'files without names',
      'upload',
      (log) => [withCallbacks({ url: up('files'), files: [{ uri: blobUrl() }, { name: 'b', uri: blobUrl() }] }, log)],
    ],
    [
      'files not an array',
      'upload',
      (log) => [withCallbacks({ url: up('filesstr'), filePath: blobUrl(), files: 'nope' }, log)],
    ],
    ['number as name', 'upload', (log) => [withCallbacks({ url: up('numname'), filePath: blobUrl(), name: 42 }, log)]],
    [
      'string timeout',
      'upload',
      (log) => [withCallbacks({ url: up('strtimeout'), filePath: blobUrl(), timeout: 'abc' }, log)],
    ],
    [
      'frozen options',
      'upload',
      (log) => [Object.freeze(withCallbacks({ url: up('frozen'), filePath: blobUrl() }, log))],
    ],
    [
      'proxy options',
      'upload',
      (log) => [new Proxy(withCallbacks({ url: up('proxy'), filePath: blobUrl() }, log), {})],
    ],
    [
      'inherited options',
      'upload',
      (log) => [Object.create(withCallbacks({ url: up('inherited'), filePath: blobUrl() }, log))],
    ],
    ['relative url', 'upload', (log) => [withCallbacks({ url: '/upload?tag=odd-relative', filePath: blobUrl() }, log)]],
    [
      'extra arguments',
      'upload',
      (log) => [withCallbacks({ url: up('extra'), filePath: blobUrl() }, log), 'extra', 42],
    ],
    ['download: no argument', 'download', () => []],
    ['download: null url', 'download', (log) => [withCallbacks({ url: null }, log)]],
    ['download: circular header', 'download', (log) => [withCallbacks({ url: down, header: circular }, log)]],
    [
      'download: getter header throws',
      'download',
      (log) => [throwingGetter('header', withCallbacks({ url: down }, log))],
    ],
    ['download: refused connection', 'download', (log) => [withCallbacks({ url: 'http://127.0.0.1:1/closed' }, log)]],
    [
      'download: success only',
      'download',
      (log) => [{ url: down, success: (r: unknown) => log.push(`success ${JSON.stringify(summarize(r))}`) }],
    ],
  ];

  const outcomes: OddOutcome[] = [];
  for (const [shape, kind, makeArgs] of shapes) {
    const callbacks: string[] = [];
    const reads = { n: 0 };
    const outcome: OddOutcome = { shape, callbacks };
    const call = kind === 'upload' ? fixture.uploadFile : fixture.downloadFile;
    let settled: Promise<unknown> = Promise.resolve();
    try {
      const result = call(...makeArgs(callbacks, reads));
      const isThenable = typeof (result as { then?: unknown } | null)?.then === 'function';
      outcome.returned = isThenable ? 'promise' : result === undefined ? 'undefined' : typeof result;
      if (isThenable) {
        settled = (result as Promise<unknown>).then(
          (value) => (outcome.settled = { resolved: summarize(value) }),
          (error) => (outcome.settled = { rejected: summarize(error) }),
        );
      }
    } catch (error) {
      outcome.threw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    // Wait for the call to finish (a callback, or the promise), bounded: some shapes never call back.
    const finished = new Promise<void>((resolve) => {
      const started = performance.now();
      const poll = () => {
        const done = callbacks.includes('complete') || callbacks.some((entry) => entry.startsWith('success'));
        if (done || outcome.settled !== undefined || outcome.threw !== undefined || performance.now() - started > 2000)
          resolve();
        else setTimeout(poll, 20);
      };
      poll();
    });
    await Promise.race([settled, finished]);
    await finished;
    outcome.getterReads = reads.n;
    outcomes.push(outcome);
  }
  return outcomes;
}
