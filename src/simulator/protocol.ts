/**
 * The seam between the version-neutral station and its OCPP dialect. A station model says what
 * happened ("transaction started", "door locked"); a protocol adapter (v16/, v201/) spells it as
 * messages and turns the CSMS's commands back into calls on `StationControl`.
 */
import type { Compartment, StatusInput, Transaction } from './compartment.js';
import type { LocalAuthorization } from './local-authorization.js';
import type { OutboxMessage } from './outbox.js';
import type { StationSettings } from './settings.js';
import type { CommandOutcome } from './station-connection.js';
import type {
  AuthorizationStatus,
  DisplayMessage,
  DoorState,
  IdToken,
  OcppVersion,
  RegistrationStatus,
  StationKind,
  StopReason,
} from './types.js';

export type ReadingContext = 'Transaction.Begin' | 'Sample.Periodic' | 'Transaction.End' | 'Trigger';

export interface MeterSample {
  at: Date;
  energyWh: number;
  powerW: number;
  context: ReadingContext;
}

export type BootReason = 'PowerUp' | 'RemoteReset' | 'Triggered';

export interface BootResult {
  status: RegistrationStatus;
  intervalS: number;
}

export interface AuthorizeResult {
  status: AuthorizationStatus;
  expiresAt?: Date;
}

/** Why a transaction message other than start/end is sent. */
export type UpdateTrigger = 'Periodic' | 'Trigger' | 'ChargingStateChanged';

export interface KeypadOutcome {
  result: 'started' | 'stopped' | 'accepted' | 'refused';
  status: AuthorizationStatus;
  evseId?: number;
}

/** What a protocol adapter may do to the station while handling a CSMS command. */
export interface StationControl {
  readonly kind: StationKind;
  readonly evseCount: number;
  readonly settings: StationSettings;
  readonly localAuth: LocalAuthorization;
  readonly identity: { vendor: string; model: string; serialNumber: string; firmwareVersion: string };
  readonly online: boolean;
  readonly registration: RegistrationStatus | undefined;
  compartment(evseId: number): Compartment | undefined;
  compartments(): readonly Compartment[];
  findTransaction(transactionId: number | string): Transaction | undefined;
  /** Why a remote start on this compartment is refused, or undefined when it may start. */
  remoteStartRefusal(evseId: number): string | undefined;
  /** A compartment a remote start without a target can use. */
  idleCompartment(): number | undefined;
  startTransaction(
    evseId: number,
    idToken: IdToken,
    trigger: 'Authorized' | 'RemoteStart',
    remoteStartId?: number,
  ): Transaction;
  stopTransaction(tx: Transaction, reason: StopReason): void;
  /** The CSMS said the token that started `tx` is not valid (1.6 StopTransactionOnInvalidId, 2.0.1 E05.FR.09). */
  deauthorize(tx: Transaction): void;
  /** Pops the door of a locker compartment open (UnlockConnector). */
  unlock(evseId: number): void;
  /** undefined evseIds means the whole station. */
  setAvailability(evseIds: number[] | undefined, operative: boolean): 'Accepted' | 'Scheduled';
  isIdle(): boolean;
  /** Stops every transaction, closes the connection and boots again (after the answer went out). */
  reboot(reason: 'SoftReset' | 'HardReset'): Promise<void>;
  rebootWhenIdle(): void;
  sendBoot(reason: BootReason): Promise<void>;
  sendHeartbeat(): Promise<void>;
  /** Queues a StatusNotification for these compartments (all when undefined) even if unchanged. */
  reportStatus(evseIds?: number[]): void;
  sample(evseId: number, context: ReadingContext): MeterSample;
  enqueue(message: OutboxMessage | undefined): void;
  /** Actions still waiting in the ordered queue. */
  pendingActions(): string[];
  /** A call outside the ordered queue (reports, notifications answering a command). */
  call(action: string, params: Record<string, unknown>): Promise<unknown>;
  settingsChanged(): void;
  setDisplayMessage(message: DisplayMessage): void;
  clearDisplayMessage(id: number): boolean;
  displayMessages(): DisplayMessage[];
  nextEventId(): number;
}

export interface ProtocolAdapter {
  readonly version: OcppVersion;
  /** 1.6 also reports connector 0, the charge point itself (§4.9). */
  readonly reportsStationConnector: boolean;
  /** 2.0.1 chooses the transaction id itself; 1.6 waits for the CSMS. */
  newTransactionId(): string | undefined;
  connectorStatus(input: StatusInput): string;
  bootRequest(reason: BootReason): Record<string, unknown>;
  parseBoot(result: unknown): BootResult;
  authorizeRequest(token: IdToken): Record<string, unknown>;
  parseAuthorize(result: unknown): AuthorizeResult;
  statusNotification(connectorId: number, status: string, at: Date): OutboxMessage;
  transactionStarted(tx: Transaction, sample: MeterSample): OutboxMessage;
  transactionUpdated(tx: Transaction, sample: MeterSample, trigger: UpdateTrigger): OutboxMessage | undefined;
  transactionEnded(tx: Transaction, sample: MeterSample, reason: StopReason): OutboxMessage;
  /** Meter values outside a transaction (TriggerMessage on an idle compartment). */
  meterValues(evseId: number, sample: MeterSample): OutboxMessage;
  doorChanged(evseId: number, previous: DoorState, door: DoorState, at: Date): OutboxMessage;
  /** The whole state of a door, unchanged or not: after a boot the CSMS knows nothing. */
  doorReport(evseId: number, door: DoorState, at: Date): OutboxMessage;
  /** Throws an ocpp-rpc RPCError (e.g. NotImplemented) for commands it does not know. */
  handleCommand(action: string, params: Record<string, unknown>): Promise<CommandOutcome>;
}
