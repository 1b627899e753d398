// Puppeteer downloads its own Chrome at install time unless told not to. This machine's network (and CI's)
// reaches only the npm registry, so when a system Chromium exists we skip the download and use it
// (tests/e2e/harness/browsers.ts picks the executable). On a user's machine without one, puppeteer
// downloads its browser as usual and the harness falls back to it.
const { existsSync } = require('node:fs');
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p));
module.exports = {
  skipDownload: process.env.PUPPETEER_SKIP_DOWNLOAD === 'true' || systemChromium,
  // Firefox is always the system one (firefox-esr or firefox on PATH); never download it.
  firefox: { skipDownload: true },
};
