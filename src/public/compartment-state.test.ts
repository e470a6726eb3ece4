import { describe, expect, it } from 'vitest';
import { compartmentState, type CompartmentFacts } from './compartment-state.js';

const base: CompartmentFacts = {
  stationOnline: true,
  stationAccepted: true,
  status: 'Available',
  door: 'closed',
  inUse: false,
};

describe('a compartment’s state in words', () => {
  it.each<[string, Partial<CompartmentFacts>, string]>([
    ['available and closed', {}, 'free'],
    ['available, door locked', { door: 'locked' }, 'free'],
    ['door open', { door: 'open' }, 'door_open'],
    ['door open while in use', { door: 'open', inUse: true, status: 'Charging' }, 'door_open'],
    ['1.6 charging', { status: 'Charging', inUse: true }, 'charging'],
    ['2.0.1 occupied with a session', { status: 'Occupied', inUse: true }, 'charging'],
    ['2.0.1 occupied without a session', { status: 'Occupied' }, 'occupied'],
    ['an item waits inside (1.6 Preparing)', { status: 'Preparing' }, 'occupied'],
    ['1.6 session, nothing drawing power', { status: 'SuspendedEV', inUse: true }, 'occupied'],
    ['ended, item still inside', { status: 'Finishing' }, 'occupied'],
    ['reported Available but an SMS session is open', { inUse: true }, 'occupied'],
    ['faulted', { status: 'Faulted' }, 'out_of_order'],
    ['unavailable', { status: 'Unavailable' }, 'out_of_order'],
    ['never reported', { status: 'Unknown', door: null }, 'out_of_order'],
    ['station offline', { stationOnline: false }, 'out_of_order'],
    ['station not accepted', { stationAccepted: false }, 'out_of_order'],
  ])('%s → %s', (_case, facts, state) => {
    expect(compartmentState({ ...base, ...facts })).toBe(state);
  });
});
