/**
 * `fachwerk bench`: K stations against Fachwerk (embedded PGlite and PostgreSQL) and against a bare
 * ocpp-rpc server, one target after the other, each in a fresh server process. Per target:
 *   1. connect and boot every station (bounded parallelism)  → connections/s
 *   2. idle: server RSS with K connections minus RSS before  → memory per connection
 *   3. closed loop: each station sends its next call when the last is answered → max msg/s
 *   4. open loop at half that rate, spread over the stations → p50/p99 latency
 * Everything stays on loopback, every phase is bounded in time, and the run ends by itself.
 * See docs/benchmarks.md for how to read the figures.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/database.js';
import { acquireBenchLock } from './bench-lock.js';
import { startChild, type ChildLink } from './child.js';
import type { ConnectResult, LoadResult, StationSpec } from './load-generator.js';
import type { LoopDelay } from './loop-delay.js';
import type { QueryStat } from './query-trace.js';
import { DEFAULT_OPTIONS, assertLoopback, type BenchOptions } from './options.js';
import {
  TARGET_LABELS,
  evaluate,
  formatMarkdown,
  withRatios,
  type BenchReport,
  type CpuFigures,
  type MachineInfo,
  type PhaseFigures,
  type TargetName,
  type TargetReport,
} from './report.js';
import { cpuBetween, cpuSnapshot, machineBusyMicros, postgresCpu, type CpuSnapshot } from './process-cpu.js';
import { BENCH_PASSWORD, benchChargeBoxId, seedBenchStations } from './seed.js';
import type { ServerMemory, ServerReady } from './server-process.js';

export interface RunBenchOptions extends Partial<BenchOptions> {
  /** Progress lines (default: stderr). */
  progress?: (line: string) => void;
  /**
   * Hold the machine-wide bench lock (default true). A smoke test with a handful of stations does
   * not: it measures nothing that another run could spoil.
   */
  exclusive?: boolean;
  /** Where the final markdown report goes (default: stdout); null prints nothing. */
  print?: ((markdown: string) => void) | null;
}

export async function runBench(input: RunBenchOptions = {}): Promise<BenchReport> {
  const {
    progress = (line: string) => process.stderr.write(`${line}\n`),
    print = (md: string) => process.stdout.write(`${md}\n`),
    exclusive = true,
    ...rest
  } = input;
  const options: BenchOptions = { ...DEFAULT_OPTIONS, ...rest };
  assertLoopback(options.postgresUrl);
  const log = (line: string) => progress(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const startedAt = new Date().toISOString();

  const names: TargetName[] = [];
  if (options.bare) names.push('bare');
  if (options.db === 'pglite' || options.db === 'both') names.push('fachwerk-pglite');
  if (options.db === 'postgres' || options.db === 'both') names.push('fachwerk-postgres');

  const stations: StationSpec[] = Array.from({ length: options.stations }, (_, i) => ({
    chargeBoxId: benchChargeBoxId(i),
    // Every n-th station speaks 2.0.1, spread evenly instead of in one block.
    protocol:
      options.share201 > 0 && Math.floor((i + 1) * options.share201) > Math.floor(i * options.share201)
        ? 'ocpp2.0.1'
        : 'ocpp1.6',
  }));

  const release = exclusive ? await acquireBenchLock(options.waitOtherBenchS, log) : () => undefined;
  const targets: TargetReport[] = [];
  try {
    for (const name of names) {
      log(`${TARGET_LABELS[name]}: ${options.stations} stations`);
      try {
        targets.push(await runTarget(name, options, stations, log));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`${TARGET_LABELS[name]} failed: ${reason}`);
        targets.push({ name, label: TARGET_LABELS[name], status: 'failed', reason });
      }
    }
  } finally {
    release();
  }

  const withRatio = withRatios(targets);
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    options,
    targets: withRatio,
    checks: evaluate(withRatio, options.stations),
  };
  if (options.json !== undefined) {
    await mkdir(path.dirname(path.resolve(options.json)), { recursive: true });
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`report written to ${options.json}`);
  }
  if (print !== null) print(formatMarkdown(report));
  return report;
}

function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
  };
}

// ---- one target -------------------------------------------------------------------------------

