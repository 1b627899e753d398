// The Vite plugin of the npm package `uni-transfer-devtools`: the uni Transfers panel for phones.
//
// On the dev server (and `vite preview`) it puts the agent at the top of every page and opens the hub on the
// server's own port, where a desktop "viewer" (the panel on a WebSocket) watches each phone's transfers. Only
// Vite 5 APIs are used: uni-app's CLI still ships Vite 5.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Connect, Logger, Plugin, ResolvedConfig } from 'vite';
import { loadDeviceKey } from './device-key';
import { createHub } from './hub';
import { routeUniH5, UNI_H5_ES_MODULE } from './uni-h5-route';
import { listeningOrigin, VIEWER_LINE_PREFIX, viewerUrl } from './viewer-url';

export interface UniTransfersOptions {
  /**
   * Also put the agent in `vite build` (`uni build`) output, for a test build on a phone. Default false: a plain
   * build carries no trace of the plugin. Such a build connects to `server` and must never reach production.
   */
  build?: boolean;
  /** The viewer's secret (the `?token=` of the printed URL). Default: random at each server start. */
  token?: string;
  /**
   * With `build: true`: the origin of the dev server (or `uni-transfer-devtools serve`) whose hub the built
   * pages connect to, e.g. `http://192.168.1.20:5173`. Default: the page's own origin.
   */
  server?: string;
  /**
   * Origins of app pages served by another machine or name (`http://test-box.lan:8080`) whose agents may connect
   * to this hub. Pages of the dev server itself and of other ports of the same host need no entry; a page of any
   * other origin is refused (README: "The dev server on your network").
   */
  allowedOrigins?: string[];
}

/** The parts of ViteDevServer and PreviewServer (Vite 5+) the hub needs. */
interface AnyServer {
  config: ResolvedConfig;
  middlewares: Connect.Server;
  httpServer: unknown;
  resolvedUrls: { local: string[]; network: string[] } | null;
  printUrls(): void;
}

const AGENT_FILE = () => fileURLToPath(new URL('./agent.js', import.meta.url));

function checkedServer(server: string | undefined): string | undefined {
  if (server === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(server);
  } catch {
    // Reported below.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`[uni-transfer-devtools] server must be an http(s) origin, got ${JSON.stringify(server)}`);
  }
  return url.origin;
}

export default function uniTransfers(options: UniTransfersOptions = {}): Plugin {
  const server = checkedServer(options.server);
  let command: ResolvedConfig['command'] = 'serve';
  let logger: Logger | undefined;
  let agent: string | undefined;
  let warnedRoute = false;

  /** The agent's text, read once. `</script` cannot end the inline script early: `<\/` means `</` in JS. */
  const agentScript = () => {
    try {
      agent ??= readFileSync(AGENT_FILE(), 'utf8').replace(/<\/(script)/gi, '<\\/$1');
    } catch (error) {
      throw new Error(`[uni-transfer-devtools] the agent script is missing from this install (${String(error)})`);
    }
    return agent;
  };

  /** The host names the server answers to besides IPs and loopback names, as Vite's own host check takes them
   * (`server.allowedHosts`, Vite 5.4.12+, and the configured `host`). */
  function allowedHosts(settings: { host?: unknown; allowedHosts?: unknown }): string[] | true {
    if (settings.allowedHosts === true) return true;
    const listed = Array.isArray(settings.allowedHosts)
      ? settings.allowedHosts.filter((h) => typeof h === 'string')
      : [];
    return typeof settings.host === 'string' && settings.host ? [...listed, settings.host] : listed;
  }

  function attachHub(target: AnyServer, preview: boolean): void {
    const httpServer = target.httpServer as Server | null;
    const log = target.config.logger;
    if (!httpServer) {
      log.warn('[uni-transfer-devtools] no http server (middleware mode): the uni Transfers hub is off');
      return;
    }
    const token = options.token ?? randomBytes(16).toString('base64url');
    const settings = (preview ? target.config.preview : target.config.server) as { host?: unknown };
    const hub = createHub({
      token,
      deviceKey: loadDeviceKey(target.config.root),
      log: (message) => log.warn(message),
      allowedHosts: allowedHosts(settings),
      allowedOrigins: options.allowedOrigins,
    });
    // Only our path is taken: Vite's HMR socket (and any proxy) keeps its own upgrades.
    httpServer.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
    target.middlewares.use(hub.middleware);
    httpServer.on('close', () => hub.close());

    // One line, after Vite's own URLs: printed earlier, a CLI that clears the screen for its banner would erase it.
    let printed = false;
    const print = () => {
      if (printed) return;
      // The LAN address first: the desktop that opens the viewer is on the phones' network.
      const resolved = target.resolvedUrls?.network[0] ?? target.resolvedUrls?.local[0];
      const origin = resolved
        ? new URL(resolved).origin
        : listeningOrigin(httpServer.address(), 'setSecureContext' in httpServer);
      if (!origin) return;
      printed = true;
      log.info(`${VIEWER_LINE_PREFIX}${viewerUrl(origin, token)}`);
    };
    const printUrls = target.printUrls.bind(target);
    target.printUrls = () => {
      printUrls();
      print();
    };
    // Whoever started the server may never print its URLs (a script calling listen()): then we print once
    // Vite has resolved them (it does so just after 'listening'), or from the address after a second.
    httpServer.once('listening', () => {
      let tries = 0;
      const wait = () => {
        if (printed) return;
        if (target.resolvedUrls || ++tries > 50) print();
        else setTimeout(wait, 20).unref();
      };
      setTimeout(wait, 20).unref();
    });
  }

  return {
    name: 'uni-transfer-devtools',
    // A plain `vite build` does not even load the plugin's hooks: no injected script, no transform.
    apply: (_config, env) => env.command === 'serve' || options.build === true,
    configResolved(config) {
      command = config.command;
      logger = config.logger;
      if (command === 'build') {
        logger.warn(
          `[uni-transfer-devtools] build: true — this build carries the uni Transfers agent and connects to ` +
            `${server ?? "the page's own origin"}; never ship it to production`,
        );
      }
    },
    transformIndexHtml: {
      // Last, so that no other plugin's tag lands before ours: a classic script at the top of <head> runs before
      // every module script (uni's runtime), which the browser defers.
      order: 'post',
      handler: () => [
        {
          tag: 'script',
          // data-uni-transfers: the agent removes its inline copy, leaving the document as the app wrote it.
          attrs: { 'data-uni-transfers': true, ...(command === 'build' && server ? { 'data-server': server } : {}) },
          children: agentScript(),
          injectTo: 'head-prepend',
        },
      ],
    },
    transform: {
      order: 'pre',
      handler(code, id) {
        // The dev server has a global uni, which the agent wraps; only builds import uni's functions directly.
        if (command !== 'build' || !UNI_H5_ES_MODULE.test(id)) return null;
        const routed = routeUniH5(code);
        if (routed === null) {
          if (!warnedRoute) {
            logger?.warn(
              '[uni-transfer-devtools] @dcloudio/uni-h5 has an unexpected shape: uni.uploadFile / uni.downloadFile ' +
                'are captured at the XMLHttpRequest level only in this build',
            );
          }
          warnedRoute = true;
          return null;
        }
        return { code: routed, map: null };
      },
    },
    configureServer: (devServer) => attachHub(devServer as unknown as AnyServer, false),
    configurePreviewServer: (previewServer) => attachHub(previewServer as unknown as AnyServer, true),
  };
}
