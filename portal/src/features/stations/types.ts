/** The API answers the operations pages read (docs/openapi.json has the full contract). */
export type ChargePointState = 'free' | 'occupied' | 'charging' | 'door_open' | 'fault' | 'unavailable';

export const CHARGE_POINT_STATES: readonly ChargePointState[] = [
  'free',
  'occupied',
  'charging',
  'door_open',
  'fault',
  'unavailable',
];

export type StateCounts = Record<ChargePointState, number>;

export interface ChargePoint {
  id: string;
  stationId: string;
  evseId: number;
  shortName: string;
  status: string;
  errorCode: string | null;
  door: string | null;
}

export interface Station {
  id: string;
  institutionId: string;
  chargeBoxId: string;
  name: string | null;
  kind: 'locker' | 'charge_point';
  locationId: string | null;
  groupId: string | null;
  registration: 'accepted' | 'pending' | 'rejected';
  online: boolean;
  ocppVersion: string | null;
  vendor: string | null;
  model: string | null;
  firmwareVersion: string | null;
  lastSeenAt: string | null;
  connectedAt: string | null;
  lastBootAt: string | null;
  createdAt: string;
}

export interface StationDetail extends Station {
  chargePoints: ChargePoint[];
}

export interface WithPassword {
  station: StationDetail;
  generatedPassword: string | null;
}

export interface ChargePointStatus {
  id: string;
  evseId: number;
  shortName: string;
  status: string;
  errorCode: string | null;
  statusInfo: string | null;
  statusAt: string | null;
  door: string | null;
  doorAt: string | null;
  activeSessionId: string | null;
  state: ChargePointState;
}

export interface StationStatus {
  stationId: string;
  chargeBoxId: string;
  online: boolean;
  registration: Station['registration'];
  ocppVersion: string | null;
  lastSeenAt: string | null;
  connectedAt: string | null;
  lastBootAt: string | null;
  chargePoints: ChargePointStatus[];
}

export interface StationSummary {
  stationId: string;
  online: boolean;
  faulted: boolean;
  doorOpen: boolean;
  byState: StateCounts;
}

export interface Location {
  id: string;
  institutionId: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
}

export interface StationGroup {
  id: string;
  institutionId: string;
  name: string;
}

export interface Session {
  id: string;
  chargePointId: string | null;
  evseId: number | null;
  transactionId: string;
  idTag: string | null;
  idTagType: string | null;
  authorizationReason: string | null;
  status: 'active' | 'completed';
  startedAt: string;
  energyWh: number;
}

export interface OcppMessage {
  id: number;
  direction: 'in' | 'out';
  messageType: number;
  messageId: string;
  action: string | null;
  payload: unknown;
  at: string;
  response: { messageType: number; payload: unknown; at: string } | null;
}

export interface CommandResult {
  status: string;
}

export interface SentCommand {
  commandId: string;
  status: string;
  result: CommandResult;
}

export interface RemoteCommand {
  id: string;
  command: string;
  action: string;
  status: 'pending' | 'answered' | 'failed' | 'timeout' | 'offline';
  request: { command: Record<string, unknown> };
  result: CommandResult | null;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  answeredAt: string | null;
}
