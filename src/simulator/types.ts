/**
 * Public, version-neutral vocabulary of the station simulator. The simulator is an OCPP client
 * only: it shares no code with the server beyond these plain types.
 */
import type { Logger } from 'pino';

export type OcppVersion = 'ocpp1.6' | 'ocpp2.0.1';
export type StationKind = 'locker' | 'charge_point';
/** `closed` means closed and unlocked (a person can open it); `locked` means closed and locked. */
export type DoorState = 'open' | 'closed' | 'locked';
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

/** Union of the 1.6 and 2.0.1 authorization statuses. */
export type AuthorizationStatus =
  | 'Accepted'
  | 'Blocked'
  | 'ConcurrentTx'
  | 'Expired'
  | 'Invalid'
  | 'NoCredit'
  | 'NotAllowedTypeEVSE'
  | 'NotAtThisLocation'
  | 'NotAtThisTime'
  | 'Unknown';

/** How a token reached the station (2.0.1 IdTokenEnumType); 1.6 sends only the value. */
export type TokenType =
  'ISO14443' | 'ISO15693' | 'KeyCode' | 'Central' | 'eMAID' | 'Local' | 'MacAddress' | 'NoAuthorization';

export interface IdToken {
  value: string;
  type: TokenType;
}

/** Why a transaction ended, before it is spelled in a version's words. */
export type StopReason =
  | 'Local'
  | 'Remote'
  | 'EVDisconnected'
  | 'DeAuthorized'
  | 'SoftReset'
  | 'HardReset'
  | 'UnlockCommand'
  | 'Other';

export interface SimulatedStationOptions {
  /** The CSMS endpoint without the station id, e.g. ws://127.0.0.1:8080/ocpp */
  url: string;
  chargeBoxId: string;
  /** HTTP Basic password (OCPP security profile 1); omitted means no Authorization header. */
  password?: string;
  version: OcppVersion;
  kind: StationKind;
  /** Number of connectors (1.6) / EVSEs (2.0.1), i.e. compartments of a locker. */
  evses: number;
  /** Sampling interval of meter values while a transaction runs. Default 60 s. */
  meterIntervalMs?: number;
  /** Power drawn while charging. Default 250 W for a locker (e-bike battery), 11 kW for a charge point. */
  powerW?: number;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  /** Reconnect automatically after network loss. Default true. */
  reconnect?: boolean;
  /** Unanswered calls fail after this long. Default 30 s. */
  callTimeoutMs?: number;
  /** First delay before reconnecting; doubles up to 30 s. Default 250 ms. */
  reconnectDelayMs?: number;
  log?: Logger;
}

export interface TransactionSnapshot {
  evseId: number;
  /** 1.6: the id the CSMS assigned (undefined until StartTransaction was answered); 2.0.1: the station's uuid. */
  transactionId: number | string | undefined;
  idToken: IdToken;
  startedAt: Date;
  meterStartWh: number;
  remoteStartId?: number;
  /** Produced while the station had no connection. */
  startedOffline: boolean;
}

export interface CompartmentSnapshot {
  evseId: number;
  /** null for a charge point, which has no door. */
  door: DoorState | null;
  /** Locker: something is inside and plugged in. Charge point: a cable is plugged in. */
  occupied: boolean;
  operative: boolean;
  /** The status as last queued for the CSMS, in the station's OCPP version's words. */
  status: string;
  energyWh: number;
  powerW: number;
  transaction: TransactionSnapshot | undefined;
}

export interface DisplayMessage {
  id: number;
  priority: string;
  content: string;
  format: string;
  language?: string;
  state?: string;
  transactionId?: string;
  startDateTime?: string;
  endDateTime?: string;
}

export interface SentMessage {
  action: string;
  params: unknown;
  result: unknown;
  at: Date;
}

export interface ReceivedCommand {
  action: string;
  params: unknown;
  response: unknown;
  at: Date;
}

/** Events a test or the demo can listen to (`sim.on(...)`, `sim.waitFor(...)`). */
export interface SimulatorEvents {
  connected: [];
  disconnected: [{ code: number; reason: string }];
  /** Each answered BootNotification. */
  registered: [{ status: RegistrationStatus; intervalS: number }];
  status: [{ evseId: number; status: string }];
  door: [{ evseId: number; door: DoorState }];
  occupancy: [{ evseId: number; occupied: boolean }];
  authorize: [{ idToken: IdToken; status: AuthorizationStatus; offline: boolean }];
  transactionStarted: [TransactionSnapshot];
  transactionStopped: [TransactionSnapshot & { reason: StopReason; meterStopWh: number }];
  meter: [{ evseId: number; energyWh: number; powerW: number; transactionId: number | string | undefined }];
  /** A CSMS-initiated call and what the station answered. */
  command: [ReceivedCommand];
  /** A station-initiated call the CSMS answered with a CALLRESULT. */
  sent: [SentMessage];
  /** A station-initiated call that failed (CALLERROR, timeout, or the connection went away). */
  callFailed: [{ action: string; params: unknown; error: Error }];
  /** A message broke the OCPP schema (either direction): almost always a CSMS bug worth a test failure. */
  protocolError: [{ action: string; outbound: boolean; error: Error }];
  displayMessage: [DisplayMessage];
  reset: [{ type: string }];
}

export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}
