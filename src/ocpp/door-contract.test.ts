import { describe, expect, it } from 'vitest';
import { doorSignal, doorStates, parseDoorStateData } from './door-contract.js';

describe('DoorState data (1.6 DataTransfer)', () => {
  it.each([
    ['{"connectorId":3,"door":"open"}', { evseId: 3, door: 'open' }],
    ['{"connectorId":1,"door":"locked","extra":true}', { evseId: 1, door: 'locked' }],
    [
      { connectorId: 2, door: 'closed' },
      { evseId: 2, door: 'closed' },
    ],
  ])('reads %j', (data, report) => {
    expect(parseDoorStateData(data)).toEqual(report);
  });

  it.each([
    undefined,
    '',
    'open',
    '[]',
    '{"connectorId":"3","door":"open"}',
    '{"connectorId":0,"door":"open"}',
    '{"connectorId":1.5,"door":"open"}',
    '{"connectorId":1,"door":"OPEN"}',
    '{"connectorId":1}',
  ])('refuses %j', (data) => {
    expect(parseDoorStateData(data)).toBeUndefined();
  });
});

describe('door events (2.0.1 NotifyEvent)', () => {
  const event = (
    variable: string,
    actualValue: string,
    component: { name: string; evse?: { id: number } } = { name: 'Door', evse: { id: 4 } },
  ) => ({ component, variable: { name: variable }, actualValue });

  it('reads Open and Locked of a compartment door', () => {
    expect(doorSignal(event('Open', 'true'))).toEqual({ evseId: 4, variable: 'Open', value: true });
    expect(doorSignal(event('Locked', 'FALSE'))).toEqual({ evseId: 4, variable: 'Locked', value: false });
  });

  it('ignores other components, variables, values and the station-wide door', () => {
    expect(doorSignal(event('Open', 'true', { name: 'Connector', evse: { id: 4 } }))).toBeUndefined();
    expect(doorSignal(event('Open', 'true', { name: 'Door' }))).toBeUndefined();
    expect(doorSignal(event('Open', 'true', { name: 'Door', evse: { id: 0 } }))).toBeUndefined();
    expect(doorSignal(event('Problem', 'true'))).toBeUndefined();
    expect(doorSignal(event('Open', 'maybe'))).toBeUndefined();
  });

  const signal = (evseId: number, variable: 'Open' | 'Locked', value: boolean) => ({
    evseId,
    variable,
    value,
  });

  it.each([
    [[signal(1, 'Open', true)], 'open'],
    [[signal(1, 'Open', false)], 'closed'],
    [[signal(1, 'Locked', true)], 'locked'],
    [[signal(1, 'Locked', false)], 'closed'],
    // open → locked in one go, in either order
    [[signal(1, 'Locked', true), signal(1, 'Open', false)], 'locked'],
    [[signal(1, 'Open', false), signal(1, 'Locked', true)], 'locked'],
    // locked → open in one go
    [[signal(1, 'Locked', false), signal(1, 'Open', true)], 'open'],
  ] as const)('reads %j as %s', (signals, door) => {
    expect(doorStates(signals)).toEqual([{ evseId: 1, door }]);
  });

  it('keeps compartments apart', () => {
    expect(doorStates([signal(1, 'Open', true), signal(2, 'Locked', true)])).toEqual([
      { evseId: 1, door: 'open' },
      { evseId: 2, door: 'locked' },
    ]);
  });
});