interface Prepared {
  env: NodeJS.ProcessEnv;
  /** CPU used so far by the database processes, when they are processes of their own (PostgreSQL). */
  databaseCpu: () => CpuSnapshot | undefined;
  cleanup: () => Promise<void>;
}

/** The processes of one target's run. */
interface Run {
  name: TargetName;
  log: (line: string) => void;
  profileDir: string | undefined;
  server: ChildLink<ServerReady>;
  load: ChildLink<{ pid: number }>;
  databaseCpu: () => CpuSnapshot | undefined;
}

async function runTarget(
  name: TargetName,
  options: BenchOptions,
  stations: StationSpec[],
  log: (line: string) => void,
): Promise<TargetReport> {
  const label = TARGET_LABELS[name];
  const prepared = await prepare(name, options, log);
  if ('skip' in prepared) {
    log(`${label} skipped: ${prepared.skip}`);
    return { name, label, status: 'skipped', reason: prepared.skip };
  }
  const children: ChildLink<unknown>[] = [];
  try {
    const backgroundCpu = await waitForQuiet(options.waitQuietS, log);
    const execArgv = ['--expose-gc', ...options.serverNodeOptions];
    let serverLines = 0;
    const serverOutput =
      options.serverOutput === undefined
        ? undefined
        : createWriteStream(options.serverOutput, { flags: 'a' });
    serverOutput?.write(`--- ${label}, ${new Date().toISOString()}\n`);
    const server = await startChild<ServerReady>('server-process', {
      env: prepared.env,
      execArgv,
      readyTimeoutMs: 120_000,
      onOutput: (line) => {
        if (serverOutput !== undefined) {
          serverOutput.write(`${line}\n`);
          return;
        }
        // A warning per station would drown the progress output; the first few tell the story.
        serverLines += 1;
        if (serverLines <= 10) log(`server: ${line.slice(0, 300)}`);
        else if (serverLines === 11) log('server: (further server output suppressed; see --server-output)');
      },
    });
    void server.exited.then(() => serverOutput?.end());
    children.push(server);
    const url = `ws://127.0.0.1:${server.ready.port}/ocpp`;
    log(`${label} listening at ${url} (pid ${server.pid})`);

    const load = await startChild<{ pid: number }>('load-process', { readyTimeoutMs: 60_000 });
    children.push(load);
    await load.request('init', {
      url,
      password: BENCH_PASSWORD,
      stations,
      callTimeoutMs: options.callTimeoutS * 1000,
    });

    await sleep(1_000);
    const before = await server.request<ServerMemory>('memory');

    // 1. connect and boot
    const connectTimeoutMs = 60_000;
    const run: Run = {
      name,
      log,
      server,
      load,
      databaseCpu: prepared.databaseCpu,
      profileDir: options.profileDir === undefined ? undefined : path.resolve(options.profileDir),
    };
    if (run.profileDir !== undefined) await mkdir(run.profileDir, { recursive: true });
    const meter = await startMeter(run);
    await server.request('queries');
    await profileStart(run);
    const connect = await load.request<ConnectResult>(
      'connect',
      { concurrency: options.connectConcurrency, timeoutMs: connectTimeoutMs },
      connectTimeoutMs * Math.ceil(stations.length / options.connectConcurrency) + 60_000,
    );
    const connectCpu = await meter();
    await profileStop(run, 'connect');
    const connectQueries = await server.request<QueryStat[]>('queries');
    logQueries(log, connectQueries);
    log(
      `connected ${connect.booted}/${connect.attempted} in ${(connect.durationMs / 1000).toFixed(1)} s (${connect.perSecond} conn/s)` +
        (connect.failed > 0 ? `, failures: ${JSON.stringify(connect.failures)}` : ''),
    );
    if (connect.booted === 0)
      throw new Error(`no station could connect: ${JSON.stringify(connect.failures)}`);

    // 2. idle memory: let post-boot work (a central system's configuration calls) settle first.
    await sleep(3_000);
    const idle = await server.request<ServerMemory>('memory');
    const perConnectionKb = Math.round(((idle.rss - before.rss) / connect.booted / 1024) * 10) / 10;
    log(
      `RSS ${mb(before.rss)} MB → ${mb(idle.rss)} MB with ${connect.booted} idle connections (${perConnectionKb} KB each)`,
    );

    // 3. closed loop, then 4. open loop at half the measured maximum. --repeat runs each phase n
    // times (all closed loops first, so every open loop runs at half the best of them) and reports the
    // best of each: other work on the machine only ever lowers throughput and raises latency.
    const durationMs = options.durationS * 1000;
    const warmupMs = Math.min(3_000, Math.round(durationMs / 4));
    const phaseTimeout = warmupMs + durationMs + options.callTimeoutS * 1000 + 60_000;
    const suffix = (attempt: number) => (options.repeat > 1 ? `-${attempt}` : '');
    const closedLoops: PhaseFigures[] = [];
    for (let attempt = 1; attempt <= options.repeat; attempt++) {
      const closedLoop = await phase(
        run,
        'closedLoop',
        { durationMs, warmupMs },
        phaseTimeout,
        `closedLoop${suffix(attempt)}`,
      );
      logQueries(log, closedLoop.queries);
      log(timelineLine(closedLoop));
      log(
        `closed loop${suffix(attempt)}: ${closedLoop.perSecond} msg/s, p50 ${closedLoop.latency.p50} ms, p99 ${closedLoop.latency.p99} ms${problems(closedLoop)}`,
      );
      closedLoops.push(closedLoop);
    }
    const closedLoop = closedLoops.reduce((best, p) => (p.perSecond > best.perSecond ? p : best));
    const rate = options.rate ?? Math.max(1, Math.round(closedLoop.perSecond / 2));
    const openLoops: PhaseFigures[] = [];
    for (let attempt = 1; attempt <= options.repeat; attempt++) {
      const openLoop = await phase(
        run,
        'openLoop',
        { rate, durationMs, warmupMs },
        phaseTimeout,
        `openLoop${suffix(attempt)}`,
      );
      logQueries(log, openLoop.queries);
      log(timelineLine(openLoop));
      log(
        `open loop${suffix(attempt)} at ${rate} msg/s: answered ${openLoop.perSecond} msg/s, p50 ${openLoop.latency.p50} ms, p99 ${openLoop.latency.p99} ms${problems(openLoop)}`,
      );
      openLoops.push(openLoop);
    }
    const openLoop = openLoops.reduce((best, p) => (p.latency.p99 < best.latency.p99 ? p : best));

    const after = await server.request<ServerMemory>('memory');
    const stillConnected = await load.request<number>('connected');

    // 5. reconnect: every station again, now with its credentials cached by the server.
    await load.request('disconnect', { timeoutMs: 20_000 }, 60_000);
    await sleep(2_000);
    await server.request('queries');
    await profileStart(run);
    const reconnect = await load.request<ConnectResult>(
      'connect',
      { concurrency: options.connectConcurrency, timeoutMs: connectTimeoutMs },
      connectTimeoutMs * Math.ceil(stations.length / options.connectConcurrency) + 60_000,
    );
    await profileStop(run, 'reconnect');
    logQueries(log, await server.request<QueryStat[]>('queries'));
    log(
      `reconnected ${reconnect.booted}/${reconnect.attempted} in ${(reconnect.durationMs / 1000).toFixed(1)} s (${reconnect.perSecond} conn/s)` +
        (reconnect.failed > 0 ? `, failures: ${JSON.stringify(reconnect.failures)}` : ''),
    );
    await load.request('close', undefined, 30_000).catch(() => undefined);
    await server.request('stop', undefined, 30_000).catch(() => undefined);
    await Promise.race([Promise.all([server.exited, load.exited]), sleep(20_000)]);
    return {
      name,
      label,
      status: 'ok',
      connect: {
        ...connect,
        cpu: connectCpu,
        ...(connectQueries.length > 0 ? { queries: connectQueries.slice(0, QUERIES_KEPT) } : {}),
      },
      backgroundCpu,
      stillConnected,
      memory: {
        beforeRss: before.rss,
        idleRss: idle.rss,
        perConnectionKb,
        beforeHeap: before.heapUsed,
        idleHeap: idle.heapUsed,
        afterLoadRss: after.rss,
      },
      closedLoop,
      openLoop,
      ...(options.repeat > 1
        ? {
            attempts: {
              closedLoop: closedLoops.map((p) => ({ perSecond: p.perSecond, otherCpu: p.cpu.other })),
              openLoop: openLoops.map((p) => ({
                p50: p.latency.p50,
                p99: p.latency.p99,
                otherCpu: p.cpu.other,
              })),
            },
          }
        : {}),
      reconnect,
    };
  } finally {
    for (const child of children) child.kill();
    await prepared.cleanup().catch((error: unknown) => log(`cleanup of ${label} failed: ${String(error)}`));
  }
}

