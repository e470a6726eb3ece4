/**
 * The server under test, in its own process so its RSS and CPU are measured alone. BENCH_TARGET
 * picks what runs: `bare` (bare-server.ts) or `fachwerk` (the whole app as `fachwerk serve` builds
 * it, configured from the environment: PORT, HOST, DATABASE_URL or DATA_DIR, LOG_LEVEL).
 * Run with --expose-gc so a memory reading can collect garbage first.
 */
import { cpuUsage, memoryUsage } from 'node:process';
import { serveParent } from './child.js';
import { PhaseProfiler } from './cpu-profiler.js';
import { loopDelayMeter } from './loop-delay.js';

export interface ServerReady {
  pid: number;
  port: number;
  target: 'bare' | 'fachwerk';
}

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const takeQueries =
  process.env.BENCH_TRACE_QUERIES === '1'
    ? (await import('./query-trace.js')).installQueryTrace()
    : undefined;

async function start(): Promise<{ port: number; close: () => Promise<void> }> {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 0);
  if (process.env.BENCH_TARGET === 'bare') {
    const { startBareServer } = await import('./bare-server.js');
    return startBareServer({ host, port });
  }
  const { loadConfig } = await import('../config/config.js');
  const { openDatabase } = await import('../db/database.js');
  const { createLogger } = await import('../shared/logger.js');
  const { createFachwerk } = await import('../app/fachwerk.js');
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const fachwerk = await createFachwerk({ config, database, log });
  const boundPort = await fachwerk.listen();
  return {
    port: boundPort,
    async close() {
      await fachwerk.close();
      await database.close();
    },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

async function readMemory(): Promise<ServerMemory> {
  if (gc !== undefined) {
    // Two full collections, a pause for the allocator to hand pages back, then read.
    gc();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const m = memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

let profiler: PhaseProfiler | undefined;
const server = await start();
const loopDelay = loopDelayMeter();
const target = process.env.BENCH_TARGET === 'bare' ? 'bare' : 'fachwerk';
serveParent(
  {
    memory: () => readMemory(),
    cpu: () => cpuUsage(),
    loopDelay: () => loopDelay(),
    queries: () => takeQueries?.() ?? [],
    profileStart: () => (profiler ??= new PhaseProfiler()).start(),
    profileStop: (base: string) => {
      if (profiler === undefined) throw new Error('no profile is running');
      return profiler.stop(base);
    },
    stop: async () => {
      const timeout = setTimeout(() => process.exit(2), 15_000);
      await server.close();
      clearTimeout(timeout);
      // Exit on the next turn so the answer goes out first; --cpu-prof writes its profile on exit.
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { pid: process.pid, port: server.port, target } satisfies ServerReady,
);
