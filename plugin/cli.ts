// `uni-transfer-devtools serve`: the hub and the viewer on their own port, for projects without Vite (a Vue 2 /
// webpack uni-app). The app loads the agent from here, first in the <head> of public/index.html:
//   <script src="http://<this host>:<port>/__uni-transfers/agent.js" data-server="http://<this host>:<port>"></script>

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { BASE_PATH } from '../shared/device-protocol';
import { loadDeviceKey } from './device-key';
import { createHub } from './hub';
import { listeningOrigin, VIEWER_LINE_PREFIX, viewerUrl } from './viewer-url';

const USAGE = `Usage: uni-transfer-devtools serve [--host H] [--port P] [--token T] [--allowed-host N]... [--allow-origin O]...
  --host          address to listen on (default 0.0.0.0: phones on the LAN must reach it)
  --port          port (default 5199)
  --token         the viewer's secret (default: random)
  --allowed-host  a host name this server is reached by, besides IP addresses and localhost (repeatable)
  --allow-origin  the origin of app pages on another machine, e.g. http://test-box.lan:8080 (repeatable);
                  pages on any port of this server's own host need none`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: 'string', default: '0.0.0.0' },
        port: { type: 'string', default: '5199' },
        token: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true, default: [] },
        'allow-origin': { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function main(argv: string[]): void {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1 || positionals[0] !== 'serve') fail('The one command is `serve`.');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Bad port: ${values.port}`);
  const token = values.token ?? randomBytes(16).toString('base64url');

  const hub = createHub({
    token,
    // The project the hub is run from (npx in the app's folder) keeps the key, as the Vite plugin does.
    deviceKey: loadDeviceKey(process.cwd()),
    log: (message) => console.warn(message),
    allowedHosts: [values.host, ...values['allowed-host']],
    allowedOrigins: values['allow-origin'],
  });
  const server = createServer((req, res) =>
    hub.middleware(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: the viewer is at ${BASE_PATH}?token=…\n`);
    }),
  );
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.on('error', (error) => fail(error.message));
  server.listen(port, values.host, () => {
    const origin = listeningOrigin(server.address(), false) ?? `http://localhost:${port}`;
    console.log(`${VIEWER_LINE_PREFIX}${viewerUrl(origin, token)}`);
    console.log(
      `  In the app's index.html, first in <head>:\n` +
        `    <script src="${origin}${BASE_PATH}agent.js" data-server="${origin}"></script>`,
    );
  });
  const stop = () => {
    hub.close();
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2));
