// One source manifest (manifest.json), transformed per browser. Firefox needs background.scripts (an event
// page; a service_worker-only manifest is refused), a gecko id, and data_collection_permissions, which needs
// strict_min_version >= 140 (shared/docs/browsers.md, "Firefox manifest facts").

import source from '../manifest.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';
export const GECKO_ID = 'uni-transfer-devtools@uni-transfer-devtools.dev';

type Manifest = typeof source & Record<string, unknown>;

export function manifestFor(browser: TargetBrowser): Manifest {
  const manifest: Manifest = structuredClone(source);
  if (browser === 'chrome') return manifest;
  const { minimum_chrome_version: _chromeOnly, ...rest } = manifest;
  return {
    ...rest,
    background: { scripts: [source.background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  } as unknown as Manifest;
}
