import { describe, expect, it } from 'vitest';
import { doorFromEvent, parseDoorStateData } from './door-contract.js';

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
  ) => ({
    component,
    variable: { name: variable },
    actualValue,
  });

  it.each([
    ['Open', 'true', 'open'],
    ['Open', 'false', 'closed'],
    ['Locked', 'true', 'locked'],
    ['Locked', 'false', 'closed'],
    ['Open', 'TRUE', 'open'],
  ])('%s=%s is %s', (variable, value, door) => {
    expect(doorFromEvent(event(variable, value))).toEqual({ evseId: 4, door });
  });

  it('ignores other components, variables, values and the station-wide door', () => {
    expect(doorFromEvent(event('Open', 'true', { name: 'Connector', evse: { id: 4 } }))).toBeUndefined();
    expect(doorFromEvent(event('Open', 'true', { name: 'Door' }))).toBeUndefined();
    expect(doorFromEvent(event('Open', 'true', { name: 'Door', evse: { id: 0 } }))).toBeUndefined();
    expect(doorFromEvent(event('Problem', 'true'))).toBeUndefined();
    expect(doorFromEvent(event('Open', 'maybe'))).toBeUndefined();
  });
});
