/** The benchmark's report: its shape, the targets it is checked against, and its markdown form. */
import type { ConnectResult, LoadResult } from './load-generator.js';
import type { LoopDelay } from './loop-delay.js';
import type { BenchOptions } from './options.js';
import type { QueryStat } from './query-trace.js';

export type TargetName = 'bare' | 'fachwerk-pglite' | 'fachwerk-postgres';

export const TARGET_LABELS: Record<TargetName, string> = {
  bare: 'bare ocpp-rpc',
  'fachwerk-pglite': 'Fachwerk + PGlite',
  'fachwerk-postgres': 'Fachwerk + PostgreSQL',
};

export interface MemoryFigures {
  /** Server RSS after start, before any station connected (bytes). */
  beforeRss: number;
  /** Server RSS with every station connected, booted and idle (bytes). */
  idleRss: number;
  /** (idleRss − beforeRss) / connected stations, in KiB. */
  perConnectionKb: number;
  /** V8 heap in use, before and with the idle connections (bytes). */
  beforeHeap: number;
  idleHeap: number;
  /** Server RSS right after the load phases (bytes). */
  afterLoadRss: number;
}

/** CPU during a phase, in % of ONE core (so 200 % is all of a 2-core machine). */
export interface CpuFigures {
  server: number;
  loadGenerator: number;
  /** The PostgreSQL processes serving the bench database (Linux; PGlite runs inside the server). */
  database?: number;
  /** The whole machine. */
  machine: number;
  /**
   * Other processes on the machine (work that competed with the bench; Linux). Elsewhere: the busy
   * time not accounted for above, which includes the kernel's share of the loopback traffic.
   */
  other: number;
}

/** A load phase's result without its raw histogram. */
export type PhaseFigures = Omit<LoadResult, 'histogram'> & {
  cpu: CpuFigures;
  /** Event-loop delay during the phase: a stalled server or load generator shows here. */
  loopDelay: { server: LoopDelay; loadGenerator: LoopDelay };
  /** With --trace-queries: the statements that took the most time in this phase. */
  queries?: QueryStat[];
};

export interface TargetReport {
  name: TargetName;
  label: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  connect?: ConnectResult & { cpu: CpuFigures; queries?: QueryStat[] };
  /** CPU (% of one core) that other work used on the machine just before this target started. */
  backgroundCpu?: number;
  /** Stations still connected after the load phases. */
  stillConnected?: number;
  memory?: MemoryFigures;
  closedLoop?: PhaseFigures;
  openLoop?: PhaseFigures;
  /** With --repeat: every attempt at the load phases; closedLoop/openLoop are the best of them. */
  attempts?: {
    closedLoop: { perSecond: number; otherCpu: number }[];
    openLoop: { p50: number; p99: number; otherCpu: number }[];
  };
  /** After the load phases: every station disconnected and connected again (server caches verified credentials). */
  reconnect?: ConnectResult;
  /** closedLoop.perSecond ÷ the bare server's closedLoop.perSecond. */
  ratioToBare?: number;
}

/** Other work above this (% of one core) during a phase makes its figures lower bounds. */
export const DISTURBED_OTHER_CPU = 40;

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

export interface Check {
  target: TargetName;
  requirement: string;
  measured: string;
  verdict: Verdict;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryMb: number;
  node: string;
  platform: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: BenchOptions;
  targets: TargetReport[];
  checks: Check[];
}

export const TARGETS = {
  connections: 10_000,
  perConnectionKb: 100,
  ratioToBare: 0.5,
  p99Ms: 25,
} as const;

/** Below this many stations, RSS noise (a few MB) swamps the per-connection figure. */
const MIN_STATIONS_FOR_MEMORY = 1_000;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function withRatios(targets: TargetReport[]): TargetReport[] {
  const bare = targets.find((t) => t.name === 'bare' && t.status === 'ok')?.closedLoop?.perSecond;
  return targets.map((t) =>
    t.closedLoop !== undefined && bare !== undefined && bare > 0
      ? { ...t, ratioToBare: Math.round((t.closedLoop.perSecond / bare) * 100) / 100 }
      : t,
  );
}

