import { describe, expect, it } from 'vitest';
import { chargePointState, isFaulted, type ChargePointFacts } from './charge-point-state.js';

const facts = (over: Partial<ChargePointFacts> = {}): ChargePointFacts => ({
  stationOnline: true,
  status: 'Available',
  errorCode: null,
  door: 'closed',
  sessionActive: false,
  ...over,
});

describe('a charge point’s state for staff', () => {
  it.each<[string, Partial<ChargePointFacts>, ReturnType<typeof chargePointState>]>([
    ['available, door closed', {}, 'free'],
    ['available without a door (charge point)', { door: null }, 'free'],
    ['1.6 Charging', { status: 'Charging', sessionActive: true, door: 'locked' }, 'charging'],
    [
      '1.6 SuspendedEV (battery full, session runs)',
      { status: 'SuspendedEV', sessionActive: true },
      'charging',
    ],
    ['2.0.1 Occupied with a session', { status: 'Occupied', sessionActive: true }, 'charging'],
    ['2.0.1 Occupied without a session', { status: 'Occupied' }, 'occupied'],
    ['1.6 Preparing (item inside, no session yet)', { status: 'Preparing' }, 'occupied'],
    ['1.6 Finishing', { status: 'Finishing' }, 'occupied'],
    ['Reserved', { status: 'Reserved' }, 'occupied'],
    ['Available but a session is recorded', { sessionActive: true }, 'occupied'],
    ['door open', { door: 'open' }, 'door_open'],
    ['door open during a session', { door: 'open', status: 'Charging', sessionActive: true }, 'door_open'],
    ['Faulted', { status: 'Faulted' }, 'fault'],
    ['an error code while Available', { errorCode: 'GroundFailure' }, 'fault'],
    ['a fault wins over an open door', { status: 'Faulted', door: 'open' }, 'fault'],
    ['1.6 NoError is no fault', { errorCode: 'NoError' }, 'free'],
    ['Unavailable (switched off)', { status: 'Unavailable' }, 'unavailable'],
    ['never reported', { status: 'Unknown' }, 'unavailable'],
    ['a status unknown to Fachwerk', { status: 'Teleporting' }, 'unavailable'],
    ['station offline', { stationOnline: false, status: 'Charging', sessionActive: true }, 'unavailable'],
    ['station offline with a fault', { stationOnline: false, status: 'Faulted' }, 'unavailable'],
  ])('%s', (_, over, expected) => {
    expect(chargePointState(facts(over))).toBe(expected);
  });

  it('counts Faulted and real error codes as faults, NoError and an empty code not', () => {
    expect(isFaulted({ status: 'Faulted', errorCode: null })).toBe(true);
    expect(isFaulted({ status: 'Available', errorCode: 'ConnectorLockFailure' })).toBe(true);
    expect(isFaulted({ status: 'Available', errorCode: 'NoError' })).toBe(false);
    expect(isFaulted({ status: 'Available', errorCode: '' })).toBe(false);
    expect(isFaulted({ status: 'Charging', errorCode: null })).toBe(false);
  });
});
