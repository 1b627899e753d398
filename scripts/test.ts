// `npm test`: every check, each timed: types, lint and format, both builds, web-ext lint, unit tests, the uni-app
// fixtures (installed and built on demand, cached; the npm package's fixture too), then the real-browser e2e tests.
//
// The checks before e2e do not depend on each other except in two chains (the build before web-ext lint, the
// fixtures before the package's fixture), so they run side by side: on a 2-core machine most of them wait on the
// disk or the registry, and the unit tests fill the gap while the fixtures install. Each step's output is kept and
// printed whole when it ends, so the log reads step by step. The e2e stage runs last, alone, with its output live.
//
// `npm test -- unit e2e` runs only the steps whose names contain one of the words.
// Ends with the plain closing line "tests: N passed, N failed" counted from vitest's JSON reports.

import { spawn } from 'node:child_process';
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

/** Chains of steps: the steps of a chain run one after another, the chains of a stage side by side. */
const stages: Step[][][] = [
  [
    [{ name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] }],
    [{ name: 'lint', command: ['npx', 'biome', 'check', '.'] }],
    [
      { name: 'build', command: ['npx', 'tsx', 'scripts/build.ts'] },
      {
        name: 'web-ext lint',
        command: [
          'npx',
          'web-ext',
          'lint',
          '--source-dir',
          'dist/firefox',
          '--self-hosted=false',
          '--warnings-as-errors',
        ],
      },
    ],
    [vitest('unit')],
    [
      { name: 'fixtures', command: ['npx', 'tsx', 'tests/fixtures/prepare.ts'] },
      // The npm package packed, installed from its tarball into the Vue 3 fixture, built plain and `build: true`.
      { name: 'plugin fixture', command: ['npx', 'tsx', 'tests/fixtures/plugin-app.ts'] },
    ],
  ],
  [[vitest('e2e')]],
];

const wanted = (step: Step) => only.length === 0 || only.some((name) => step.name.includes(name));

let passed = 0;
let failed = 0;
const timings: Record<string, number> = {};
let anyStepFailed = false;

/** Runs one step; its output goes live when it runs alone, else it is kept and printed whole at the end. */
function run(step: Step, live: boolean): Promise<void> {
  const started = performance.now();
  if (live) console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`);
  const child = spawn(step.command[0] as string, step.command.slice(1), {
    stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      timings[step.name] = Math.round(performance.now() - started);
      if (!live) {
        console.log(`\n▶ ${step.name}: ${step.command.join(' ')} (${timings[step.name]} ms)`);
        process.stdout.write(Buffer.concat(output));
      }
      count(step, code, signal);
      resolve();
    });
  });
}

function count(step: Step, code: number | null, signal: NodeJS.Signals | null): void {
  if (step.report) {
    try {
      const report = JSON.parse(readFileSync(step.report, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
      };
      passed += report.numPassedTests;
      failed += report.numFailedTests;
    } catch {
      // No report: the exit status below tells.
    }
  }
  if (code !== 0) {
    anyStepFailed = true;
    console.error(`✗ ${step.name} failed (exit ${code ?? signal})`);
    if (!step.report) failed += 1;
  }
}

for (const stage of stages) {
  const chains = stage.map((chain) => chain.filter(wanted)).filter((chain) => chain.length > 0);
  const live = chains.length === 1 && chains[0]?.length === 1;
  await Promise.all(
    chains.map(async (chain) => {
      for (const step of chain) await run(step, live);
    }),
  );
}

console.log('\nstep timings (ms):', JSON.stringify(timings));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(anyStepFailed || failed > 0 ? 1 : 0);
