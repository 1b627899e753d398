// Command-line flags shared by the benches:
//   --smoke            a tiny workload and 1 run: checks that the bench completes and prints valid JSON (npm test)
//   --runs N           repetitions; every goal figure is reported as the median of the runs, with each run's value
//   --mode NAME        which part to run, where a bench has parts (bench:pipeline)
//   --extension DIR    the unpacked extension to measure (default dist/chrome), e.g. a build of an older commit

import path from 'node:path';

export interface BenchArgs {
  smoke: boolean;
  runs: number;
  mode: string | undefined;
  extensionDir: string;
  profile: boolean;
}

function flagValue(argv: string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith(`${flag}=`));
  return inline?.slice(flag.length + 1);
}

export function benchArgs(argv = process.argv.slice(2)): BenchArgs {
  const smoke = argv.includes('--smoke');
  const runsText = flagValue(argv, '--runs');
  const runs = runsText === undefined ? (smoke ? 1 : 3) : Number(runsText);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a whole number >= 1, got ${runsText}`);
  return {
    smoke,
    runs,
    mode: flagValue(argv, '--mode'),
    extensionDir: path.resolve(flagValue(argv, '--extension') ?? 'dist/chrome'),
    profile: argv.includes('--profile'),
  };
}
