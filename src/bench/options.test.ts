import { describe, expect, it } from 'vitest';
import { BenchUsageError, DEFAULT_OPTIONS, QUICK, parseBenchArgs } from './options.js';

describe('bench options', () => {
  it('defaults to 10,000 stations on both databases with the bare baseline', () => {
    expect(parseBenchArgs([])).toMatchObject({
      stations: 10_000,
      db: 'both',
      bare: true,
      durationS: DEFAULT_OPTIONS.durationS,
    });
  });

  it('shrinks a --quick run unless stations or duration are given', () => {
    expect(parseBenchArgs(['--quick'])).toMatchObject({
      stations: QUICK.stations,
      durationS: QUICK.durationS,
    });
    expect(parseBenchArgs(['--quick', '--stations', '50'])).toMatchObject({
      stations: 50,
      durationS: QUICK.durationS,
    });
    expect(parseBenchArgs(['--duration=2', '--quick'])).toMatchObject({
      stations: QUICK.stations,
      durationS: 2,
    });
  });

  it('reads every option in both spellings', () => {
    expect(
      parseBenchArgs([
        '--db',
        'postgres',
        '--no-bare',
        '--share-201=0.5',
        '--rate',
        '2000',
        '--json',
        'out.json',
        '--profile',
        'prof',
        '--connect-concurrency',
        '8',
      ]),
    ).toMatchObject({
      db: 'postgres',
      bare: false,
      share201: 0.5,
      rate: 2000,
      json: 'out.json',
      profileDir: 'prof',
      connectConcurrency: 8,
    });
  });

  it('passes environment and Node flags to the server for experiments', () => {
    expect(
      parseBenchArgs([
        '--server-env',
        'OCPP_MESSAGE_LOG_SIZE=0',
        '--server-env=LOG_LEVEL=error',
        '--server-node-option',
        '--trace-gc',
        '--server-node-option=--max-semi-space-size=64',
      ]),
    ).toMatchObject({
      serverEnv: { OCPP_MESSAGE_LOG_SIZE: '0', LOG_LEVEL: 'error' },
      serverNodeOptions: ['--trace-gc', '--max-semi-space-size=64'],
    });
  });

  it('returns nothing for --help', () => {
    expect(parseBenchArgs(['--help'])).toBeUndefined();
  });

  it.each([
    [['--stations', '0']],
    [['--stations', '100000']],
    [['--stations', '1.5']],
    [['--duration', '-1']],
    [['--db', 'mysql']],
    [['--share-201', '2']],
    [['--stations']],
    [['--frobnicate']],
  ])('refuses %j', (args) => {
    expect(() => parseBenchArgs(args)).toThrow(BenchUsageError);
  });

  it('only talks to a PostgreSQL on this machine', () => {
    expect(() =>
      parseBenchArgs(['--postgres-url', 'postgres://postgres@db.example.com:5432/postgres']),
    ).toThrow(/loopback/);
    expect(
      parseBenchArgs(['--postgres-url', 'postgres://postgres@localhost:5432/postgres'])?.postgresUrl,
    ).toContain('localhost');
  });
});
