import { describe, expect, it } from 'vitest';
import { Compartment, meterIncrementWh, status16, status201, type StatusInput } from './compartment.js';

const idle: StatusInput = {
  kind: 'locker',
  occupied: false,
  operative: true,
  finishing: false,
  inTransaction: false,
  powerW: 250,
};

describe('connector status', () => {
  it.each<[string, Partial<StatusInput>, string, string]>([
    ['empty and free', {}, 'Available', 'Available'],
    ['an item waits inside', { occupied: true }, 'Preparing', 'Occupied'],
    ['charging', { occupied: true, inTransaction: true }, 'Charging', 'Occupied'],
    ['a locker session with nothing plugged in', { inTransaction: true }, 'SuspendedEV', 'Occupied'],
    [
      'a charge point session waiting for the cable',
      { kind: 'charge_point', inTransaction: true },
      'Preparing',
      'Occupied',
    ],
    [
      'a session with the battery full',
      { occupied: true, inTransaction: true, powerW: 0 },
      'SuspendedEV',
      'Occupied',
    ],
    ['ended, item still inside', { occupied: true, finishing: true }, 'Finishing', 'Occupied'],
    ['inoperative and idle', { operative: false }, 'Unavailable', 'Unavailable'],
    [
      'inoperative but still charging (scheduled)',
      { operative: false, occupied: true, inTransaction: true },
      'Charging',
      'Occupied',
    ],
  ])('%s: 1.6 %s / 2.0.1 %s', (_name, change, expected16, expected201) => {
    const input = { ...idle, ...change };
    expect(status16(input)).toBe(expected16);
    expect(status201(input)).toBe(expected201);
  });
});

describe('energy meter', () => {
  it('counts power over time in Wh', () => {
    expect(meterIncrementWh(3600, 1000)).toBe(1);
    expect(meterIncrementWh(11_000, 3_600_000)).toBe(11_000);
    expect(meterIncrementWh(0, 1000)).toBe(0);
    expect(meterIncrementWh(1000, -5)).toBe(0);
  });

  it('advances only while a transaction runs with something plugged in, and reports whole Wh', () => {
    const c = new Compartment(1, 'locker', 3600, 0);
    expect(c.advanceMeter(10_000)).toBe(0); // idle
    c.occupied = true;
    c.transaction = {
      evseId: 1,
      transactionId: 'tx',
      idToken: { value: 'A', type: 'ISO14443' },
      startedAt: new Date(0),
      meterStartWh: 0,
      startTrigger: 'Authorized',
      startedOffline: false,
      nextSeqNo: 0,
      ended: false,
    };
    expect(c.advanceMeter(11_500)).toBe(1); // 1.5 Wh, reported as 1
    expect(c.advanceMeter(12_000)).toBe(2);
    c.occupied = false;
    expect(c.advanceMeter(100_000)).toBe(2);
    c.addEnergy(500);
    expect(c.energyWh).toBe(502);
  });
});
