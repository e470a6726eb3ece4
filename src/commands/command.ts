/**
 * Remote commands in one version-neutral shape. Every caller (REST API, SMS flow, portal) speaks
 * these; v16.ts and v201.ts translate them to the station's OCPP version and its answer back.
 */
import type { OcppVersion } from '../db/schema.js';

export type IdTokenType =
  'Central' | 'eMAID' | 'ISO14443' | 'ISO15693' | 'KeyCode' | 'Local' | 'MacAddress' | 'NoAuthorization';

export const ID_TOKEN_TYPES: readonly IdTokenType[] = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
];

/** A 2.0.1 device-model address. 1.6 stations know flat keys instead (see well-known-keys.ts). */
export interface ComponentVariable {
  component: string;
  variable: string;
  /** The variable's instance, e.g. `TransactionEvent` for OCPPCommCtrlr.MessageAttempts. */
  instance?: string;
  /** The EVSE the component belongs to, when it is EVSE-specific. */
  evseId?: number;
}

export type TriggerableMessage =
  | 'bootNotification'
  | 'heartbeat'
  | 'meterValues'
  | 'statusNotification'
  | 'firmwareStatusNotification'
  /** 1.6 DiagnosticsStatusNotification, 2.0.1 LogStatusNotification. */
  | 'diagnosticsStatusNotification'
  /** 2.0.1 only. */
  | 'transactionEvent'
  /** 2.0.1 only. */
  | 'signChargingStationCertificate';

export const TRIGGERABLE_MESSAGES: readonly TriggerableMessage[] = [
  'bootNotification',
  'heartbeat',
  'meterValues',
  'statusNotification',
  'firmwareStatusNotification',
  'diagnosticsStatusNotification',
  'transactionEvent',
  'signChargingStationCertificate',
];

/** `removed` deletes the entry in a differential update. */
export type LocalListEntryStatus = 'accepted' | 'blocked' | 'expired' | 'invalid' | 'removed';

export interface LocalListEntry {
  idTag: string;
  status: LocalListEntryStatus;
  /** ISO 8601 UTC. */
  expiresAt?: string;
  /** 2.0.1 needs the token's type; cards are ISO14443 unless said otherwise. */
  idTagType?: IdTokenType;
}

export type ReportBase = 'configurationInventory' | 'fullInventory' | 'summaryInventory';
export type DisplayPriority = 'alwaysFront' | 'inFront' | 'normalCycle';

export type Command =
  | {
      command: 'startSession';
      evseId: number;
      idTag: string;
      /** 2.0.1 idToken.type; a start the CSMS asks for is `Central` unless said otherwise. */
      idTagType?: IdTokenType;
      /** 2.0.1 links the request to the TransactionEvent that follows; assigned when absent. */
      remoteStartId?: number;
    }
  | { command: 'stopSession'; transactionId: string }
  /** The reason is required: an emergency unlock (Notentriegelung) of a locker is always audited. */
  | { command: 'unlock'; evseId: number; reason: string }
  | { command: 'reset'; type: 'soft' | 'hard' }
  /** Without evseId the whole station. */
  | { command: 'changeAvailability'; evseId?: number; operative: boolean }
  | { command: 'getConfiguration'; keys?: string[]; variables?: ComponentVariable[] }
  | { command: 'setConfiguration'; key?: string; variable?: ComponentVariable; value: string }
  | { command: 'triggerMessage'; message: TriggerableMessage; evseId?: number }
  | { command: 'clearCache' }
  | {
      command: 'sendLocalList';
      version: number;
      updateType: 'full' | 'differential';
      entries: LocalListEntry[];
    }
  | { command: 'getLocalListVersion' }
  /** 2.0.1 only; requestId (echoed in the NotifyReport messages that follow) assigned when absent. */
  | { command: 'getBaseReport'; reportBase: ReportBase; requestId?: number }
  /** 2.0.1 only; the message id assigned when absent. */
  | {
      command: 'setDisplayMessage';
      message: string;
      language?: string;
      priority?: DisplayPriority;
      id?: number;
    }
  | { command: 'dataTransfer'; vendorId: string; messageId?: string; data?: unknown };

