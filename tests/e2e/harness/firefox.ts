/**
 * Firefox (ESR) end-to-end harness: launches Firefox through puppeteer over WebDriver BiDi,
 * installs the unpacked MV3 extension as a temporary add-on, opens pages, opens the REAL
 * DevTools toolbox for a page, selects the extension's panel and lets tests evaluate code
 * inside the panel document.
 *
 * Pinned to Debian's firefox-esr 153 (`/usr/lib/firefox-esr/firefox-esr`). The toolbox part
 * relies on Firefox internals (see `firefox-chrome.ts`); if a Firefox update breaks it, that is
 * the file to look at.
 *
 * How it works:
 *  1. `puppeteer.launch({browser: 'firefox'})` with `--remote-allow-system-access` (lets BiDi run
 *     code in the privileged browser window: `browsingContext.getTree {"moz:scope": "chrome"}`),
 *     an explicit `--profile` under a private temp dir, and the pref
 *     `extensions.webextensions.uuids` so the add-on gets a fixed `moz-extension://<uuid>` origin.
 *  2. `browser.installExtension(dir)` installs the unpacked folder as a temporary add-on.
 *  3. `openDevToolsPanel` sends BiDi `script.callFunction` to the chrome window; the privileged
 *     helper maps the page's BiDi context id to its tab (remote agent's `NavigableManager`), calls
 *     `gDevTools.showToolboxForTab(tab)`, waits for the extension's additional tool (matched by
 *     `extensionId` + label), `toolbox.selectTool(id)`, and finds the panel's remote `<browser>`
 *     (`#webext-panels-browser` inside the `toolbox-panel-iframe-<id>` iframe).
 *  4. Code runs in the panel document through a message-manager frame script loaded into that
 *     `<browser>`: it evaluates the source in a `Cu.Sandbox` whose prototype is the panel window
 *     (`wantXrays: false`, so it sees the real DOM and page globals; not subject to the
 *     extension CSP) and posts the JSON result back.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { CHROME_HELPER_SOURCE, CHROME_HELPER_VERSION } from './firefox-chrome.js';
import { PROTOCOL_TIMEOUT_MS, WAIT_MS } from './wait';

export interface FirefoxLaunchOptions {
  /** Unpacked extension folder (contains manifest.json), e.g. `dist/firefox`. */
  extensionDir: string;
  /** `browser_specific_settings.gecko.id` of the extension. */
  geckoId: string;
  /** Default: env FIREFOX_PATH, else /usr/lib/firefox-esr/firefox-esr, else `firefox` on PATH. */
  executablePath?: string;
  /** Default true. A headful run needs a display. */
  headless?: boolean;
  /** Fixed moz-extension host; default: a random UUID per launch. */
  extensionUuid?: string;
  /** Parent of the per-launch temp dir (profile + TMPDIR of Firefox). Default: env UNI_E2E_TMPDIR, else env UNI_TEST_TMP, else /tmp. */
  tmpRoot?: string;
  /** Extra Firefox prefs. */
  prefs?: Record<string, unknown>;
  /** Extra Firefox command-line arguments. */
  args?: string[];
  /** Print Firefox's stdout/stderr (debugging). */
  dumpio?: boolean;
}

/** Function (serialised with `toString()`, so it must not close over test-scope variables) or source text. */
export type PanelFn = string | ((...args: never[]) => unknown);

export interface PanelHandle {
  /** Toolbox tool id of the extension panel (Firefox-generated). */
  readonly toolId: string;
  /**
   * Runs `fn` in the panel document and returns its JSON-serialised result (promises are awaited).
   * `fn` is a function or function source (`"() => document.title"`, `"(a, b) => a + b"`) called with
   * `args` (JSON-serialisable), or a plain expression (`"document.title"`). `undefined` comes back as
   * `undefined`; a thrown error rejects with its message and stack.
   */
  evaluate<T = unknown>(fn: PanelFn, ...args: unknown[]): Promise<T>;
  /** Polls `predicate` (function, function source or expression) in the panel until truthy. Default timeout 10 s. */
  waitFor(predicate: PanelFn, opts?: { timeoutMs?: number; intervalMs?: number; args?: unknown[] }): Promise<void>;
  /** Closes the toolbox of this tab. */
  close(): Promise<void>;
}

export interface FirefoxSession {
  browser: Browser;
  /** `moz-extension://<uuid>` (no trailing slash). */
  extensionOrigin: string;
  /** Add-on id returned by Firefox (equals geckoId). */
  extensionId: string;
  /** Per-launch temp dir (profile inside); removed by close(). */
  tmpDir: string;
  /** Opens a new tab and waits until `url` has loaded (`load` event). */
  newPage(url: string): Promise<Page>;
  /** Opens the real toolbox for `page`, selects the extension panel titled `panelTitle`, waits until its document has loaded. */
  openDevToolsPanel(page: Page, panelTitle: string, opts?: { timeoutMs?: number }): Promise<PanelHandle>;
  /** Runs a privileged function (source) in the browser window. Escape hatch for debugging. */
  evaluateChrome<T = unknown>(fnSource: string, ...args: unknown[]): Promise<T>;
  /** Closes the browser (kills it if it does not exit) and removes the temp dir. Idempotent. */
  close(): Promise<void>;
}

