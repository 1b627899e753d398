// The extension API for panel modules that also run outside the extension (the test shell, the benchmark page,
// component tests): webextension-polyfill throws when loaded there, so these modules use the native namespace,
// whose promise-returning APIs (storage, runtime) are the same in Chromium MV3 and Firefox, or nothing at all.
// Only panel/main.tsx and panel/connection.ts, which run inside DevTools alone, import the polyfill.

import type { Browser } from 'webextension-polyfill';

const host = globalThis as { browser?: Browser; chrome?: Browser };

export const extensionApi: Browser | undefined = host.browser?.runtime?.id
  ? host.browser
  : host.chrome?.runtime?.id
    ? host.chrome
    : undefined;
