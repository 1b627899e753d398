// Hostile pages for tests/e2e/hostile-page-*.test.ts (issue 10, points 4–6): plain HTML served by the transfer
// server, each attack written as a page would write it. They make uni-shaped XHRs (uni-h5's downloadFile and
// uploadFile shapes, shared/docs/uni-h5-runtime.md), which the agent's XHR probe records as tasks.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENT_ATTACKS } from './hostile-agent-page';

/** A download as uni-h5 makes it: GET, responseType blob, onprogress and onabort assigned before send(). */
const UNI_DOWNLOAD = `
window.uniDownload = (url) => new Promise((resolve) => {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url, true);
  xhr.responseType = 'blob';
  xhr.onload = () => resolve(xhr.status);
  xhr.onerror = () => resolve(0);
  xhr.onabort = () => resolve(-1);
  xhr.onprogress = () => {};
  xhr.send();
});
/** An upload as uni-h5 makes it: POST of a FormData with xhr.upload.onprogress assigned before send(). */
window.uniUpload = (url, form, headers = {}) => new Promise((resolve) => {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', url, true);
  for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
  xhr.upload.onprogress = () => {};
  xhr.onload = () => resolve(xhr.status);
  xhr.onerror = () => resolve(0);
  xhr.onabort = () => resolve(-1);
  xhr.send(form);
});`;

/**
 * Runs first in <head>: replaces every global the agent's channel could use after start, and listens for anything
 * of ours on window and document. Whatever it gets lands in window.__stolen.
 */
const SPY = `
window.__stolen = [];
// The page's own forging (window.__attacking) is not a finding: only what reaches it from us is.
const grab = (what) => { if (!window.__attacking) window.__stolen.push(what); };
const ours = (type) => String(type).startsWith('uni-transfer-devtools');
const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get;
for (const prop of ['ports', 'data']) {
  const get = Object.getOwnPropertyDescriptor(MessageEvent.prototype, prop).get;
  Object.defineProperty(MessageEvent.prototype, prop, { configurable: true, get() {
    const value = get.call(this);
    if (prop === 'ports' && value && value.length && !dataOf.call(this)?.forged) { grab('MessageEvent.ports'); window.__port = value[0]; }
    return value;
  } });
}
const post = MessagePort.prototype.postMessage;
MessagePort.prototype.postMessage = function (...args) { grab('MessagePort.postMessage'); window.__port = this; return post.apply(this, args); };
const dispatch = EventTarget.prototype.dispatchEvent;
EventTarget.prototype.dispatchEvent = function (event) { if (ours(event.type)) grab('dispatchEvent ' + event.type); return dispatch.call(this, event); };
const listen = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, ...rest) { if (ours(type)) grab('addEventListener ' + type); return listen.call(this, type, ...rest); };
const detail = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get;
Object.defineProperty(CustomEvent.prototype, 'detail', { configurable: true, get() { if (ours(this.type)) grab('CustomEvent.detail'); return detail.call(this); } });
const related = Object.getOwnPropertyDescriptor(MouseEvent.prototype, 'relatedTarget').get;
Object.defineProperty(MouseEvent.prototype, 'relatedTarget', { configurable: true, get() { if (ours(this.type)) grab('MouseEvent.relatedTarget'); return related.call(this); } });
const stringify = JSON.stringify;
JSON.stringify = function (...args) { const text = stringify.apply(this, args); if (typeof text === 'string' && text.includes('uni-transfer-devtools')) grab('JSON.stringify'); return text; };
const parse = JSON.parse;
JSON.parse = function (...args) { if (String(args[0]).includes('uni-transfer-devtools')) grab('JSON.parse'); return parse.apply(this, args); };
window.__attacking = true;
for (const type of ['agent-hello', 'relay-hello', 'to-relay', 'to-agent', 'relay-connected'].map((t) => 'uni-transfer-devtools:' + t)) {
  for (const target of [window, document, document.documentElement]) target.addEventListener(type, () => grab('heard ' + type), true);
}
window.addEventListener('message', (event) => { if (event.ports.length && !event.data?.forged) grab('message with a port'); }, true);
window.__attacking = false;`;

/** After load: tries to open a channel of its own to the agent and speak on it. */
const FORGE = `
window.forge = () => {
  window.__attacking = true;
  // The first design's handshake: a forged 'connect' with a port.
  const channel = new MessageChannel();
  window.postMessage({ source: 'uni-transfer-devtools:relay', type: 'connect', forged: true }, '*', [channel.port2]);
  // This design's handshake: a forged relay hello, hoping for the agent's node.
  document.addEventListener('uni-transfer-devtools:agent-hello', (event) => { if (event.relatedTarget) grab('got the channel node'); });
  document.dispatchEvent(new CustomEvent('uni-transfer-devtools:relay-hello'));
  window.__attacking = false;
  channel.port1.onmessage = () => grab('agent answered a forged connect');
};`;

const page = (head: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><script>${head}</script></head><body>${body}</body></html>`;

/** Writes the pages into a temporary folder (served under /hostile/ by the test's transfer server). */
export function writeHostilePages(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-pages-'));
  writeFileSync(path.join(dir, 'spy.html'), page(SPY + UNI_DOWNLOAD + FORGE, '<p>spy</p>'));
  writeFileSync(path.join(dir, 'plain.html'), page(UNI_DOWNLOAD, '<p>plain</p>'));
  // Attacks on the agent after it started (issue 16), installed on demand: hostile-agent-page.ts.
  writeFileSync(path.join(dir, 'agent.html'), page(UNI_DOWNLOAD + AGENT_ATTACKS, '<p>agent</p>'));
  writeFileSync(
    path.join(dir, 'prerender.html'),
    page(
      UNI_DOWNLOAD,
      `<p>prerenders next.html, and goes there once it has run for a while</p>
      <script type="speculationrules">{"prerender":[{"source":"list","urls":["next.html"]}]}</script>
      <script>
        localStorage.removeItem('prerendered');
        const poll = setInterval(() => {
          if (!localStorage.getItem('prerendered')) return;
          clearInterval(poll);
          location.href = 'next.html';
        }, 20);
      </script>`,
    ),
  );
  // Prerendered: a one-second transfer (a storm would be thousands of connections by then), then it tells its host.
  writeFileSync(
    path.join(dir, 'next.html'),
    page(
      UNI_DOWNLOAD,
      `<p>next</p><script>
        uniDownload('/download?bytes=3000&rate=3000&tag=while-prerendered').then(() => {
          localStorage.setItem('prerendered', String(document.prerendering));
          return uniDownload('/download?bytes=3000&tag=after-activation');
        });
      </script>`,
    ),
  );
  return dir;
}
