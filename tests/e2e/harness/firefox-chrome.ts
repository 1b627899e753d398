/**
 * Privileged helper evaluated in Firefox's browser window (chrome://browser/content/browser.xhtml)
 * through WebDriver BiDi `script.callFunction` (needs `--remote-allow-system-access`).
 *
 * Kept as plain JavaScript text (not compiled TypeScript) because it runs inside Firefox, and
 * because test transforms must not inject helpers into it. It uses Firefox internals pinned to
 * firefox-esr 153:
 *  - chrome://remote/content/shared/NavigableManager.sys.mjs  `getBrowserById(bidiContextId)`
 *  - resource://devtools/shared/loader/Loader.sys.mjs → `devtools/client/framework/devtools`
 *    `gDevTools.showToolboxForTab / getToolboxForTab / closeToolboxForTab`
 *  - toolbox `getAdditionalTools()` (definitions with `extensionId`, `label`), `selectTool(id)`
 *  - panel DOM from browser/components/extensions/parent/ext-devtools-panels.js and
 *    webext-panels.js: iframe `#toolbox-panel-iframe-<toolId>` → `<browser id="webext-panels-browser">`
 *  - message-manager frame scripts (`browser.messageManager.loadFrameScript`) and `Cu.Sandbox`.
 */
export const CHROME_HELPER_VERSION = '2';

