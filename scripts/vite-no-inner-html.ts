import type { Plugin } from 'vite';

// Everything the panel shows comes from the inspected page, so the panel never renders HTML: Preact's
// dangerouslySetInnerHTML branch (the only innerHTML write in the bundle) is replaced with a throw. This also
// keeps `web-ext lint` at 0 warnings (UNSAFE_VAR_ASSIGNMENT).
const ASSIGNMENT = /\(([A-Za-z_$][\w$]*)\.innerHTML\s*=\s*([A-Za-z_$][\w$]*)\.__html\)/g;

export function noInnerHtml(): Plugin {
  return {
    name: 'uni-transfer-devtools:no-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.mjs$/.test(id.split('?')[0] ?? '')) return null;
      const replaced = code.replace(
        ASSIGNMENT,
        () => '(() => { throw new Error("innerHTML is disabled in this panel"); })()',
      );
      if (replaced === code) this.error('preact changed: the innerHTML assignment to disable was not found');
      return { code: replaced, map: null };
    },
  };
}
