/**
 * A charge point's (compartment's) state as staff see it, from what the station last reported and
 * whether a session runs. One word per charge point, so the dashboard can count them and the portal
 * can show one badge; the raw status, error code and door stay available beside it.
 *
 * Unlike the public page (public/compartment-state.ts), staff tell a fault apart from a compartment
 * that is merely switched off or unreachable: a fault needs someone on site, the rest may not.
 */
export type ChargePointState = 'free' | 'occupied' | 'charging' | 'door_open' | 'fault' | 'unavailable';

export const CHARGE_POINT_STATES: readonly ChargePointState[] = [
  'free',
  'occupied',
  'charging',
  'door_open',
  'fault',
  'unavailable',
];

export interface ChargePointFacts {
  /** The station holds a connection now and is accepted (not pending or rejected). */
  stationOnline: boolean;
  /** OCPP 1.6 ChargePointStatus or 2.0.1 ConnectorStatus as last reported ('Unknown' before any). */
  status: string;
  /** 1.6 ChargePointErrorCode ('NoError' when fine) or 2.0.1 error text; null when none was given. */
  errorCode: string | null;
  /** Lockers: open, closed or locked; null for charge points without a door. */
  door: string | null;
  /** An OCPP session is active on this charge point. */
  sessionActive: boolean;
}

/** 1.6 and 2.0.1 statuses of a connector in use without (or between) energy flowing. */
const IN_USE = new Set(['Preparing', 'Finishing', 'Occupied', 'Reserved']);
/** 1.6 statuses during a transaction; 2.0.1 only says Occupied, so its session decides. */
const CHARGING = new Set(['Charging', 'SuspendedEV', 'SuspendedEVSE']);

/**
 * A fault: the station said Faulted, or reported an error code (1.6 sends `NoError` when fine).
 * Also counted while the station is offline: the last report still tells where to look.
 */
export function isFaulted(facts: Pick<ChargePointFacts, 'status' | 'errorCode'>): boolean {
  if (facts.status === 'Faulted') return true;
  return facts.errorCode !== null && facts.errorCode !== '' && facts.errorCode !== 'NoError';
}

export function chargePointState(facts: ChargePointFacts): ChargePointState {
  // What an offline station last said may no longer be true: nobody can use it now anyway.
  if (!facts.stationOnline) return 'unavailable';
  if (isFaulted(facts)) return 'fault';
  if (facts.status === 'Unavailable') return 'unavailable';
  // An open door needs someone to close it, whatever else the compartment does.
  if (facts.door === 'open') return 'door_open';
  if (CHARGING.has(facts.status) || (facts.sessionActive && facts.status === 'Occupied')) return 'charging';
  if (facts.sessionActive || IN_USE.has(facts.status)) return 'occupied';
  if (facts.status === 'Available') return 'free';
  // 'Unknown' (never reported) or a status this version of Fachwerk does not know.
  return 'unavailable';
}