export const CHROME_HELPER_SOURCE = String.raw`({
  version: ${JSON.stringify(CHROME_HELPER_VERSION)},
  _seq: 0,
  _loaded: new WeakSet(),

  _mods() {
    const { NavigableManager } = ChromeUtils.importESModule(
      'chrome://remote/content/shared/NavigableManager.sys.mjs');
    const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    return { NavigableManager, gDevTools };
  },

  _sleep(ms) { return new Promise(r => setTimeout(r, ms)); },

  _tab(contextId) {
    const { NavigableManager } = this._mods();
    const browser = NavigableManager.getBrowserById(contextId);
    if (!browser) throw new Error('No tab browser for BiDi context ' + contextId);
    const win = browser.ownerDocument && browser.ownerDocument.defaultView;
    const tab = win && win.gBrowser && win.gBrowser.getTabForBrowser(browser);
    if (!tab) throw new Error('No tab for BiDi context ' + contextId);
    return tab;
  },

  _toolbox(contextId) {
    const { gDevTools } = this._mods();
    const toolbox = gDevTools.getToolboxForTab(this._tab(contextId));
    if (!toolbox) throw new Error('No DevTools toolbox open for this tab');
    return toolbox;
  },

  _panelBrowser(toolbox, toolId) {
    const iframe = toolbox.doc && toolbox.doc.getElementById('toolbox-panel-iframe-' + toolId);
    const doc = iframe && iframe.contentDocument;
    return (doc && doc.getElementById('webext-panels-browser')) || null;
  },

  async openPanel(contextId, extensionId, title, timeoutMs) {
    const { gDevTools } = this._mods();
    const deadline = Date.now() + timeoutMs;
    const tab = this._tab(contextId);
    const toolbox = await gDevTools.showToolboxForTab(tab);
    let def;
    for (;;) {
      def = toolbox.getAdditionalTools().find(d => d.extensionId === extensionId && d.label === title);
      if (def) break;
      if (Date.now() > deadline) {
        throw new Error('Extension panel "' + title + '" of ' + extensionId + ' not registered; have: ' +
          JSON.stringify(toolbox.getAdditionalTools().map(d => ({ id: d.id, extensionId: d.extensionId, label: d.label }))));
      }
      await this._sleep(50);
    }
    await toolbox.selectTool(def.id, 'uni-e2e');
    // The panel <browser> is created asynchronously after selectTool and may start in a "web"
    // process with about:blank, then switch to the "extension" process (new frame loader and new
    // message manager): wait until the extension page is the committed document.
    for (;;) {
      const browser = this._panelBrowser(toolbox, def.id);
      const wg = browser && browser.browsingContext && browser.browsingContext.currentWindowGlobal;
      const uri = wg && wg.documentURI && wg.documentURI.spec;
      if (uri && uri.startsWith('moz-extension://') && browser.messageManager) break;
      if (Date.now() > deadline) {
        throw new Error('Panel document of ' + def.id + ' did not load (browser: ' + !!browser + ', uri: ' + uri + ')');
      }
      await this._sleep(25);
    }
    return { toolId: def.id };
  },

  async closeToolbox(contextId) {
    const { gDevTools } = this._mods();
    await gDevTools.closeToolboxForTab(this._tab(contextId));
  },

  _frameScript() {
    // Runs in the panel's content process, in the message-manager frame script scope.
    const sandboxes = new WeakMap();
    addMessageListener('uniHarness:eval', async msg => {
      const { id, src, argsJson } = msg.data;
      let reply;
      try {
        const win = content;
        if (!win) throw new Error('panel browser has no content window');
        let sb = sandboxes.get(win);
        if (!sb) {
          sb = Cu.Sandbox(win, { sandboxPrototype: win, wantXrays: false, sandboxName: 'uni-e2e-harness' });
          sandboxes.set(win, sb);
        }
        const code = '(async () => { try {' +
          ' let __v = (' + src + '\n);' +
          ' if (typeof __v === "function") __v = __v(...JSON.parse(' + JSON.stringify(argsJson) + '));' +
          ' __v = await __v;' +
          ' return JSON.stringify({ ok: true, value: __v === undefined ? undefined : JSON.stringify(__v) });' +
          ' } catch (e) { return JSON.stringify({ ok: false, error: String(e) + (e && e.stack ? "\\n" + e.stack : "") }); }' +
          ' })()';
        const json = await Cu.evalInSandbox(code, sb, null, 'uni-e2e-harness.js', 1);
        reply = JSON.parse(json);
      } catch (e) {
        reply = { ok: false, error: String(e) };
      }
      sendAsyncMessage('uniHarness:result', { id, ...reply });
    });
  },

  _ensureFrameScript(browser) {
    const mm = browser.messageManager;
    if (!mm) throw new Error('panel <browser> has no message manager yet');
    if (!this._loaded.has(mm)) {
      mm.loadFrameScript('data:application/javascript;charset=utf-8,' +
        encodeURIComponent('(' + this._frameScript.toString().replace(/^_frameScript/, 'function') + ')();'), true);
      this._loaded.add(mm);
    }
    return mm;
  },

  evalInPanel(contextId, toolId, src, args, timeoutMs) {
    const toolbox = this._toolbox(contextId);
    const browser = this._panelBrowser(toolbox, toolId);
    if (!browser) throw new Error('Panel ' + toolId + ' is not built (was it selected?)');
    const mm = this._ensureFrameScript(browser);
    const id = ++this._seq;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        clearInterval(watchdog);
        mm.removeMessageListener('uniHarness:result', listener);
      };
      const listener = msg => {
        if (msg.data.id !== id) return;
        done();
        resolve(msg.data);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('panel evaluate: no answer within ' + timeoutMs + ' ms'));
      }, timeoutMs);
      // A message sent just before the panel <browser> changes process or is destroyed is never
      // answered: fail fast instead of waiting for the timeout (waitFor retries).
      const watchdog = setInterval(() => {
        if (!browser.isConnected || browser.messageManager !== mm) {
          done();
          resolve({ ok: false, retryable: true, error: 'panel <browser> changed process or was removed during evaluate' });
        }
      }, 100);
      mm.addMessageListener('uniHarness:result', listener);
      mm.sendAsyncMessage('uniHarness:eval', { id, src, argsJson: JSON.stringify(args) });
    });
  },

  async evalChrome(src, args) {
    return await (0, eval)('(' + src + ')')(...args);
  },
})`;
