import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from './fleet.js';
import { parseStationSpec, simulateCommand } from './simulate-command.js';
import { PASSWORD } from './testing/fixtures.js';
import { TestCsms } from './testing/test-csms.js';

const CARD = '04A1B2C3D4E5F6';

let csms: TestCsms;
beforeAll(async () => {
  csms = await TestCsms.start({ password: PASSWORD, acceptedTokens: [CARD] });
});
afterAll(async () => {
  expect(csms.violations).toEqual([]);
  await csms.close();
});

describe('runSimulation', () => {
  it('keeps a locker and a charge point alive, and simulated people charge now and then', async () => {
    const simulation = runSimulation({
      url: csms.url,
      stations: [
        { chargeBoxId: 'FLEET-LOCKER', password: PASSWORD, version: 'ocpp1.6', kind: 'locker', evses: 12 },
        { chargeBoxId: 'FLEET-CP', password: PASSWORD, version: 'ocpp2.0.1', kind: 'charge_point', evses: 4 },
      ],
      autoCharge: { cards: [CARD], stepMs: 5, chargeMs: [80, 120], idleMs: [5, 20] },
    });
    try {
      await simulation.ready();
      expect(simulation.station('FLEET-LOCKER')?.evseCount).toBe(12);

      // A full visit at the locker: door, item, card, charge, card again, item out.
      const stop = await csms.waitForCall('FLEET-LOCKER', 'StopTransaction', (p) => p.reason === 'Local', {
        timeoutMs: 10_000,
      });
      const ended = await csms.waitForCall('FLEET-CP', 'TransactionEvent', (p) => p.eventType === 'Ended', {
        timeoutMs: 10_000,
      });
      expect(ended.params.transactionInfo.stoppedReason).toBe('Local');
      const lockerActions = csms.callsOf('FLEET-LOCKER', undefined).map((c) => c.action);
      expect(lockerActions).toEqual(
        expect.arrayContaining(['Authorize', 'StartTransaction', 'DataTransfer']),
      );
      expect(stop.params.idTag).toBe(CARD);
    } finally {
      await simulation.stop();
    }
    expect(simulation.stations.every((s) => !s.connected)).toBe(true);
  });

  it('keeps trying until the CSMS is there', async () => {
    const probe = await TestCsms.start();
    const port = probe.port;
    await probe.close();
    const simulation = runSimulation({
      url: `ws://127.0.0.1:${port}/ocpp`,
      stations: [
        { chargeBoxId: 'FLEET-EARLY', password: PASSWORD, version: 'ocpp2.0.1', kind: 'locker', evses: 2 },
      ],
    });
    let late: TestCsms | undefined;
    try {
      await expect(simulation.ready(300)).rejects.toThrow(/accepted boot/);
      late = await TestCsms.start({ password: PASSWORD, port });
      await simulation.ready(10_000);
      expect(late.callsOf('FLEET-EARLY', 'BootNotification')).toHaveLength(1);
    } finally {
      await simulation.stop();
      await late?.close();
    }
  });

  it('refuses duplicate charge box ids', () => {
    const station = {
      chargeBoxId: 'X',
      password: PASSWORD,
      version: 'ocpp1.6',
      kind: 'locker',
      evses: 1,
    } as const;
    expect(() => runSimulation({ url: csms.url, stations: [station, station] })).toThrow(/unique/);
  });
});

describe('simulateCommand', () => {
  it('runs the stations until told to stop', async () => {
    const controller = new AbortController();
    const running = simulateCommand({
      url: csms.url,
      stations: [parseStationSpec(`CLI-LOCKER:${PASSWORD}:ocpp1.6:locker:2`)],
      signal: controller.signal,
      log: (await import('pino')).pino({ level: 'silent' }),
    });
    await csms.waitForConnection('CLI-LOCKER');
    await csms.waitForCall('CLI-LOCKER', 'BootNotification');
    controller.abort();
    await running;
    await expect.poll(() => csms.isConnected('CLI-LOCKER')).toBe(false);
  });
});

describe('parseStationSpec', () => {
  it.each([
    [
      'LS-1:secret',
      { chargeBoxId: 'LS-1', password: 'secret', version: 'ocpp1.6', kind: 'locker', evses: 12 },
    ],
    [
      'CP-1:secret:ocpp2.0.1:charge_point',
      { chargeBoxId: 'CP-1', password: 'secret', version: 'ocpp2.0.1', kind: 'charge_point', evses: 2 },
    ],
    [
      'LS-2:secret:ocpp2.0.1:locker:6',
      { chargeBoxId: 'LS-2', password: 'secret', version: 'ocpp2.0.1', kind: 'locker', evses: 6 },
    ],
  ])('reads %s', (spec, expected) => {
    expect(parseStationSpec(spec)).toEqual(expected);
  });

  it.each(['LS-1', 'LS-1:secret:ocpp1.5', 'LS-1:secret:ocpp1.6:garage', 'LS-1:secret:ocpp1.6:locker:0'])(
    'refuses %s',
    (spec) => {
      expect(() => parseStationSpec(spec)).toThrow();
    },
  );
});