const QUERIES_KEPT = 15;

function logQueries(log: (line: string) => void, queries: QueryStat[] | undefined): void {
  for (const q of (queries ?? []).slice(0, 8)) {
    const sql = q.sql.slice(0, 160).replace(/\s+/g, ' ');
    log(`  sql ${q.totalMs} ms in ${q.calls} calls (${q.meanMs} ms, ${q.meanParams} params each): ${sql}`);
  }
}

async function profileStart(run: Run): Promise<void> {
  if (run.profileDir !== undefined) await run.server.request('profileStart');
}

async function profileStop(run: Run, phaseName: string): Promise<void> {
  if (run.profileDir === undefined) return;
  const files = await run.server.request<string[]>(
    'profileStop',
    path.join(run.profileDir, `${run.name}-${phaseName}`),
  );
  run.log(`  profiles of the server: ${files.join(', ')}`);
}

/** Busy CPU (% of one core) of the machine over `ms`, while the bench itself is idle. */
async function machineLoad(ms: number): Promise<number> {
  const m0 = machineBusyMicros();
  await sleep(ms);
  const m1 = machineBusyMicros();
  return Math.round(((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100 * os.cpus().length);
}

/** Waits (bounded) until other work on the machine has stopped; returns the last reading. */
async function waitForQuiet(maxS: number, log: (line: string) => void): Promise<number> {
  const QUIET = 30;
  const deadline = performance.now() + maxS * 1000;
  let busy = await machineLoad(1_000);
  if (busy <= QUIET || maxS === 0) return busy;
  log(
    `the machine is busy with other work (${busy} % of one core); waiting up to ${maxS} s for it to calm down`,
  );
  while (busy > QUIET && performance.now() < deadline) busy = await machineLoad(2_000);
  if (busy > QUIET)
    log(`still ${busy} % busy with other work; measuring anyway (see "other" CPU in the report)`);
  return busy;
}

/** The per-second p99 of a phase on one line: shows whether a tail is steady or a few stalls. */
function timelineLine(result: PhaseFigures): string {
  return `  p99 per second (ms): ${result.timeline.map((t) => Math.round(t.p99)).join(' ')}`;
}

function problems(result: PhaseFigures): string {
  const errors = Object.entries(result.callErrors);
  const parts: string[] = [];
  if (errors.length > 0) parts.push(`CALLERRORs ${JSON.stringify(Object.fromEntries(errors.slice(0, 5)))}`);
  if (result.timeouts > 0) parts.push(`${result.timeouts} timeouts`);
  if (result.disconnects > 0) parts.push(`${result.disconnects} disconnects`);
  if (result.skipped > 0) parts.push(`${result.skipped} skipped (every station busy)`);
  if (Object.keys(result.serverCalls).length > 0)
    parts.push(`server calls ${JSON.stringify(result.serverCalls)}`);
  return parts.length === 0 ? '' : `; ${parts.join('; ')}`;
}

async function phase(
  run: Run,
  cmd: 'closedLoop' | 'openLoop',
  args: Record<string, number>,
  timeoutMs: number,
  /** Names the profile files of this phase. */
  label: string,
): Promise<PhaseFigures> {
  const { server, load } = run;
  await profileStart(run);
  const meter = await startMeter(run);
  await Promise.all([server.request('loopDelay'), load.request('loopDelay'), server.request('queries')]);
  const result = await load.request<LoadResult>(cmd, args, timeoutMs);
  const [serverDelay, loadDelay, queries] = await Promise.all([
    server.request<LoopDelay>('loopDelay'),
    load.request<LoopDelay>('loopDelay'),
    server.request<QueryStat[]>('queries'),
  ]);
  const cpu = await meter();
  await profileStop(run, label);
  const { histogram: _histogram, ...figures } = result;
  return {
    ...figures,
    cpu,
    loopDelay: { server: serverDelay, loadGenerator: loadDelay },
    ...(queries.length > 0 ? { queries: queries.slice(0, QUERIES_KEPT) } : {}),
  };
}

/** CPU time of the server, the load generator and the whole machine from now until the returned function is called. */
async function startMeter({ server, load, databaseCpu }: Run): Promise<() => Promise<CpuFigures>> {
  const cpuOf = async (child: ChildLink<unknown>, cmd: string) => {
    const usage = await child.request<NodeJS.CpuUsage | { cpu: NodeJS.CpuUsage }>(cmd);
    const u = 'cpu' in usage ? usage.cpu : usage;
    return u.user + u.system;
  };
  // Everything else that ran: other processes (Linux), or what is left of the machine's busy time.
  const ours = new Set([process.pid, server.pid, load.pid]);
  const allProcesses = () => cpuSnapshot(() => true);
  const t0 = performance.now();
  const [s0, l0] = await Promise.all([cpuOf(server, 'cpu'), cpuOf(load, 'usage')]);
  const m0 = machineBusyMicros();
  const d0 = databaseCpu();
  const a0 = allProcesses();
  return async () => {
    const [s1, l1] = await Promise.all([cpuOf(server, 'cpu'), cpuOf(load, 'usage')]);
    const m1 = machineBusyMicros();
    const d1 = databaseCpu();
    const a1 = allProcesses();
    const wallUs = (performance.now() - t0) * 1000;
    const pct = (us: number) => Math.max(0, Math.round((us / wallUs) * 100));
    const machineUs = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * wallUs * os.cpus().length;
    const database = d0 === undefined || d1 === undefined ? undefined : cpuBetween(d0, d1);
    let otherUs = machineUs - (s1 - s0) - (l1 - l0) - (database ?? 0);
    if (a0 !== undefined && a1 !== undefined) {
      for (const pid of [...ours, ...(d1?.keys() ?? [])]) {
        a0.delete(pid);
        a1.delete(pid);
      }
      otherUs = cpuBetween(a0, a1);
    }
    return {
      server: pct(s1 - s0),
      loadGenerator: pct(l1 - l0),
      ...(database === undefined ? {} : { database: pct(database) }),
      machine: pct(machineUs),
      other: pct(otherUs),
    };
  };
}

// ---- databases --------------------------------------------------------------------------------

async function prepare(
  name: TargetName,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<Prepared | { skip: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    BENCH_TARGET: name === 'bare' ? 'bare' : 'fachwerk',
    BENCH_TRACE_QUERIES: options.traceQueries ? '1' : '0',
    ...(name === 'bare' ? {} : options.serverEnv),
  };
  delete env.DATABASE_URL;
  const none = () => undefined;
  if (name === 'bare') return { env, databaseCpu: none, cleanup: async () => undefined };

  if (name === 'fachwerk-pglite') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fachwerk-bench-'));
    const cleanup = () => rm(dataDir, { recursive: true, force: true });
    try {
      log(`seeding ${options.stations} stations into PGlite at ${dataDir}`);
      const database = await openDatabase({ dataDir });
      try {
        await database.migrate();
        await seedBenchStations(database.db, options.stations);
      } finally {
        await database.close();
      }
    } catch (error) {
      await cleanup();
      throw error;
    }
    return { env: { ...env, DATA_DIR: dataDir }, databaseCpu: none, cleanup };
  }

  // PostgreSQL: a database of our own, created here and dropped afterwards.
  const admin = new pg.Client({ connectionString: options.postgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    return {
      skip: `PostgreSQL not reachable at ${redact(options.postgresUrl)} (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const dbName = `fachwerk_bench_${process.pid}_${Date.now().toString(36)}`;
  const dbUrl = new URL(options.postgresUrl);
  dbUrl.pathname = `/${dbName}`;
  const drop = async () => {
    const client = new pg.Client({ connectionString: options.postgresUrl, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
  try {
    log(`seeding ${options.stations} stations into PostgreSQL database ${dbName}`);
    const database = await openDatabase({ url: dbUrl.toString(), poolSize: 2 });
    try {
      await database.migrate();
      await seedBenchStations(database.db, options.stations);
    } finally {
      await database.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    env: { ...env, DATABASE_URL: dbUrl.toString() },
    databaseCpu: () => postgresCpu(dbName),
    cleanup: drop,
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
