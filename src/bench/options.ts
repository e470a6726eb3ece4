/** The benchmark's options, their defaults and the argument parser (`fachwerk bench --help`). */

export type BenchDb = 'pglite' | 'postgres' | 'both' | 'none';

export interface BenchOptions {
  /** Concurrent stations (K). */
  stations: number;
  /** Measured seconds per load phase (closed loop, then open loop), after a warm-up. */
  durationS: number;
  /** Which Fachwerk databases to run: `none` runs only the bare server. */
  db: BenchDb;
  /** Also run the bare ocpp-rpc server (needed for the throughput ratio). */
  bare: boolean;
  /** Share of the stations that speak OCPP 2.0.1 (the rest 1.6). */
  share201: number;
  /** Connections opened (and booted) at the same time. */
  connectConcurrency: number;
  /** Open-loop rate in calls/s; default half of the closed-loop throughput measured just before. */
  rate: number | undefined;
  /** A PostgreSQL server (loopback) where the bench may create and drop its own database. */
  postgresUrl: string;
  /** Write the report as JSON to this file. */
  json: string | undefined;
  /** Write a V8 CPU profile of the server per phase into this folder (cpu-profiler.ts). */
  profileDir: string | undefined;
  /** A call unanswered for this long counts as a timeout. */
  callTimeoutS: number;
  /** Count and time the server's SQL statements per phase (query-trace.ts). */
  traceQueries: boolean;
  /** Extra environment for the Fachwerk server, e.g. OCPP_MESSAGE_LOG_SIZE=0 to see what a feature costs. */
  serverEnv: Record<string, string>;
  /** Extra Node/V8 flags for the server process, e.g. --trace-gc or --max-semi-space-size=64. */
  serverNodeOptions: string[];
  /** Append the server's own output (logs, --trace-gc) to this file instead of the progress log. */
  serverOutput: string | undefined;
  /** Another benchmark on this machine is waited for this long (they would measure each other). */
  waitOtherBenchS: number;
  /** Load phases (closed + open loop) per target; the best closed loop and the best open loop are reported. */
  repeat: number;
  /** Before each target, wait up to this long for the machine to be quiet (other work would skew it). */
  waitQuietS: number;
  quick: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  stations: 10_000,
  durationS: 20,
  db: 'both',
  bare: true,
  share201: 0.1,
  connectConcurrency: 64,
  rate: undefined,
  postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  json: undefined,
  profileDir: undefined,
  callTimeoutS: 30,
  traceQueries: false,
  serverEnv: {},
  serverNodeOptions: [],
  serverOutput: undefined,
  waitQuietS: 60,
  repeat: 1,
  waitOtherBenchS: 1_800,
  quick: false,
};

/** --quick: a smoke run of the whole pipeline in well under a minute per target. */
export const QUICK = { stations: 500, durationS: 5 } as const;

/** Hard bounds: the bench must end by itself and stay within one machine's file descriptors. */
export const LIMITS = { stations: 18_000, durationS: 600 } as const;

export const BENCH_USAGE = `Usage: fachwerk bench [options]

  --stations <n>        concurrent stations (default ${DEFAULT_OPTIONS.stations}, at most ${LIMITS.stations})
  --duration <s>        measured seconds per load phase (default ${DEFAULT_OPTIONS.durationS})
  --db <which>          pglite | postgres | both | none (default both; none = bare server only)
  --no-bare             skip the bare ocpp-rpc baseline (no throughput ratio)
  --share-201 <0..1>    share of OCPP 2.0.1 stations (default ${DEFAULT_OPTIONS.share201})
  --connect-concurrency <n>  connections opened at once (default ${DEFAULT_OPTIONS.connectConcurrency})
  --rate <calls/s>      open-loop rate (default: half the measured closed-loop throughput)
  --postgres-url <url>  PostgreSQL server for --db postgres (default $BENCH_POSTGRES_URL or
                        postgres://postgres@127.0.0.1:5432/postgres); a bench database is created and dropped
  --call-timeout <s>    a call unanswered this long counts as a timeout (default ${DEFAULT_OPTIONS.callTimeoutS})
  --profile <dir>       write a CPU profile of the server per phase (connect, closed loop, open loop) into <dir>
  --server-env <K=V>    extra environment for the Fachwerk server (repeatable), e.g. OCPP_MESSAGE_LOG_SIZE=0
  --server-node-option <flag>  a Node/V8 flag for the server process (repeatable), e.g. --server-node-option=--trace-gc
  --server-output <file>  append the server's own output (logs, GC traces) to <file>
  --repeat <n>          run the load phases n times per target and report the best of each (default 1)
  --wait-other-bench <s>  wait up to <s> for another benchmark on this machine to end (default ${DEFAULT_OPTIONS.waitOtherBenchS})
  --wait-quiet <s>      before each target, wait up to <s> for other work on the machine to stop (default ${DEFAULT_OPTIONS.waitQuietS})
  --trace-queries       count and time the server's SQL statements per phase (in the log and the JSON)
  --json <file>         also write the report as JSON
  --quick               smoke run: ${QUICK.stations} stations, ${QUICK.durationS} s per phase (unless given)
  -h, --help            this text
`;

