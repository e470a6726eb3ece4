import { describe, expect, it } from 'vitest';
import {
  commandOutcome,
  connectionOf,
  doorKey,
  doorTone,
  groupStations,
  sessionHint,
  stateSummary,
  STATE_TONE,
} from './state';
import { CHARGE_POINT_STATES } from './types';

const station = (chargeBoxId: string, locationId: string | null, groupId: string | null = null) => ({
  chargeBoxId,
  locationId,
  groupId,
});

describe('state badges', () => {
  it('gives every state its own tone, and the fault and the open door the alarming ones', () => {
    expect(new Set(CHARGE_POINT_STATES.map((s) => STATE_TONE[s])).size).toBe(6);
    expect(STATE_TONE.fault).toBe('error');
    expect(STATE_TONE.door_open).toBe('warn');
    expect(STATE_TONE.free).toBe('ok');
  });

  it('reads doors, and a missing door report as unknown', () => {
    expect([doorKey('open'), doorKey('closed'), doorKey('locked'), doorKey(null), doorKey('ajar')]).toEqual([
      'open',
      'closed',
      'locked',
      'unknown',
      'unknown',
    ]);
    expect(doorTone('open')).toBe('warn');
    expect(doorTone(null)).toBe('muted');
  });

  it('tells connection states apart, a pending station before its socket', () => {
    expect(connectionOf({ online: true, registration: 'accepted' })).toBe('online');
    expect(connectionOf({ online: false, registration: 'accepted' })).toBe('offline');
    expect(connectionOf({ online: true, registration: 'pending' })).toBe('pending');
    expect(connectionOf({ online: false, registration: 'rejected' })).toBe('rejected');
  });

  it('summarizes only the states present, in a fixed order', () => {
    expect(
      stateSummary({ free: 2, occupied: 0, charging: 1, door_open: 0, fault: 1, unavailable: 0 }),
    ).toEqual([
      { state: 'free', count: 2 },
      { state: 'charging', count: 1 },
      { state: 'fault', count: 1 },
    ]);
    expect(stateSummary(undefined)).toEqual([]);
  });
});

describe('grouping stations', () => {
  const names = new Map([
    ['loc-b', 'Parkhaus P7'],
    ['loc-a', 'Bahnhof'],
    ['grp', 'Garagen'],
  ]);
  const stations = [
    station('A', 'loc-b', 'grp'),
    station('B', null),
    station('C', 'loc-a'),
    station('D', 'loc-b'),
    station('E', 'deleted-location'),
  ];

  it('groups by location, by name, the unassigned last, stations in their order', () => {
    expect(
      groupStations(stations, 'location', names).map((g) => [g.name, g.stations.map((s) => s.chargeBoxId)]),
    ).toEqual([
      ['Bahnhof', ['C']],
      ['Parkhaus P7', ['A', 'D']],
      [null, ['B', 'E']],
    ]);
  });

  it('groups by station group', () => {
    expect(
      groupStations(stations, 'group', names).map((g) => [g.key, g.stations.map((s) => s.chargeBoxId)]),
    ).toEqual([
      ['grp', ['A']],
      ['none', ['B', 'C', 'D', 'E']],
    ]);
  });

  it('keeps one group without grouping, and none for no stations', () => {
    expect(groupStations(stations, 'none', names)).toEqual([{ key: 'all', name: null, stations }]);
    expect(groupStations([], 'location', names)).toEqual([]);
    expect(groupStations([], 'none', names)).toEqual([]);
  });
});

describe('command outcomes', () => {
  it.each([
    [{ result: { status: 'unlocked' } }, { tone: 'success', key: 'accepted', status: 'unlocked' }],
    [{ result: { status: 'accepted' } }, { tone: 'success', key: 'accepted', status: 'accepted' }],
    [{ result: { status: 'unlockFailed' } }, { tone: 'warning', key: 'refused', status: 'unlockFailed' }],
    [{ result: { status: 'rejected' } }, { tone: 'warning', key: 'refused', status: 'rejected' }],
    [{ error: { code: 'station_offline', detail: 'x' } }, { tone: 'error', key: 'offline' }],
    [{ error: { code: 'station_timeout', detail: 'x' } }, { tone: 'error', key: 'timeout' }],
    [
      { error: { code: 'station_rejected', detail: 'NotImplemented' } },
      { tone: 'error', key: 'stationError', detail: 'NotImplemented' },
    ],
    [{ error: { code: 'forbidden', detail: 'x' } }, { tone: 'error', key: 'forbidden' }],
    [{ error: { code: 'internal', detail: 'boom' } }, { tone: 'error', key: 'failed', detail: 'boom' }],
  ] as const)('%o → %o', (input, expected) => {
    expect(commandOutcome(input)).toEqual(expected);
  });
});

describe('how a session was started', () => {
  it('never shows an SMS session’s receipt PIN', () => {
    expect(
      sessionHint({ idTag: '123456', idTagType: 'Central', authorizationReason: 'receipt_pin' }),
    ).toEqual({
      kind: 'sms',
    });
  });

  it('shows a card’s UID, and tells remote starts and unknown ones apart', () => {
    expect(
      sessionHint({ idTag: '04A1B2', idTagType: 'ISO14443', authorizationReason: 'card_accepted' }),
    ).toEqual({
      kind: 'card',
      token: '04A1B2',
    });
    expect(sessionHint({ idTag: 'X', idTagType: 'Central', authorizationReason: null })).toEqual({
      kind: 'remote',
    });
    expect(sessionHint({ idTag: null, idTagType: null, authorizationReason: null })).toEqual({
      kind: 'unknown',
    });
  });
});
