/**
 * A smoke test of the whole harness (child processes, IPC, load generator, report) against the bare
 * server with a handful of stations. It checks that the figures are there and sane, never how fast.
 */
import { describe, expect, it } from 'vitest';
import { runBench } from './bench.js';
import { formatMarkdown } from './report.js';

describe('fachwerk bench', () => {
  it('measures the bare server end to end and reports every figure', async () => {
    const lines: string[] = [];
    const report = await runBench({
      db: 'none',
      stations: 20,
      durationS: 1,
      share201: 0.25,
      waitQuietS: 0,
      exclusive: false,
      print: null,
      progress: (l) => lines.push(l),
    });

    expect(report.targets).toHaveLength(1);
    const [bare] = report.targets;
    expect(bare).toMatchObject({ name: 'bare', status: 'ok' });
    expect(bare!.connect).toMatchObject({ attempted: 20, booted: 20, failed: 0 });
    expect(bare!.connect!.perSecond).toBeGreaterThan(0);
    expect(bare!.stillConnected).toBe(20);
    expect(bare!.reconnect).toMatchObject({ attempted: 20, booted: 20, failed: 0 });

    const closed = bare!.closedLoop!;
    expect(closed.answered).toBeGreaterThan(0);
    expect(closed.perSecond).toBeGreaterThan(0);
    expect(closed.callErrors).toEqual({});
    expect(closed.timeouts).toBe(0);
    expect(Object.keys(closed.byAction).sort()).toEqual(['Heartbeat', 'MeterValues', 'StatusNotification']);
    expect(closed.latency.p50).toBeGreaterThan(0);
    expect(closed.latency.p99).toBeGreaterThanOrEqual(closed.latency.p50);

    const open = bare!.openLoop!;
    expect(open.targetRate).toBe(Math.max(1, Math.round(closed.perSecond / 2)));
    expect(open.answered).toBeGreaterThan(0);
    expect(open.answered).toBeLessThanOrEqual(open.sent);
    expect(open.latency.p99).toBeGreaterThanOrEqual(open.latency.p50);

    expect(bare!.memory!.beforeRss).toBeGreaterThan(10 * 1024 * 1024);
    expect(bare!.memory!.idleRss).toBeGreaterThan(0);
    expect(report.checks).toEqual([]);
    expect(lines.some((l) => l.includes('closed loop'))).toBe(true);

    const markdown = formatMarkdown(report);
    expect(markdown).toContain('| | bare ocpp-rpc |');
    expect(markdown).toContain('closed loop: throughput');
  }, 90_000);
});
