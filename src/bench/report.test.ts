import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from './options.js';
import { evaluate, formatMarkdown, withRatios, type PhaseFigures, type TargetReport } from './report.js';

const latency = (p50: number, p99: number) => ({ count: 1000, p50, p90: p99, p99, max: p99, mean: p50 });
const phase = (perSecond: number, p99 = 5): PhaseFigures => ({
  windowMs: 10_000,
  sent: perSecond * 10,
  answered: perSecond * 10,
  perSecond,
  byAction: {},
  callErrors: {},
  timeouts: 0,
  unmatched: 0,
  serverCalls: {},
  disconnects: 0,
  skipped: 0,
  latency: latency(1, p99),
  drainMs: 0,
  timeline: [],
  targetRate: perSecond / 2,
  cpu: { server: 100, loadGenerator: 50, machine: 160, other: 10 },
  loopDelay: { server: { p50: 10, p99: 20, max: 30 }, loadGenerator: { p50: 10, p99: 11, max: 12 } },
});

const target = (
  name: TargetReport['name'],
  perSecond: number,
  opts: { kb?: number; booted?: number; p99?: number } = {},
): TargetReport => ({
  name,
  label: name,
  status: 'ok',
  connect: {
    attempted: 10_000,
    booted: opts.booted ?? 10_000,
    failed: 10_000 - (opts.booted ?? 10_000),
    failures: {},
    durationMs: 20_000,
    perSecond: 500,
    latency: latency(5, 50),
    cpu: { server: 180, loadGenerator: 10, machine: 195, other: 5 },
  },
  stillConnected: opts.booted ?? 10_000,
  memory: {
    beforeRss: 100e6,
    idleRss: 400e6,
    perConnectionKb: opts.kb ?? 30,
    beforeHeap: 50e6,
    idleHeap: 150e6,
    afterLoadRss: 450e6,
  },
  closedLoop: phase(perSecond),
  openLoop: phase(perSecond / 2, opts.p99),
});

const verdicts = (targets: TargetReport[], stations = 10_000) =>
  Object.fromEntries(
    evaluate(withRatios(targets), stations).map((c) => [`${c.target}: ${c.requirement}`, c.verdict]),
  );

describe('bench report', () => {
  it('passes a Fachwerk run that meets every target', () => {
    const v = verdicts([target('bare', 20_000), target('fachwerk-pglite', 12_000)]);
    expect(Object.values(v)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
  });

  it('fails each target it misses, one by one', () => {
    const v = verdicts([
      target('bare', 20_000),
      target('fachwerk-postgres', 9_000, { kb: 120, booted: 9_990, p99: 25 }),
    ]);
    expect(Object.values(v)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL']);
  });

  it('does not judge connection count or memory on a run too small to tell', () => {
    const v = Object.values(
      verdicts([target('bare', 20_000), target('fachwerk-pglite', 12_000, { booted: 500 })], 500),
    );
    expect(v).toEqual(['N/A', 'N/A', 'PASS', 'PASS']);
  });

  it('cannot judge the throughput ratio without a bare run, and marks a skipped database N/A', () => {
    const skipped: TargetReport = {
      name: 'fachwerk-postgres',
      label: 'pg',
      status: 'skipped',
      reason: 'PostgreSQL not reachable',
    };
    const checks = evaluate(withRatios([target('fachwerk-pglite', 12_000), skipped]), 10_000);
    expect(
      checks.find((c) => c.target === 'fachwerk-pglite' && c.requirement.includes('bare'))?.verdict,
    ).toBe('N/A');
    expect(checks.filter((c) => c.target === 'fachwerk-postgres').map((c) => c.verdict)).toEqual([
      'N/A',
      'N/A',
      'N/A',
      'N/A',
    ]);
  });

  it('prints one column per target and one row per check', () => {
    const targets = withRatios([target('bare', 20_000), target('fachwerk-pglite', 12_000)]);
    const markdown = formatMarkdown({
      startedAt: '2026-01-02T03:04:05Z',
      finishedAt: '2026-01-02T03:14:05Z',
      machine: { cpus: 2, cpuModel: 'CPU', memoryMb: 4096, node: '20.0.0', platform: 'linux' },
      options: DEFAULT_OPTIONS,
      targets,
      checks: evaluate(targets, 10_000),
    });
    expect(markdown).toContain('| throughput ÷ bare | 1 | 0.60 |');
    expect(markdown).toContain('| closed loop: throughput | 20,000 msg/s | 12,000 msg/s |');
    expect(markdown.match(/\| PASS \|/g)).toHaveLength(4);
  });

  it('marks a phase that other work on the machine disturbed', () => {
    const disturbed = target('fachwerk-postgres', 12_000);
    disturbed.openLoop = { ...disturbed.openLoop!, cpu: { ...disturbed.openLoop!.cpu, other: 90 } };
    const markdown = formatMarkdown({
      startedAt: '2026-01-02T03:04:05Z',
      finishedAt: '2026-01-02T03:14:05Z',
      machine: { cpus: 2, cpuModel: 'CPU', memoryMb: 4096, node: '20.0.0', platform: 'linux' },
      options: DEFAULT_OPTIONS,
      targets: [disturbed],
      checks: [],
    });
    expect(markdown).toContain('open loop: other work on the machine took 90 % of a core');
    expect(markdown).not.toContain('closed loop: other work');
  });
});
