// The extension's own main-thread time in a page, from a V8 CPU profile (CDP Profiler, sampling every
// `intervalUs`): the self time of every frame whose script is the extension's. The agent is a MAIN-world content
// script and the relay an ISOLATED-world one; both run on the page's main thread and their frames carry the
// extension's URL (chrome-extension://<id>/agent/index.js, .../extension/relay.js). Self time only:
// natives the agent calls on the page's behalf (XMLHttpRequest.send through its wrapper) and the app's functions
// it wraps are the page's own cost; they are listed apart (nativeFromExtension) to show what the agent calls.

import type { Page } from 'puppeteer';
import { sourceLocator } from './locate';
import { median } from './stats';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface TopFunction {
  name: string;
  /** url path:line:column in the built file (1-based line). */
  at: string;
  /** Its declaration in the sources (path:line), or the module the bundle's markers name (bench/lib/locate.ts). */
  source: string | null;
  ms: number;
}

export interface ExtensionProfile {
  /** Self ms per script of the extension, by its path (agent/index.js, extension/relay.js). */
  selfMsByScript: Record<string, number>;
  agentSelfMs: number;
  relaySelfMs: number;
  sampledMs: number;
  meanIntervalUs: number;
  medianIntervalUs: number;
  top: TopFunction[];
  nativeFromExtension: { name: string; ms: number }[];
}

/** Starts profiling the page; the returned function stops and sums the extension's self time. */
export async function profileExtension(page: Page, extensionDir: string, intervalUs = 50) {
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return async (): Promise<ExtensionProfile> => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Profiler.disable');
    await cdp.detach();
    const nodes = new Map<number, ProfileNode>((profile.nodes as ProfileNode[]).map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of nodes.values()) for (const child of node.children ?? []) parent.set(child, node.id);
    const selfUs = new Map<number, number>();
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    let sampledUs = 0;
    for (let index = 0; index < samples.length; index++) {
      const delta = deltas[index + 1] ?? deltas[index] ?? 0;
      sampledUs += delta;
      const id = samples[index] as number;
      selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    }
    const isOurs = (url: string) => url.startsWith('chrome-extension://');
    const scriptOf = (url: string) => new URL(url).pathname.slice(1);
    const locate = sourceLocator(extensionDir);
    const byScript: Record<string, number> = {};
    const byFunction = new Map<string, TopFunction>();
    const natives = new Map<string, number>();
    for (const [id, us] of selfUs) {
      const node = nodes.get(id);
      if (!node) continue;
      const frame = node.callFrame;
      if (isOurs(frame.url)) {
        const script = scriptOf(frame.url);
        byScript[script] = (byScript[script] ?? 0) + us / 1000;
        const at = `${script}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
        const key = `${frame.functionName} ${at}`;
        const entry = byFunction.get(key) ?? {
          name: frame.functionName || '(anonymous)',
          at,
          source: locate(script, frame.functionName, frame.lineNumber + 1),
          ms: 0,
        };
        entry.ms += us / 1000;
        byFunction.set(key, entry);
      } else if (frame.url === '' && !frame.functionName.startsWith('(')) {
        const caller = nodes.get(parent.get(id) ?? -1)?.callFrame;
        if (caller && isOurs(caller.url)) natives.set(frame.functionName, (natives.get(frame.functionName) ?? 0) + us);
      }
    }
    // extension/agent/index.js: builds from before the agent got its own folder (issue 17), for comparisons.
    const agentSelfMs = byScript['agent/index.js'] ?? byScript['extension/agent/index.js'] ?? 0;
    const relaySelfMs = byScript['extension/relay.js'] ?? 0;
    return {
      selfMsByScript: Object.fromEntries(
        Object.entries(byScript).map(([script, ms]) => [script, Number(ms.toFixed(3))]),
      ),
      agentSelfMs,
      relaySelfMs,
      sampledMs: sampledUs / 1000,
      meanIntervalUs: samples.length > 0 ? sampledUs / samples.length : Number.NaN,
      medianIntervalUs: median(deltas.slice(1)),
      top: [...byFunction.values()].sort((a, b) => b.ms - a.ms),
      nativeFromExtension: [...natives.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([name, us]) => ({ name, ms: us / 1000 })),
    };
  };
}

/** Sums the top functions of several profiles (the same function in each run adds up), first `count`. */
export function mergeTop(lists: TopFunction[][], count = 12): TopFunction[] {
  const merged = new Map<string, TopFunction>();
  for (const list of lists) {
    for (const entry of list) {
      const key = `${entry.name} ${entry.at}`;
      const found = merged.get(key);
      if (found) found.ms += entry.ms;
      else merged.set(key, { ...entry });
    }
  }
  return [...merged.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((entry) => ({ ...entry, ms: Number(entry.ms.toFixed(3)) }));
}

export function mergeNatives(lists: { name: string; ms: number }[][], count = 8) {
  const merged = new Map<string, number>();
  for (const list of lists) for (const { name, ms } of list) merged.set(name, (merged.get(name) ?? 0) + ms);
  return [...merged.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: Number(ms.toFixed(3)) }));
}
