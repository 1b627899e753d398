// `npm start`: build the extension, start the demo uni-app page and open Chromium with the extension loaded and
// DevTools on the "uni Transfers" panel. Flags:
//   --headless            no window (machines without a display)
//   --screenshot <file>   write a PNG of the DevTools window once the panel lists tasks, then exit
//   --runtime <name>      vue3-prod (default), vue3-dev, vue3-notree or vue2
//   --scenario <name>     demo (default) or any fixture scenario

import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { waitForFinalRows } from '../tests/e2e/harness/panel-handle';
import { screenshotDevtools } from '../tests/e2e/harness/screenshot';
import { RUNTIMES, type Runtime, startFixtureEnv } from '../tests/fixtures/index';
import { buildExtension } from './build';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    runtime: { type: 'string', default: 'vue3-prod' },
    scenario: { type: 'string', default: 'demo' },
  },
});
const runtime = values.runtime as Runtime;
if (!RUNTIMES.includes(runtime)) throw new Error(`--runtime must be one of ${RUNTIMES.join(', ')}`);

await buildExtension(['chrome']);
const env = await startFixtureEnv({ runtimes: [runtime] });
const chromium = await launchChromium({ headless: values.headless });
const shutDown = async () => {
  await chromium.close().catch(() => undefined);
  await env.close();
};
process.once('SIGINT', () => void shutDown().then(() => process.exit(0)));

const url = env.appUrl(runtime, values.scenario);
const page = await chromium.newPage(url);
const panel = await chromium.openPanel(page);
console.log(`demo page: ${url}`);
console.log(`DevTools is open on the "uni Transfers" panel. The transfer server: ${env.server.origin}`);

if (values.screenshot) {
  // The demo starts several tasks; wait until they are listed and settled before taking the picture.
  await waitForFinalRows(panel, 3, 60_000);
  // Select the first row so the picture shows the details too.
  await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid="task-row"]')?.click());
  const file = path.resolve(values.screenshot);
  await screenshotDevtools(panel.devtools, file);
  console.log(`screenshot: ${file}`);
  await shutDown();
  process.exit(0);
}
if (values.headless) console.log('Running headless; press Ctrl+C to stop.');
else console.log('Close the browser or press Ctrl+C to stop.');
chromium.browser.once('disconnected', () => void env.close().then(() => process.exit(0)));