/** The four targets, checked for every Fachwerk run. */
export function evaluate(targets: TargetReport[], stations: number): Check[] {
  const checks: Check[] = [];
  const bareOk = targets.some((t) => t.name === 'bare' && t.status === 'ok');
  for (const t of targets) {
    if (t.name === 'bare') continue;
    const add = (requirement: string, measured: string, verdict: Verdict) =>
      checks.push({ target: t.name, requirement, measured, verdict });
    const r1 = `${int(TARGETS.connections)} concurrent connections on one node`;
    const r2 = `≤ ${TARGETS.perConnectionKb} KB server memory per idle connection`;
    const r3 = `with persistence ≥ ${TARGETS.ratioToBare} × bare throughput`;
    const r4 = `p99 < ${TARGETS.p99Ms} ms at half load`;
    if (t.status !== 'ok') {
      const verdict: Verdict = t.status === 'skipped' ? 'N/A' : 'FAIL';
      for (const r of [r1, r2, r3, r4]) add(r, `${t.status}: ${t.reason ?? ''}`, verdict);
      continue;
    }
    const connected = Math.min(t.connect?.booted ?? 0, t.stillConnected ?? 0);
    add(
      r1,
      `${int(connected)} of ${int(stations)} connected and booted`,
      stations < TARGETS.connections ? 'N/A' : connected >= TARGETS.connections ? 'PASS' : 'FAIL',
    );
    const kb = t.memory?.perConnectionKb;
    add(
      r2,
      kb === undefined ? 'not measured' : `${kb.toFixed(1)} KB`,
      kb === undefined
        ? 'FAIL'
        : stations < MIN_STATIONS_FOR_MEMORY
          ? 'N/A'
          : kb <= TARGETS.perConnectionKb
            ? 'PASS'
            : 'FAIL',
    );
    add(
      r3,
      t.ratioToBare === undefined
        ? 'no bare run'
        : `${t.ratioToBare.toFixed(2)} × (${int(t.closedLoop?.perSecond ?? 0)} msg/s)`,
      t.ratioToBare === undefined
        ? bareOk
          ? 'FAIL'
          : 'N/A'
        : t.ratioToBare >= TARGETS.ratioToBare
          ? 'PASS'
          : 'FAIL',
    );
    const open = t.openLoop;
    add(
      r4,
      open === undefined
        ? 'not measured'
        : `p99 ${open.latency.p99} ms at ${int(open.targetRate ?? 0)} msg/s`,
      open === undefined || open.latency.count === 0
        ? 'FAIL'
        : open.latency.p99 < TARGETS.p99Ms
          ? 'PASS'
          : 'FAIL',
    );
  }
  return checks;
}

function errorsOf(phase: PhaseFigures | undefined): string {
  if (phase === undefined) return '–';
  const callErrors = Object.values(phase.callErrors).reduce((a, b) => a + b, 0);
  const parts = [`${int(callErrors)} errors`, `${int(phase.timeouts)} timeouts`];
  if (phase.disconnects > 0) parts.push(`${int(phase.disconnects)} disconnects`);
  if (phase.skipped > 0) parts.push(`${int(phase.skipped)} skipped`);
  return parts.join(', ');
}

const loop = (p: PhaseFigures | undefined) =>
  p === undefined
    ? '–'
    : `${p.loopDelay.server.p99} / ${p.loopDelay.server.max}; ${p.loopDelay.loadGenerator.p99} / ${p.loopDelay.loadGenerator.max} ms`;
const cpu = (c: CpuFigures | undefined) =>
  c === undefined ? '–' : `${c.server} / ${c.database ?? '–'} / ${c.loadGenerator} / ${c.other} %`;

