import { describe, expect, it } from 'vitest';
import { inUse, startRefusal, type CompartmentFacts, type StartRefusal } from './compartment-check.js';

const ready: CompartmentFacts = {
  online: true,
  status: 'Preparing',
  door: 'closed',
  locker: true,
  transactionRunning: false,
  smsSessionOpen: false,
};

describe('may an SMS start here?', () => {
  it.each<[string, Partial<CompartmentFacts>, StartRefusal | undefined]>([
    ['1.6 locker with something inside, door closed', {}, undefined],
    ['2.0.1 locker with something inside', { status: 'Occupied' }, undefined],
    ['a station that reports no door', { door: null }, undefined],
    ['a status never reported', { status: 'Unknown' }, undefined],
    ['a charge point (no occupancy rule)', { locker: false, status: 'Available' }, undefined],
    ['station offline', { online: false }, 'stationOffline'],
    [
      'offline wins over everything else',
      { online: false, door: 'open', transactionRunning: true },
      'stationOffline',
    ],
    ['another SMS session', { smsSessionOpen: true }, 'busy'],
    ['a card session', { transactionRunning: true }, 'busy'],
    ['1.6 Charging', { status: 'Charging' }, 'busy'],
    ['1.6 SuspendedEV', { status: 'SuspendedEV' }, 'busy'],
    ['1.6 Finishing: the last things not collected', { status: 'Finishing' }, 'busy'],
    ['Reserved', { status: 'Reserved' }, 'busy'],
    ['Unavailable', { status: 'Unavailable' }, 'outOfService'],
    ['Faulted', { status: 'Faulted' }, 'outOfService'],
    ['door open', { door: 'open' }, 'doorOpen'],
    ['door open and empty: the door first', { door: 'open', status: 'Available' }, 'doorOpen'],
    ['empty locker', { status: 'Available' }, 'empty'],
  ])('%s', (_what, facts, expected) => {
    expect(startRefusal({ ...ready, ...facts })).toBe(expected);
  });

  it.each([
    [{ status: 'Available', transactionRunning: false, smsSessionOpen: false }, false],
    [{ status: 'Occupied', transactionRunning: false, smsSessionOpen: false }, false],
    [{ status: 'Occupied', transactionRunning: true, smsSessionOpen: false }, true],
    [{ status: 'Available', transactionRunning: false, smsSessionOpen: true }, true],
    [{ status: 'Finishing', transactionRunning: false, smsSessionOpen: false }, true],
  ])('in use for others: %j → %s', (facts, expected) => {
    expect(inUse(facts)).toBe(expected);
  });
});
