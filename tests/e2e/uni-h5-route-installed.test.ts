// The build transform of @dcloudio/uni-h5 (plugin/uni-h5-route.ts) on the uni-h5 the Vue 3 fixture installs
// (the small cases are unit tests: tests/unit/uni-h5-route.test.ts). Here, not there: the fixtures are installed
// after the unit tests run.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { routeUniH5 } from '../../plugin/uni-h5-route';
import { prepareFixtures } from '../fixtures/index';

const INSTALLED = path.join(
  'tests',
  'fixtures',
  'uni-vue3',
  'node_modules',
  '@dcloudio',
  'uni-h5',
  'dist',
  'uni-h5.es.js',
);

beforeAll(async () => {
  await prepareFixtures({ runtimes: ['vue3-dev'], log: () => {} });
});

it('transforms the installed @dcloudio/uni-h5 of the Vue 3 fixture', () => {
  const code = readFileSync(INSTALLED, 'utf8');
  const out = routeUniH5(code) as string;
  expect(out).not.toBeNull();
  expect(out.length - code.length).toBeLessThan(700);
  const list = out.slice(out.lastIndexOf('export {'));
  expect(list).toMatch(/\n {2}__uniTransfersUploadFile as uploadFile,\n/);
  expect(list).toMatch(/\n {2}__uniTransfersDownloadFile as downloadFile,\n/);
  expect(list).toContain('__uniTransfersRoute("uploadFile", uploadFile)');
  expect(out.split('\n').length).toBe(code.split('\n').length + 3);
});
