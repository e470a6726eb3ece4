/**
 * May an SMS start a session at this compartment now? A plain function over what the station last
 * reported (status, door) and what runs there, so every refusal is decided the same way and tested
 * as a table. The station checks again when the start arrives (a locker refuses a remote start behind
 * an open door); this check answers the person with the reason instead of a bare refusal.
 */

export type StartRefusal = 'stationOffline' | 'outOfService' | 'busy' | 'doorOpen' | 'empty';

export interface CompartmentFacts {
  /** The station is connected now. */
  online: boolean;
  /** The last StatusNotification (1.6 ChargePointStatus, 2.0.1 ConnectorStatusEnumType). */
  status: string;
  /** The last door report; null when the station reports no door. */
  door: string | null;
  locker: boolean;
  /** A transaction runs there (a card, the keypad, another SMS). */
  transactionRunning: boolean;
  /** Another SMS session holds the compartment. */
  smsSessionOpen: boolean;
}

const OUT_OF_SERVICE = new Set(['Unavailable', 'Faulted']);
/**
 * Statuses in which someone else's session or things are there: 1.6 Charging/SuspendedEV/SuspendedEVSE
 * (a session), Finishing (ended, the things not collected yet), Reserved (both versions).
 */
const IN_USE = new Set(['Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved']);

export function startRefusal(facts: CompartmentFacts): StartRefusal | undefined {
  if (!facts.online) return 'stationOffline';
  if (facts.smsSessionOpen || facts.transactionRunning || IN_USE.has(facts.status)) return 'busy';
  if (OUT_OF_SERVICE.has(facts.status)) return 'outOfService';
  if (facts.door === 'open') return 'doorOpen';
  // A locker reports what is inside through its status: 1.6 Preparing, 2.0.1 Occupied. Available
  // means nothing is in it, and a charge would bill an empty compartment.
  if (facts.locker && facts.status === 'Available') return 'empty';
  return undefined;
}

/** Busy for STATUS answers to anyone but the owner. */
export function inUse(
  facts: Pick<CompartmentFacts, 'status' | 'transactionRunning' | 'smsSessionOpen'>,
): boolean {
  return facts.smsSessionOpen || facts.transactionRunning || IN_USE.has(facts.status);
}
