// bench:pipeline, "the panel open costs the page no more than Chrome's own Network panel": the same transfer
// workload, interleaved, in a page whose DevTools show our panel (extension loaded) and in a page whose DevTools
// show the Network panel (a browser without the extension). Fresh pages and DevTools per run.

import type { ChromiumSession } from '../../tests/e2e/harness/chromium';
import { openNetworkPanel } from '../lib/devtools';
import { sum } from '../lib/stats';
import { type BatchResult, openFixturePage, runTransfers } from '../lib/workload';
import type { PipelineConfig } from './config';

export interface OverheadRun {
  wallMs: { ours: number; network: number };
  wallRatio: number;
  roundRatios: number[];
  /** Renderer main-thread time (TaskDuration) per task, ours minus Network panel's. */
  addedMainThreadUsPerTask: number;
}

export async function overheadRun(
  sessions: { plain: ChromiumSession; instrumented: ChromiumSession; url: string; origin: string },
  config: PipelineConfig,
): Promise<OverheadRun> {
  const networkPage = await openFixturePage(sessions.plain, sessions.url);
  const networkDevtools = await openNetworkPanel(networkPage);
  const oursPage = await openFixturePage(sessions.instrumented, sessions.url);
  const ours = await sessions.instrumented.openPanel(oursPage);
  const pages = { network: networkPage, ours: oursPage };
  const workload = { perKind: config.perKind, bytes: config.bytes, concurrency: config.concurrency };
  const results: Record<'network' | 'ours', BatchResult[]> = { network: [], ours: [] };
  try {
    // One warm-up batch per page (JIT, connections), not counted.
    for (const page of Object.values(pages)) await runTransfers(page, sessions.origin, workload);
    for (let index = 0; index < config.rounds; index++) {
      const order = index % 2 === 0 ? (['network', 'ours'] as const) : (['ours', 'network'] as const);
      for (const side of order) results[side].push(await runTransfers(pages[side], sessions.origin, workload));
    }
  } finally {
    await ours.close();
    await networkDevtools.close();
    await oursPage.close();
    await networkPage.close();
  }
  const wall = { ours: sum(results.ours.map((r) => r.wallMs)), network: sum(results.network.map((r) => r.wallMs)) };
  const busy = (side: 'ours' | 'network') => sum(results[side].map((r) => r.taskDurationMs));
  return {
    wallMs: wall,
    wallRatio: wall.ours / wall.network,
    roundRatios: results.ours.map((r, i) => r.wallMs / (results.network[i]?.wallMs ?? Number.NaN)),
    addedMainThreadUsPerTask: ((busy('ours') - busy('network')) * 1000) / sum(results.ours.map((r) => r.tasks)),
  };
}
