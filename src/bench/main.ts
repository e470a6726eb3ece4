/**
 * `fachwerk bench [options]` (the CLI calls benchFromCli), or straight from the source:
 * `npx tsx src/bench/main.ts --quick`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './bench.js';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs } from './options.js';

export async function benchFromCli(args: readonly string[]): Promise<void> {
  let options;
  try {
    options = parseBenchArgs(args);
  } catch (error) {
    if (error instanceof BenchUsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (options === undefined) {
    process.stdout.write(BENCH_USAGE);
    return;
  }
  const report = await runBench(options);
  // A run that could not measure a target is a failed run; a missed performance target is a finding, not an error.
  if (report.targets.some((t) => t.status === 'failed')) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchFromCli(process.argv.slice(2));
}