export type CommandName = Command['command'];
export type CommandOf<N extends CommandName> = Extract<Command, { command: N }>;

export const COMMAND_NAMES: readonly CommandName[] = [
  'startSession',
  'stopSession',
  'unlock',
  'reset',
  'changeAvailability',
  'getConfiguration',
  'setConfiguration',
  'triggerMessage',
  'clearCache',
  'sendLocalList',
  'getLocalListVersion',
  'getBaseReport',
  'setDisplayMessage',
  'dataTransfer',
];

/** One OCPP CALL: what goes over the wire. */
export interface OcppRequest {
  action: string;
  params: Record<string, unknown>;
}

/** One configuration value read or written. */
export interface ConfigurationValue {
  /** The 1.6 key, or `Component.Variable` for 2.0.1. */
  key: string;
  component?: string;
  variable?: string;
  instance?: string;
  evseId?: number;
  value?: string;
  readonly?: boolean;
  /** `accepted`, or why not: `unknownKey` (1.6), `unknownComponent`, `unknownVariable`, `rejected`, ... */
  status: string;
}

/**
 * The station's answer, version-neutral. `status` is the station's own status in lower camel case
 * (`Accepted` → `accepted`, `UnlockFailed` → `unlockFailed`), so nothing the station said is lost;
 * `raw` is its payload exactly as received.
 */
export interface CommandResult {
  status: string;
  raw: unknown;
  /** 2.0.1 statusInfo, when the station gave one. */
  statusInfo?: { reasonCode: string; additionalInfo?: string };
  /** startSession on 2.0.1: the transaction already running on the EVSE, e.g. when the cable was plugged in first. */
  transactionId?: string;
  remoteStartId?: number;
  requestId?: number;
  displayMessageId?: number;
  values?: ConfigurationValue[];
  listVersion?: number;
  data?: unknown;
}

/** One OCPP version's translation both ways. */
export interface Translator {
  readonly protocol: OcppVersion;
  /** Throws NotSupported for a command the version lacks, ValidationFailed for one it cannot express. */
  toOcpp(command: Command): OcppRequest;
  fromOcpp(command: Command, payload: unknown): CommandResult;
}

/** `Accepted` → `accepted`, `RebootRequired` → `rebootRequired`. */
export function neutralStatus(ocppStatus: unknown): string {
  if (typeof ocppStatus !== 'string' || ocppStatus === '') return 'unknown';
  return ocppStatus.charAt(0).toLowerCase() + ocppStatus.slice(1);
}

/** `accepted` → `Accepted`. */
export function ocppEnum(neutral: string): string {
  return neutral.charAt(0).toUpperCase() + neutral.slice(1);
}

/**
 * Fills the ids a 2.0.1 station needs and the caller may leave out (remoteStartId, requestId,
 * display message id), so the request stored is exactly the request sent. Pure: ids come from `nextId`.
 */
export function withAssignedIds(command: Command, nextId: () => number): Command {
  switch (command.command) {
    case 'startSession':
      return command.remoteStartId === undefined ? { ...command, remoteStartId: nextId() } : command;
    case 'getBaseReport':
      return command.requestId === undefined ? { ...command, requestId: nextId() } : command;
    case 'setDisplayMessage':
      return command.id === undefined ? { ...command, id: nextId() } : command;
    default:
      return command;
  }
}

/** Summary status over several per-item statuses: all accepted, none accepted, or some. */
export function overallStatus(statuses: string[]): string {
  if (statuses.every((s) => s === 'accepted')) return 'accepted';
  if (statuses.every((s) => s !== 'accepted')) return statuses.length === 1 ? statuses[0]! : 'rejected';
  return 'partial';
}

export function asRecord(payload: unknown): Record<string, unknown> {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : {};
}