export function formatMarkdown(report: BenchReport): string {
  const ran = report.targets;
  const cell = (t: TargetReport, f: (t: TargetReport) => string) => (t.status === 'ok' ? f(t) : t.status);
  const rows: [string, (t: TargetReport) => string][] = [
    [
      'stations connected and booted',
      (t) => `${int(t.connect?.booted ?? 0)} / ${int(t.connect?.attempted ?? 0)}`,
    ],
    ['connect + boot rate', (t) => `${int(t.connect?.perSecond ?? 0)} conn/s`],
    ['connect + boot latency p50 / p99', (t) => `${t.connect?.latency.p50} / ${t.connect?.latency.p99} ms`],
    ['reconnect + boot rate (credentials cached)', (t) => `${int(t.reconnect?.perSecond ?? 0)} conn/s`],
    ['closed loop: throughput', (t) => `${int(t.closedLoop?.perSecond ?? 0)} msg/s`],
    [
      'closed loop: latency p50 / p99',
      (t) => `${t.closedLoop?.latency.p50} / ${t.closedLoop?.latency.p99} ms`,
    ],
    ['closed loop: errors', (t) => errorsOf(t.closedLoop)],
    [
      'throughput ÷ bare',
      (t) => (t.name === 'bare' ? '1' : t.ratioToBare === undefined ? '–' : t.ratioToBare.toFixed(2)),
    ],
    [
      'open loop: rate asked / answered',
      (t) => `${int(t.openLoop?.targetRate ?? 0)} / ${int(t.openLoop?.perSecond ?? 0)} msg/s`,
    ],
    ['open loop: latency p50 / p99', (t) => `${t.openLoop?.latency.p50} / ${t.openLoop?.latency.p99} ms`],
    ['open loop: errors', (t) => errorsOf(t.openLoop)],
    ['server RSS before connecting', (t) => `${mb(t.memory?.beforeRss ?? 0)} MB`],
    [`server RSS with the idle connections`, (t) => `${mb(t.memory?.idleRss ?? 0)} MB`],
    ['server memory per idle connection', (t) => `${t.memory?.perConnectionKb.toFixed(1)} KB`],
    ['server RSS after load', (t) => `${mb(t.memory?.afterLoadRss ?? 0)} MB`],
    ['CPU of other work before the start', (t) => `${t.backgroundCpu ?? '–'} %`],
    ['CPU closed loop: server / database / load / other', (t) => cpu(t.closedLoop?.cpu)],
    ['CPU open loop: server / database / load / other', (t) => cpu(t.openLoop?.cpu)],
    ['event-loop delay open loop p99 / max: server; load', (t) => loop(t.openLoop)],
  ];
  const lines = [
    `### OCPP benchmark, ${report.startedAt.slice(0, 10)}`,
    '',
    `${int(report.options.stations)} stations (${Math.round(report.options.share201 * 100)} % OCPP 2.0.1), ` +
      `${report.options.durationS} s per phase; ${report.machine.cpus} × ${report.machine.cpuModel}, ` +
      `${int(report.machine.memoryMb)} MB, Node ${report.machine.node}. CPU in % of one core.`,
    '',
    `| | ${ran.map((t) => t.label).join(' | ')} |`,
    `| --- |${ran.map(() => ' ---: |').join('')}`,
    ...rows.map(([name, f]) => `| ${name} | ${ran.map((t) => cell(t, f)).join(' | ')} |`),
  ];
  const notes = ran
    .filter((t) => t.status !== 'ok')
    .map((t) => `- ${t.label} ${t.status}: ${t.reason ?? ''}`);
  for (const t of ran) {
    for (const [name, p] of [
      ['closed loop', t.closedLoop],
      ['open loop', t.openLoop],
    ] as const) {
      if (p !== undefined && p.cpu.other > DISTURBED_OTHER_CPU) {
        notes.push(
          `- ${t.label}, ${name}: other work on the machine took ${p.cpu.other} % of a core; treat its figures as lower bounds.`,
        );
      }
    }
    if (t.attempts !== undefined) {
      notes.push(
        `- ${t.label}, closed-loop attempts (msg/s, other CPU): ` +
          t.attempts.closedLoop.map((a) => `${int(a.perSecond)} (${a.otherCpu} %)`).join(', ') +
          `; open-loop attempts at ${int(t.openLoop?.targetRate ?? 0)} msg/s (p99, other CPU): ` +
          t.attempts.openLoop.map((a) => `${a.p99} ms (${a.otherCpu} %)`).join(', '),
      );
    }
  }
  if (notes.length > 0) lines.push('', ...notes);
  if (report.checks.length > 0) {
    lines.push(
      '',
      '| target | requirement | measured | verdict |',
      '| --- | --- | --- | --- |',
      ...report.checks.map(
        (c) => `| ${TARGET_LABELS[c.target]} | ${c.requirement} | ${c.measured} | ${c.verdict} |`,
      ),
    );
  }
  return lines.join('\n');
}
