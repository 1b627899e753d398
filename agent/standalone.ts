// The npm package's agent (`uni-transfer-devtools/agent`): the same agent as the extension's, with the socket
// end instead of the relay end. The Vite plugin inlines it as the first script of <head>, so it runs before uni's
// runtime as the extension's agent does at document_start; any other page can load it with a classic
// `<script src="…/agent.js" data-server="http://<hub host>:<port>">` as its first script.
//
// Where the extension also runs, its agent started first and stays in charge (startAgent): this one does nothing,
// and the panel in DevTools shows the page's tasks.

import { deviceSocketUrl, socketEnd } from './socket-end';
import { startAgent } from './start';

try {
  const script = document.currentScript;
  const server = script?.getAttribute('data-server');
  startAgent({ end: () => socketEnd(deviceSocketUrl(server, location)) });
  // The Vite plugin's inline copy leaves the document as the app wrote it.
  if (script?.hasAttribute('data-uni-transfers')) script.remove();
} catch {
  // An agent that cannot start must leave the page exactly as it was.
}
