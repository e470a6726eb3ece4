/**
 * The operations overview as plain data: stations online, offline and faulted, compartments by
 * state, and which stations need someone's attention. Pure: the service reads the rows and the
 * clock, this decides what they mean.
 */
import {
  CHARGE_POINT_STATES,
  chargePointState,
  isFaulted,
  type ChargePointState,
} from '../stations/charge-point-state.js';

export interface StationFacts {
  id: string;
  institutionId: string;
  chargeBoxId: string;
  name: string | null;
  registration: 'accepted' | 'pending' | 'rejected';
  online: boolean;
  lastSeenAt: Date | null;
}

export interface ChargePointFactsRow {
  id: string;
  stationId: string;
  evseId: number;
  shortName: string;
  status: string;
  errorCode: string | null;
  door: string | null;
}

export interface ActiveSessionFacts {
  stationId: string;
  chargePointId: string | null;
  evseId: number | null;
}

export type StateCounts = Record<ChargePointState, number>;

/** Why a station is on the attention list, most urgent first. */
export type AttentionReason = 'offline' | 'faulted' | 'door_open';

export interface StationSummary {
  stationId: string;
  online: boolean;
  /** At least one charge point reports Faulted or an error code (also while offline: its last word). */
  faulted: boolean;
  /** At least one compartment door stands open (the station is online). */
  doorOpen: boolean;
  byState: StateCounts;
  chargePoints: { id: string; shortName: string; evseId: number; state: ChargePointState }[];
}

export interface AttentionEntry {
  stationId: string;
  institutionId: string;
  chargeBoxId: string;
  name: string | null;
  online: boolean;
  lastSeenAt: Date | null;
  reasons: AttentionReason[];
  /** The compartments behind `faulted` and `door_open`. */
  chargePoints: {
    id: string;
    shortName: string;
    evseId: number;
    state: ChargePointState;
    status: string;
    errorCode: string | null;
    door: string | null;
  }[];
}

export interface Overview {
  stations: { total: number; online: number; offline: number; faulted: number; pending: number };
  compartments: { total: number; byState: StateCounts };
  activeSessions: number;
  attention: AttentionEntry[];
}

export const emptyCounts = (): StateCounts =>
  Object.fromEntries(CHARGE_POINT_STATES.map((state) => [state, 0])) as StateCounts;

const REASON_ORDER: AttentionReason[] = ['offline', 'faulted', 'door_open'];

function sessionOn(cp: ChargePointFactsRow, sessions: readonly ActiveSessionFacts[]): boolean {
  return sessions.some(
    (s) =>
      s.stationId === cp.stationId &&
      (s.chargePointId === cp.id || (s.chargePointId === null && s.evseId === cp.evseId)),
  );
}

/** Per station: its charge points' states and the flags the list and the dashboard show. */
export function summarizeStations(
  stations: readonly StationFacts[],
  chargePoints: readonly ChargePointFactsRow[],
  sessions: readonly ActiveSessionFacts[],
): Map<string, StationSummary> {
  const byStation = new Map<string, ChargePointFactsRow[]>();
  for (const cp of chargePoints) {
    const list = byStation.get(cp.stationId) ?? [];
    list.push(cp);
    byStation.set(cp.stationId, list);
  }
  const summaries = new Map<string, StationSummary>();
  for (const station of stations) {
    const usable = station.online && station.registration === 'accepted';
    const own = (byStation.get(station.id) ?? []).sort((a, b) => a.evseId - b.evseId);
    const byState = emptyCounts();
    const states = own.map((cp) => {
      const state = chargePointState({
        stationOnline: usable,
        status: cp.status,
        errorCode: cp.errorCode,
        door: cp.door,
        sessionActive: sessionOn(cp, sessions),
      });
      byState[state] += 1;
      return { id: cp.id, shortName: cp.shortName, evseId: cp.evseId, state };
    });
    summaries.set(station.id, {
      stationId: station.id,
      online: station.online,
      faulted: own.some((cp) => isFaulted(cp)),
      doorOpen: usable && own.some((cp) => cp.door === 'open'),
      byState,
      chargePoints: states,
    });
  }
  return summaries;
}

/** The dashboard's numbers and attention list. Pending and rejected stations are counted apart. */
export function overview(
  stations: readonly StationFacts[],
  chargePoints: readonly ChargePointFactsRow[],
  sessions: readonly ActiveSessionFacts[],
): Overview {
  const accepted = stations.filter((s) => s.registration === 'accepted');
  const summaries = summarizeStations(accepted, chargePoints, sessions);
  const byState = emptyCounts();
  let compartments = 0;
  let faulted = 0;
  const attention: AttentionEntry[] = [];
  for (const station of accepted) {
    const summary = summaries.get(station.id)!;
    for (const state of CHARGE_POINT_STATES) byState[state] += summary.byState[state];
    compartments += summary.chargePoints.length;
    if (summary.faulted) faulted += 1;
    const reasons: AttentionReason[] = [];
    if (!station.online) reasons.push('offline');
    if (summary.faulted) reasons.push('faulted');
    if (summary.doorOpen) reasons.push('door_open');
    if (reasons.length === 0) continue;
    const cps = chargePoints
      .filter(
        (cp) => cp.stationId === station.id && (isFaulted(cp) || (station.online && cp.door === 'open')),
      )
      .sort((a, b) => a.evseId - b.evseId)
      .map((cp) => ({
        id: cp.id,
        shortName: cp.shortName,
        evseId: cp.evseId,
        state: summary.chargePoints.find((c) => c.id === cp.id)!.state,
        status: cp.status,
        errorCode: cp.errorCode,
        door: cp.door,
      }));
    attention.push({
      stationId: station.id,
      institutionId: station.institutionId,
      chargeBoxId: station.chargeBoxId,
      name: station.name,
      online: station.online,
      lastSeenAt: station.lastSeenAt,
      reasons,
      chargePoints: cps,
    });
  }
  const rank = (entry: AttentionEntry) => REASON_ORDER.indexOf(entry.reasons[0]!);
  attention.sort((a, b) => rank(a) - rank(b) || a.chargeBoxId.localeCompare(b.chargeBoxId));
  const online = accepted.filter((s) => s.online).length;
  return {
    stations: {
      total: accepted.length,
      online,
      offline: accepted.length - online,
      faulted,
      pending: stations.filter((s) => s.registration === 'pending').length,
    },
    compartments: { total: compartments, byState },
    activeSessions: sessions.length,
    attention,
  };
}
