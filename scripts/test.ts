// `npm test`: every check, in order, each timed: types, lint and format, both builds, web-ext lint,
// unit tests, the uni-app fixtures (installed and built on demand, cached; the npm package's fixture too), then the
// real-browser e2e tests.
// Ends with the plain closing line "tests: N passed, N failed" counted from vitest's JSON reports.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Step {
  name: string;
  command: string[];
  report?: string;
}

const reports = '.tmp/reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const only = process.argv.slice(2);
const vitest = (project: string): Step => ({
  name: `vitest ${project}`,
  command: [
    'npx',
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reports}/${project}.json`,
  ],
  report: `${reports}/${project}.json`,
});

const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', command: ['npx', 'biome', 'check', '.'] },
  { name: 'build', command: ['npx', 'tsx', 'scripts/build.ts'] },
  {
    name: 'web-ext lint',
    command: ['npx', 'web-ext', 'lint', '--source-dir', 'dist/firefox', '--self-hosted=false', '--warnings-as-errors'],
  },
  vitest('unit'),
  { name: 'fixtures', command: ['npx', 'tsx', 'tests/fixtures/prepare.ts'] },
  // The npm package packed, installed from its tarball into the Vue 3 fixture, built plain and `build: true`.
  { name: 'plugin fixture', command: ['npx', 'tsx', 'tests/fixtures/plugin-app.ts'] },
  vitest('e2e'),
].filter((step) => only.length === 0 || only.some((name) => step.name.includes(name)));

let passed = 0;
let failed = 0;
const timings: Record<string, number> = {};
let anyStepFailed = false;

for (const step of steps) {
  console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(step.command[0] as string, step.command.slice(1), { stdio: 'inherit' });
  timings[step.name] = Math.round(performance.now() - started);
  if (step.report) {
    try {
      const report = JSON.parse(readFileSync(step.report, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
      };
      passed += report.numPassedTests;
      failed += report.numFailedTests;
    } catch {
      // No report: the step's exit status below tells.
    }
  }
  if (result.status !== 0) {
    anyStepFailed = true;
    console.error(`✗ ${step.name} failed (exit ${result.status ?? result.signal})`);
    if (!step.report) failed += 1;
  }
}

console.log('\nstep timings (ms):', JSON.stringify(timings));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(anyStepFailed || failed > 0 ? 1 : 0);
