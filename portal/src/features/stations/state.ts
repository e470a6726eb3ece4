/**
 * Pure pieces of the operations pages: which badge a state gets, how stations are grouped, how a
 * command's outcome reads. Words come from the `stations` texts; these return keys and tones.
 */
import type { Tone } from '../../ui';
import { CHARGE_POINT_STATES, type ChargePointState, type StateCounts } from './types';

/** One tone per state; the badge always carries the word too (never colour alone). */
export const STATE_TONE: Record<ChargePointState, Tone> = {
  free: 'ok',
  occupied: 'busy',
  charging: 'info',
  door_open: 'warn',
  fault: 'error',
  unavailable: 'muted',
};

export type DoorState = 'open' | 'closed' | 'locked';

export function doorTone(door: string | null): Tone {
  if (door === 'open') return 'warn';
  if (door === 'locked') return 'busy';
  if (door === 'closed') return 'ok';
  return 'muted';
}

/** `unknown` for a charge point without a door report (most charge points have no door). */
export function doorKey(door: string | null): DoorState | 'unknown' {
  return door === 'open' || door === 'closed' || door === 'locked' ? door : 'unknown';
}

export type Connection = 'online' | 'offline' | 'pending' | 'rejected';

export function connectionOf(station: { online: boolean; registration: string }): Connection {
  if (station.registration === 'pending') return 'pending';
  if (station.registration === 'rejected') return 'rejected';
  return station.online ? 'online' : 'offline';
}

export const CONNECTION_TONE: Record<Connection, Tone> = {
  online: 'ok',
  offline: 'error',
  pending: 'warn',
  rejected: 'muted',
};

/** The states present, in a fixed order, for a row of badges ("2 frei", "1 Störung"). */
export function stateSummary(counts: StateCounts | undefined): { state: ChargePointState; count: number }[] {
  if (counts === undefined) return [];
  return CHARGE_POINT_STATES.filter((state) => counts[state] > 0).map((state) => ({
    state,
    count: counts[state],
  }));
}

export type GroupMode = 'location' | 'group' | 'none';

export interface StationGrouping<T> {
  /** The location or group id; `none` for stations without one, `all` when not grouped. */
  key: string;
  /** null: not assigned (or not grouped at all). */
  name: string | null;
  stations: T[];
}

/**
 * Stations by location or station group, groups by name, the unassigned last; stations keep the
 * order they came in (the API sorts by charge box id).
 */
export function groupStations<T extends { locationId: string | null; groupId: string | null }>(
  stations: readonly T[],
  mode: GroupMode,
  names: ReadonlyMap<string, string>,
): StationGrouping<T>[] {
  if (mode === 'none')
    return stations.length === 0 ? [] : [{ key: 'all', name: null, stations: [...stations] }];
  const groups = new Map<string, StationGrouping<T>>();
  for (const station of stations) {
    const id = mode === 'location' ? station.locationId : station.groupId;
    const known = id !== null && names.has(id);
    const key = known ? id : 'none';
    const group = groups.get(key) ?? { key, name: known ? names.get(id)! : null, stations: [] };
    group.stations.push(station);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => {
    if (a.name === null) return b.name === null ? 0 : 1;
    if (b.name === null) return -1;
    return a.name.localeCompare(b.name, 'de');
  });
}

export interface CommandOutcome {
  tone: 'success' | 'warning' | 'error';
  /** A key under `outcome.` in the stations texts. */
  key:
    'accepted' | 'refused' | 'offline' | 'timeout' | 'stationError' | 'notSupported' | 'forbidden' | 'failed';
  /** The station's own answer, e.g. unlocked, rejected, unlockFailed. */
  status?: string;
  /** The server's explanation, for the cases without a fixed text. */
  detail?: string;
}

const SUCCESS = new Set(['accepted', 'unlocked', 'scheduled']);

/** How a command ended, from the answer or from the problem the API returned. */
export function commandOutcome(
  input: { result: { status: string } } | { error: { code: string; detail: string } },
): CommandOutcome {
  if ('result' in input) {
    const status = input.result.status;
    return SUCCESS.has(status)
      ? { tone: 'success', key: 'accepted', status }
      : { tone: 'warning', key: 'refused', status };
  }
  const { code, detail } = input.error;
  switch (code) {
    case 'station_offline':
      return { tone: 'error', key: 'offline' };
    case 'station_timeout':
      return { tone: 'error', key: 'timeout' };
    case 'station_rejected':
      return { tone: 'error', key: 'stationError', detail };
    case 'not_supported':
      return { tone: 'error', key: 'notSupported', detail };
    case 'forbidden':
      return { tone: 'error', key: 'forbidden' };
    default:
      return { tone: 'error', key: 'failed', detail };
  }
}

export type SessionHint =
  { kind: 'sms' } | { kind: 'card'; token: string } | { kind: 'remote' } | { kind: 'unknown' };

/**
 * How a session was started, for the compartment view. An SMS session's token is its receipt PIN
 * (ADR 0006): it is never shown, only that the session came by SMS.
 */
export function sessionHint(session: {
  idTag: string | null;
  idTagType: string | null;
  authorizationReason: string | null;
}): SessionHint {
  if (session.authorizationReason?.startsWith('receipt_pin') === true) return { kind: 'sms' };
  if (session.idTag === null) return { kind: 'unknown' };
  if (session.idTagType === 'Central') return { kind: 'remote' };
  return { kind: 'card', token: session.idTag };
}
