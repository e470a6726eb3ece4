/**
 * The locker door extension (docs/ocpp.md, "Locker doors"): how a station reports the door of a
 * compartment. Pure parsing; the station side (src/simulator) speaks the same contract.
 *
 * - OCPP 1.6: DataTransfer { vendorId: "de.fachwerk", messageId: "DoorState",
 *   data: '{"connectorId":N,"door":"open"|"closed"|"locked"}' }.
 * - OCPP 2.0.1: NotifyEvent eventData with component { name: "Door", evse: { id: N } } and variable
 *   "Open" ("true" / "false") or "Locked" ("true" / "false").
 */
export const FACHWERK_VENDOR_ID = 'de.fachwerk';
export const DOOR_STATE_MESSAGE_ID = 'DoorState';

export type Door = 'open' | 'closed' | 'locked';

export interface DoorReport {
  evseId: number;
  door: Door;
}

const DOORS = new Set<string>(['open', 'closed', 'locked']);

/** The DataTransfer data of a DoorState message (a JSON string; 2.0.1 may also send the object). */
export function parseDoorStateData(data: unknown): DoorReport | undefined {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { connectorId, door } = value as { connectorId?: unknown; door?: unknown };
  if (typeof connectorId !== 'number' || !Number.isInteger(connectorId) || connectorId < 1) return undefined;
  if (typeof door !== 'string' || !DOORS.has(door)) return undefined;
  return { evseId: connectorId, door: door as Door };
}

export interface DoorEventData {
  component: { name: string; evse?: { id: number } };
  variable: { name: string };
  actualValue: string;
}

/** One reported door variable: Open or Locked, true or false. */
export interface DoorSignal {
  evseId: number;
  variable: 'Open' | 'Locked';
  value: boolean;
}

/** One 2.0.1 event as a door signal, or undefined when it is not about a compartment's door. */
export function doorSignal(event: DoorEventData): DoorSignal | undefined {
  if (event.component.name !== 'Door') return undefined;
  const evseId = event.component.evse?.id;
  if (evseId === undefined || evseId < 1) return undefined;
  const value = event.actualValue.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') return undefined;
  const variable = event.variable.name;
  if (variable !== 'Open' && variable !== 'Locked') return undefined;
  return { evseId, variable, value: value === 'true' };
}

/**
 * The door state the signals of one message say, per compartment, read together (a station going
 * from open to locked sends Locked=true and Open=false in one NotifyEvent): locked if Locked is
 * true, else open if Open is true, else closed (a door that is unlocked or not open is closed).
 */
export function doorStates(signals: readonly DoorSignal[]): DoorReport[] {
  const byEvse = new Map<number, { open?: boolean; locked?: boolean }>();
  for (const signal of signals) {
    const state = byEvse.get(signal.evseId) ?? {};
    if (signal.variable === 'Open') state.open = signal.value;
    else state.locked = signal.value;
    byEvse.set(signal.evseId, state);
  }
  return [...byEvse].map(([evseId, state]) => ({
    evseId,
    door: state.locked === true ? 'locked' : state.open === true ? 'open' : 'closed',
  }));
}
