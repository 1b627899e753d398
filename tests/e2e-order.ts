// The order in which vitest starts test files: the longest first, so that the two e2e workers (vitest.config.ts)
// finish together rather than one running a long file alone at the end (longest-processing-time-first).
// vitest's own order is kept where it knows better: after a run on this machine it sorts by the durations it
// cached; on a clean clone it has none and sorts by file size, which says little about a browser test's length.

import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each long e2e file took in a full `npm test` on a 2-core machine (2026-12-07, two files at a time); files
 * not listed are shorter and keep vitest's order after these. The differential files also run the fixture's checks
 * since issue 15 (their figures are from after that change, four of them side by side).
 */
const MEASURED_SECONDS: Record<string, number> = {
  'tests/e2e/differential-vue3-notree.test.ts': 160,
  'tests/e2e/differential-vue3-prod.test.ts': 130,
  'tests/e2e/bench-smoke.test.ts': 143,
  'tests/e2e/actions-chromium.test.ts': 137,
  'tests/e2e/hostile-page-chromium.test.ts': 117,
  'tests/e2e/hostile-page-firefox.test.ts': 108,
  'tests/e2e/fault-equivalence-chromium.test.ts': 82,
  // Issue 18, from a loaded clean-clone run (stress-ng --cpu 1, 2026-12-07).
  'tests/e2e/diagnosis-chromium.test.ts': 117,
  'tests/e2e/diagnosis-firefox.test.ts': 29,
  'tests/e2e/differential-vue3-dev.test.ts': 150,
  'tests/e2e/arguments.test.ts': 70,
  'tests/e2e/plugin-differential-dev.test.ts': 68,
  'tests/e2e/panel-looks-chromium.test.ts': 64,
  'tests/e2e/differential-firefox.test.ts': 62,
  'tests/e2e/conditions-panel-chromium.test.ts': 55,
  'tests/e2e/differential-vue2.test.ts': 100,
  'tests/e2e/plugin-differential-build.test.ts': 50,
  'tests/e2e/plugin-phone.test.ts': 46,
};

const relativePath = (spec: TestSpecification) => relative(spec.project.config.root, spec.moduleId);
const weight = (spec: TestSpecification) => MEASURED_SECONDS[relativePath(spec)] ?? 0;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const known = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relativePath(spec)}`) !== undefined;
    // With results cached for every file (an earlier run here), vitest's order (failed, then longest first) is best.
    if (sorted.every(known)) return sorted;
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => weight(b.spec) - weight(a.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
