// What kind of uni-app page this is, for the panel's status line. Read from the document, so only meaningful
// once the app has mounted (the agent re-announces at DOMContentLoaded and load, and every snapshot re-reads it).

import type { NetworkTimeout, RuntimeInfo } from '../shared/protocol';
import { apply, create, ownMember } from './own';
import { ownData } from './uni-call';

// Saved at document_start (own.ts): the agent looks again after load, when page scripts could have replaced them.
// Not Object.hasOwn: the npm package's agent runs on phones' browsers, and iOS Safari before 15.4 lacks it.
const hasOwn = (target: object, key: string) => ownMember(target, key) !== undefined;
const querySelector = Document.prototype.querySelector;
const find = (selector: string): Element | null => apply(querySelector, document, [selector]);

export function detectRuntime(globalUni: RuntimeInfo['globalUni']): RuntimeInfo {
  const uniApp = hasOwn(window, '__uniConfig') || globalUni === 'full';
  const info: RuntimeInfo = { uniApp, globalUni, url: location.href };
  if (!uniApp) return info;
  // Vue 3 marks its mount container with data-v-app; Vue 2 leaves __vue__ on the root <uni-app> element.
  // Before the app has mounted neither is there, and the version stays unknown.
  if (find('[data-v-app]')) info.vue = 3;
  else if (hasOwn(find('uni-app') ?? {}, '__vue__')) info.vue = 2;
  // uni's Vue 3 dev server is vite's: its client script is in the page.
  if (info.vue === 3) info.dev = find('script[src*="/@vite/client"]') !== null;
  const timeouts = networkTimeout();
  // A literal, not an assignment: a setter the page put on Object.prototype must not see it.
  return timeouts ? { ...info, networkTimeout: timeouts } : info;
}

/**
 * `__uniConfig.networkTimeout` (uni's timer when a call sets no `timeout`, issue 18), read as own data members
 * only: the page owns the object, and a getter or a prototype must not run in the agent.
 */
const TIMEOUT_KEYS = ['request', 'uploadFile', 'downloadFile'] as const;

function networkTimeout(): NetworkTimeout | undefined {
  const raw = ownData(ownData(window, '__uniConfig'), 'networkTimeout');
  if (typeof raw !== 'object' || raw === null) return undefined;
  // Runs after load: no for-of (the page may have replaced the array iterator), a prototype-less target (no
  // Object.prototype setter runs on assignment).
  const timeouts: NetworkTimeout = create(null);
  for (let index = 0; index < TIMEOUT_KEYS.length; index++) {
    const key = TIMEOUT_KEYS[index] as keyof NetworkTimeout;
    const ms = ownData(raw, key);
    if (typeof ms === 'number' && ms >= 0 && ms < 1e9) timeouts[key] = ms;
  }
  return timeouts;
}