const debug = (msg: string) => {
  if (process.env.UNI_E2E_DEBUG) console.error(`[firefox-harness] ${msg}`);
};

const ESR_PATH = '/usr/lib/firefox-esr/firefox-esr';

function resolveFirefoxPath(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.FIREFOX_PATH) return process.env.FIREFOX_PATH;
  if (existsSync(ESR_PATH)) return ESR_PATH;
  for (const name of ['firefox-esr', 'firefox']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return 'firefox';
}

function sourceOf(fn: PanelFn): string {
  return typeof fn === 'function' ? fn.toString() : fn;
}

/** Page → BiDi browsing-context id (puppeteer's BidiFrame keeps it in `_id`). */
function contextIdOf(page: Page): string {
  // biome-ignore lint/suspicious/noExplicitAny: puppeteer internal
  const id = (page.mainFrame() as any)._id;
  if (typeof id !== 'string') throw new Error('Cannot get the BiDi context id of the page');
  return id;
}

interface BidiConnection {
  // biome-ignore lint/suspicious/noExplicitAny: raw protocol
  send(method: string, params: unknown, timeout?: number): Promise<{ result: any }>;
}

/**
 * The environment without libfaketime: Firefox ESR hangs at start under it, whatever the offset (`faketime -f +365d
 * firefox-esr --headless --screenshot x.png about:blank` never ends; without it, 10 s), before any code of ours
 * runs. So when the suite runs with the clock moved (`faketime -f +365d npm test`), Firefox keeps the real clock
 * while the servers, Node and Chromium run on the moved one: the mixed clocks of a phone and a dev server.
 */
function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const preload = env.LD_PRELOAD?.split(/[: ]/).filter((library) => library && !library.includes('faketime'));
  const rest = { ...env };
  for (const name of Object.keys(rest)) if (name.startsWith('FAKETIME')) delete rest[name];
  if (preload?.length) rest.LD_PRELOAD = preload.join(':');
  else delete rest.LD_PRELOAD;
  return rest;
}

