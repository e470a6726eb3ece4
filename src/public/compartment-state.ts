/**
 * A compartment's state in words for people standing at the locker, from what the station last
 * reported (charge_points.status and door, the station's connection) and whether a session runs.
 * Conservative: whatever cannot take a new charge now and is not simply in use is "out of order".
 */
import type { DoorState } from '../db/schema.js';

export type CompartmentState = 'free' | 'occupied' | 'charging' | 'door_open' | 'out_of_order';

export interface CompartmentFacts {
  stationOnline: boolean;
  stationAccepted: boolean;
  /** OCPP 1.6 ChargePointStatus or 2.0.1 ConnectorStatus, as last reported ('Unknown' before any). */
  status: string;
  door: DoorState | null;
  /** An OCPP session or an SMS session is open on this compartment. */
  inUse: boolean;
}

/** 1.6 statuses of a connector in use (something inside, a session, or one just ended). */
const IN_USE = new Set(['Preparing', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Occupied', 'Reserved']);

export function compartmentState(facts: CompartmentFacts): CompartmentState {
  if (!facts.stationOnline || !facts.stationAccepted) return 'out_of_order';
  if (facts.door === 'open') return 'door_open';
  if (facts.status === 'Faulted' || facts.status === 'Unavailable') return 'out_of_order';
  // 1.6 says Charging; 2.0.1 only says Occupied, so a running session there counts as charging.
  if (facts.status === 'Charging' || (facts.inUse && facts.status === 'Occupied')) return 'charging';
  if (facts.inUse || IN_USE.has(facts.status)) return 'occupied';
  if (facts.status === 'Available') return 'free';
  return 'out_of_order';
}