export class BenchUsageError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function number(
  name: string,
  raw: string | undefined,
  { min, max, integer }: { min: number; max: number; integer: boolean },
): number {
  const value = Number(raw);
  if (
    raw === undefined ||
    raw === '' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    throw new BenchUsageError(
      `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw ?? ''}"`,
    );
  }
  return value;
}

/** Parses `fachwerk bench` arguments; returns undefined for --help. */
export function parseBenchArgs(args: readonly string[]): BenchOptions | undefined {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (mayStartWithDashes = false) => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (!mayStartWithDashes && next.startsWith('--')))
        throw new BenchUsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    given.add(flag);
    switch (flag) {
      case '-h':
      case '--help':
        return undefined;
      case '--stations':
        options.stations = number(flag, value(), { min: 1, max: LIMITS.stations, integer: true });
        break;
      case '--duration':
        options.durationS = number(flag, value(), { min: 1, max: LIMITS.durationS, integer: false });
        break;
      case '--db': {
        const db = value();
        if (!['pglite', 'postgres', 'both', 'none'].includes(db))
          throw new BenchUsageError(`--db must be pglite, postgres, both or none, got "${db}"`);
        options.db = db as BenchDb;
        break;
      }
      case '--no-bare':
        options.bare = false;
        break;
      case '--share-201':
        options.share201 = number(flag, value(), { min: 0, max: 1, integer: false });
        break;
      case '--connect-concurrency':
        options.connectConcurrency = number(flag, value(), { min: 1, max: 1_000, integer: true });
        break;
      case '--rate':
        options.rate = number(flag, value(), { min: 1, max: 1_000_000, integer: false });
        break;
      case '--postgres-url':
        options.postgresUrl = value();
        break;
      case '--call-timeout':
        options.callTimeoutS = number(flag, value(), { min: 1, max: 120, integer: false });
        break;
      case '--profile':
        options.profileDir = value();
        break;
      case '--json':
        options.json = value();
        break;
      case '--server-env': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq < 1) throw new BenchUsageError(`--server-env takes KEY=VALUE, got "${pair}"`);
        options.serverEnv = { ...options.serverEnv, [pair.slice(0, eq)]: pair.slice(eq + 1) };
        break;
      }
      case '--server-node-option':
        options.serverNodeOptions = [...options.serverNodeOptions, value(true)];
        break;
      case '--server-output':
        options.serverOutput = value();
        break;
      case '--repeat':
        options.repeat = number(flag, value(), { min: 1, max: 10, integer: true });
        break;
      case '--wait-other-bench':
        options.waitOtherBenchS = number(flag, value(), { min: 0, max: 7_200, integer: false });
        break;
      case '--wait-quiet':
        options.waitQuietS = number(flag, value(), { min: 0, max: 600, integer: false });
        break;
      case '--trace-queries':
        options.traceQueries = true;
        break;
      case '--quick':
        options.quick = true;
        break;
      default:
        throw new BenchUsageError(`unknown option ${arg}\n\n${BENCH_USAGE}`);
    }
  }
  if (options.quick) {
    if (!given.has('--stations')) options.stations = QUICK.stations;
    if (!given.has('--duration')) options.durationS = QUICK.durationS;
  }
  assertLoopback(options.postgresUrl);
  return options;
}

/** The bench only ever talks to this machine. */
export function assertLoopback(postgresUrl: string): void {
  let host: string;
  try {
    host = new URL(postgresUrl).hostname;
  } catch {
    throw new BenchUsageError(`--postgres-url is not a URL: "${postgresUrl}"`);
  }
  if (!LOOPBACK.has(host))
    throw new BenchUsageError(`--postgres-url must point at a loopback address, got host "${host}"`);
}