export async function launchFirefox(opts: FirefoxLaunchOptions): Promise<FirefoxSession> {
  const executablePath = resolveFirefoxPath(opts.executablePath);
  const uuid = opts.extensionUuid ?? randomUUID();
  const tmpParent = path.resolve(opts.tmpRoot ?? process.env.UNI_E2E_TMPDIR ?? process.env.UNI_TEST_TMP ?? '/tmp');
  await mkdir(tmpParent, { recursive: true });
  const tmpDir = await mkdtemp(path.join(tmpParent, 'uni-ff-'));
  const profileDir = path.join(tmpDir, 'profile');
  const ffTmp = path.join(tmpDir, 'tmp');
  await mkdir(profileDir);
  await mkdir(ffTmp);

  let browser: Browser | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (browser) {
      const proc = browser.process();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          browser.close(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('browser.close timeout')), 10_000);
          }),
        ]);
      } catch {
        proc?.kill('SIGKILL');
      } finally {
        clearTimeout(timer);
      }
      // Make sure the process is gone before removing its profile.
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            proc.kill('SIGKILL');
            resolve();
          }, 5_000);
          proc.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    }
    await rm(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: opts.headless ?? true,
      dumpio: opts.dumpio ?? false,
      // Above WAIT_MS: a waitForFunction is one long protocol call, and its own timeout should be the one to end it.
      protocolTimeout: PROTOCOL_TIMEOUT_MS,
      // `--profile` here makes puppeteer use our dir (it then does not delete it: close() does).
      args: ['--remote-allow-system-access', '--profile', profileDir, ...(opts.args ?? [])],
      env: { ...withoutFaketime(process.env), TMPDIR: ffTmp, MOZ_CRASHREPORTER_DISABLE: '1' },
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [opts.geckoId]: uuid }),
        // Quiet, predictable DevTools.
        'devtools.toolbox.host': 'bottom',
        'devtools.toolbox.splitconsole.open': false,
        'devtools.everOpened': true,
        'devtools.performance.new-panel-onboarding': false,
        'devtools.webconsole.input.editorOnboarding': false,
        'devtools.inspector.showUserAgentStyles': false,
        'browser.shell.checkDefaultBrowser': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        ...(opts.prefs ?? {}),
      },
    });
    // An empty extensionDir launches Firefox without the add-on (differential runs, benchmarks).
    const extensionId = opts.extensionDir
      ? await browser.installExtension(path.resolve(opts.extensionDir))
      : opts.geckoId;
    if (extensionId !== opts.geckoId) {
      throw new Error(`Installed add-on id ${extensionId} differs from geckoId ${opts.geckoId}`);
    }
    const b = browser;
    // biome-ignore lint/suspicious/noExplicitAny: puppeteer keeps the BiDi connection internal
    const connection = (b as any).connection as BidiConnection;

    let chromeContext: string | undefined;
    const getChromeContext = async (): Promise<string> => {
      if (chromeContext) return chromeContext;
      const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
      const ctx = (result.contexts as Array<{ context: string; url: string }>).find((c) =>
        c.url.startsWith('chrome://browser/content/browser.xhtml'),
      );
      if (!ctx) throw new Error(`No chrome browser window among ${JSON.stringify(result.contexts)}`);
      chromeContext = ctx.context;
      return chromeContext;
    };

    /** Calls `__uniHarness[method](...args)` in the chrome window; args and result are JSON. */
    const callChrome = async <T>(method: string, args: unknown[], timeoutMs = WAIT_MS): Promise<T> => {
      const context = await getChromeContext();
      const { result } = await connection.send(
        'script.callFunction',
        {
          functionDeclaration: `async function (helperSrc, method, argsJson) {
            if (!window.__uniHarness || window.__uniHarness.version !== ${JSON.stringify(CHROME_HELPER_VERSION)}) {
              window.__uniHarness = (0, eval)(helperSrc);
            }
            return JSON.stringify(await window.__uniHarness[method](...JSON.parse(argsJson)));
          }`,
          target: { context },
          arguments: [
            { type: 'string', value: CHROME_HELPER_SOURCE },
            { type: 'string', value: method },
            { type: 'string', value: JSON.stringify(args) },
          ],
          awaitPromise: true,
          resultOwnership: 'none',
        },
        timeoutMs,
      );
      if (result.type === 'exception') {
        const d = result.exceptionDetails;
        throw new Error(`Firefox chrome helper ${method} failed: ${d?.text ?? JSON.stringify(d)}`);
      }
      const value = result.result?.value;
      return value === undefined ? (undefined as T) : (JSON.parse(value) as T);
    };

    const newPage = async (url: string): Promise<Page> => {
      const page = await b.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    };

    const openDevToolsPanel = async (
      page: Page,
      panelTitle: string,
      o: { timeoutMs?: number } = {},
    ): Promise<PanelHandle> => {
      const timeoutMs = o.timeoutMs ?? WAIT_MS;
      const contextId = contextIdOf(page);
      const started = Date.now();
      const { toolId } = await callChrome<{ toolId: string }>(
        'openPanel',
        [contextId, opts.geckoId, panelTitle, timeoutMs],
        timeoutMs + 5_000,
      );
      const selectedAt = Date.now();

      const evalIn = async <T>(fn: string, args: unknown[], timeoutMs: number): Promise<T> => {
        const r = await callChrome<{ ok: boolean; value?: string; error?: string }>(
          'evalInPanel',
          [contextId, toolId, fn, args, timeoutMs],
          timeoutMs + 5_000,
        );
        if (!r.ok) throw new Error(`panel.evaluate failed: ${r.error}`);
        return r.value === undefined ? (undefined as T) : (JSON.parse(r.value) as T);
      };
      const evaluate = <T>(fn: PanelFn, ...args: unknown[]): Promise<T> => evalIn<T>(sourceOf(fn), args, WAIT_MS);

      const waitFor = async (
        predicate: PanelFn,
        w: { timeoutMs?: number; intervalMs?: number; args?: unknown[] } = {},
      ) => {
        const predicateSource = sourceOf(predicate);
        const deadline = Date.now() + (w.timeoutMs ?? WAIT_MS);
        let last: unknown;
        for (;;) {
          try {
            last = await evalIn<boolean>(
              `async (...args) => { let v = (${predicateSource}\n); if (typeof v === 'function') v = v(...args); return !!(await v); }`,
              w.args ?? [],
              Math.max(1_000, Math.min(5_000, deadline - Date.now())),
            );
            if (last === true) return;
          } catch (e) {
            last = e;
          }
          if (Date.now() > deadline) {
            throw new Error(
              `panel.waitFor timed out: ${predicateSource} (last: ${last instanceof Error ? last.message : String(last)})`,
            );
          }
          await new Promise((r) => setTimeout(r, w.intervalMs ?? 50));
        }
      };

      // The panel <browser> loads asynchronously after selectTool: wait for its document.
      await waitFor(
        `document.readyState === 'complete' && location.href.startsWith(${JSON.stringify(`moz-extension://${uuid}/`)})`,
        { timeoutMs },
      );
      debug(
        `panel ${toolId}: selected after ${selectedAt - started} ms, document loaded after ${Date.now() - started} ms`,
      );

      return {
        toolId,
        evaluate,
        waitFor,
        close: () => callChrome<void>('closeToolbox', [contextId]),
      };
    };

    return {
      browser: b,
      extensionOrigin: `moz-extension://${uuid}`,
      extensionId,
      tmpDir,
      newPage,
      openDevToolsPanel,
      evaluateChrome: (fnSource: string, ...args: unknown[]) => callChrome('evalChrome', [fnSource, args]),
      close,
    };
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
}
