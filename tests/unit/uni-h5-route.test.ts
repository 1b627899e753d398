// The build transform of @dcloudio/uni-h5 (plugin/uni-h5-route.ts) on small modules, run for real. On the
// fixture's installed uni-h5: tests/e2e/uni-h5-route-installed.test.ts (it needs the prepared fixtures).

import { describe, expect, it } from 'vitest';
import { routeUniH5, UNI_H5_ES_MODULE } from '../../plugin/uni-h5-route';

const ROUTE = Symbol.for('uni-transfer-devtools.route');

/** Split so that Vite does not take it for this test file's own source map. */
const MAP_COMMENT = ['//#', 'sourceMappingURL=uni-h5.es.js.map'].join(' ');
const MODULE = `const uploadFile = /* @__PURE__ */ defineTaskApi("uploadFile");
function downloadFile$1() {}
const request = 1;
export {
  downloadFile$1 as downloadFile,
  request,
  uploadFile
};
${MAP_COMMENT}
`;

/** Evaluates the transformed module body (exports made into a return) with or without a route on globalThis. */
function evaluate(code: string, route?: (name: string, fn: unknown) => unknown) {
  const body = code.replace(/export\s*\{([^}]*)\};?/, (_all, list: string) => {
    const pairs = list.split(',').map((entry) => {
      const [local, exported = local] = entry.trim().split(/\s+as\s+/);
      return `${exported}: ${local}`;
    });
    return `const __exports = () => ({ ${pairs.join(', ')} });`;
  });
  const host = globalThis as unknown as Record<symbol, unknown>;
  if (route) host[ROUTE] = route;
  try {
    return new Function('defineTaskApi', `${body}\nreturn __exports();`)((name: string) => ({ name })) as Record<
      string,
      unknown
    >;
  } finally {
    delete host[ROUTE];
  }
}

describe('routeUniH5', () => {
  it('routes uploadFile and downloadFile through the route, keeping the other exports and the lines', () => {
    const out = routeUniH5(MODULE) as string;
    expect(out).toContain(
      '  __uniTransfersDownloadFile as downloadFile,\n  request,\n  __uniTransfersUploadFile as uploadFile\n};',
    );
    expect(out).toContain(
      'const __uniTransfersUploadFile = /* @__PURE__ */ __uniTransfersRoute("uploadFile", uploadFile);',
    );
    expect(out).toContain(
      'const __uniTransfersDownloadFile = /* @__PURE__ */ __uniTransfersRoute("downloadFile", downloadFile$1);',
    );
    // Everything up to the end of the export statement stays on its line.
    expect(out.slice(0, out.indexOf('export {'))).toBe(MODULE.slice(0, MODULE.indexOf('export {')));
    expect(out.indexOf('};')).toBeGreaterThan(0);
    expect(out.slice(0, out.indexOf('};')).split('\n')).toHaveLength(
      MODULE.slice(0, MODULE.indexOf('};')).split('\n').length,
    );
    expect(out.trimEnd().endsWith(MAP_COMMENT)).toBe(true);
  });

  it('hands the functions to the route when there is one, and exports them unchanged otherwise', () => {
    const out = routeUniH5(MODULE) as string;
    const plain = evaluate(out);
    expect(plain.uploadFile).toEqual({ name: 'uploadFile' });
    expect(typeof plain.downloadFile).toBe('function');
    const seen: string[] = [];
    const routed = evaluate(out, (name) => {
      seen.push(name);
      return `routed ${name}`;
    });
    expect(seen).toEqual(['uploadFile', 'downloadFile']);
    expect([routed.uploadFile, routed.downloadFile, routed.request]).toEqual([
      'routed uploadFile',
      'routed downloadFile',
      1,
    ]);
    const failing = evaluate(out, () => {
      throw new Error('agent bug');
    });
    expect(failing.uploadFile).toEqual({ name: 'uploadFile' });
  });

  it('returns null when the module does not end with the expected export list', () => {
    expect(routeUniH5('export { uploadFile };\nconsole.log(1);')).toBeNull();
    expect(routeUniH5('const a = 1;\nexport { uploadFile, a };')).toBeNull();
    expect(routeUniH5('export default {};')).toBeNull();
    expect(routeUniH5('')).toBeNull();
  });

  it('matches the ES module id whatever the separators and query', () => {
    expect(UNI_H5_ES_MODULE.test('/p/node_modules/@dcloudio/uni-h5/dist/uni-h5.es.js')).toBe(true);
    expect(UNI_H5_ES_MODULE.test('C:\\p\\node_modules\\@dcloudio\\uni-h5\\dist\\uni-h5.es.js?v=1')).toBe(true);
    expect(UNI_H5_ES_MODULE.test('/p/node_modules/@dcloudio/uni-h5/dist/uni-h5.cjs.js')).toBe(false);
  });
});
