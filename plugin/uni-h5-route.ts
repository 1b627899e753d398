// In tree-shaken uni-app builds there is no global `uni`: the app's `uni.uploadFile(…)` is compiled to an import
// of `uploadFile` from @dcloudio/uni-h5 (shared/docs/uni-h5-runtime.md), which no page script can reach. So the
// build rewrites that module's export list to hand each function to the agent in charge once, as the module runs:
//
//   export { …, __uniTransfersUploadFile as uploadFile, … };
//   const __uniTransfersUploadFile = /* @__PURE__ */ __uniTransfersRoute("uploadFile", uploadFile);
//
// The agent (the plugin's or the extension's, whichever runs first) defines the route on window before uni's
// module runs (agent/start.ts ROUTE); without one, or if it throws, the app gets uni's function as is.
// PURE keeps tree-shaking: an app that never imports uploadFile carries neither the call nor the function.

/** Where the transform applies: the ES build of @dcloudio/uni-h5, whatever the path separators and query. */
export const UNI_H5_ES_MODULE = /[\\/]@dcloudio[\\/]uni-h5[\\/]dist[\\/]uni-h5\.es\.js(?:[?#].*)?$/;

const ROUTED = [
  ['uploadFile', '__uniTransfersUploadFile'],
  ['downloadFile', '__uniTransfersDownloadFile'],
] as const;

const ROUTE_FUNCTION =
  'function __uniTransfersRoute(name, fn) { const route = globalThis[Symbol.for("uni-transfer-devtools.route")]; ' +
  'if (typeof route !== "function") return fn; try { return route(name, fn); } catch (e) { return fn; } }';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** What may follow the export list: whitespace and comments (a source map's URL). */
const TRAILER = /^;?\s*(?:(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*)*$/;

/** The module's last statement, `export { a, b as c, … };`: the span between its braces, or null. */
function finalExportList(code: string): { start: number; end: number } | null {
  const end = code.lastIndexOf('}');
  const start = code.lastIndexOf('{', end);
  if (end < 0 || start < 0 || !TRAILER.test(code.slice(end + 1))) return null;
  return /(?:^|[\s;}])export\s*$/.test(code.slice(Math.max(0, start - 20), start)) ? { start: start + 1, end } : null;
}

/**
 * Returns the module with `uploadFile` and `downloadFile` routed through the agent, or null when the export list
 * does not have the expected shape (another uni-h5 version): the caller warns, and the build stays as it was.
 */
export function routeUniH5(code: string): string | null {
  const list = finalExportList(code);
  if (!list) return null;
  const locals = new Map<string, string>();
  const rewritten = code
    .slice(list.start, list.end)
    .split(',')
    .map((entry) => {
      const parts = entry.trim().split(/\s+as\s+/);
      const local = parts[0] ?? '';
      const exported = parts[1] ?? local;
      const routed = ROUTED.find(([name]) => name === exported);
      if (!routed || parts.length > 2 || !IDENTIFIER.test(local) || locals.has(exported)) return entry;
      locals.set(exported, local);
      // The entry's own whitespace is kept: lines stay in place for the source map.
      const lead = entry.slice(0, entry.length - entry.trimStart().length);
      const trail = entry.slice(entry.trimEnd().length);
      return `${lead}${routed[1]} as ${exported}${trail}`;
    });
  if (locals.size !== ROUTED.length) return null;
  const declarations = ROUTED.map(
    ([name, alias]) =>
      `const ${alias} = /* @__PURE__ */ __uniTransfersRoute(${JSON.stringify(name)}, ${locals.get(name)});`,
  );
  // Right after the statement, before any trailing comment (a source map's URL stays last).
  const statementEnd = code.startsWith('};', list.end) ? list.end + 2 : list.end + 1;
  return [
    code.slice(0, list.start),
    rewritten.join(','),
    code.slice(list.end, statementEnd),
    '\n',
    ...declarations.map((line) => `${line}\n`),
    ROUTE_FUNCTION,
    code.slice(statementEnd),
  ].join('');
}
