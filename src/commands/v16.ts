/**
 * Version-neutral commands ↔ OCPP 1.6J (OCPP 1.6 edition 2, chapter 5 "Operations initiated by
 * Central System"). Pure: plain data in, plain data out.
 */
import {
  asRecord,
  neutralStatus,
  ocppEnum,
  overallStatus,
  type Command,
  type CommandResult,
  type ConfigurationValue,
  type OcppRequest,
  type TriggerableMessage,
  type Translator,
} from './command.js';
import { keyForVariable } from './well-known-keys.js';
import { NotSupported, ValidationFailed } from '../shared/errors.js';

const TRIGGER_MESSAGES: Partial<Record<TriggerableMessage, string>> = {
  bootNotification: 'BootNotification',
  heartbeat: 'Heartbeat',
  meterValues: 'MeterValues',
  statusNotification: 'StatusNotification',
  firmwareStatusNotification: 'FirmwareStatusNotification',
  diagnosticsStatusNotification: 'DiagnosticsStatusNotification',
};

/** 1.6 transaction ids are integers (RemoteStopTransaction.req transactionId: integer). */
function integerTransactionId(transactionId: string): number {
  const value = /^-?\d{1,10}$/.test(transactionId) ? Number(transactionId) : NaN;
  if (!Number.isSafeInteger(value) || value < -2147483648 || value > 2147483647) {
    throw new ValidationFailed(`OCPP 1.6 transaction ids are integers; "${transactionId}" is not one`, {
      transactionId,
    });
  }
  return value;
}

/** 1.6 has one data string; structured data travels as JSON text, as most vendors expect. */
function dataText(data: unknown): string | undefined {
  if (data === undefined) return undefined;
  return typeof data === 'string' ? data : JSON.stringify(data);
}

function keysOf(command: Extract<Command, { command: 'getConfiguration' }>): string[] | undefined {
  const keys = [...(command.keys ?? []), ...(command.variables ?? []).map(keyForVariable)];
  return keys.length === 0 ? undefined : keys;
}

export function toOcpp16(command: Command): OcppRequest {
  switch (command.command) {
    case 'startSession':
      return {
        action: 'RemoteStartTransaction',
        params: { connectorId: command.evseId, idTag: command.idTag },
      };
    case 'stopSession':
      return {
        action: 'RemoteStopTransaction',
        params: { transactionId: integerTransactionId(command.transactionId) },
      };
    case 'unlock':
      return { action: 'UnlockConnector', params: { connectorId: command.evseId } };
    case 'reset':
      return { action: 'Reset', params: { type: command.type === 'soft' ? 'Soft' : 'Hard' } };
    case 'changeAvailability':
      // connectorId 0 addresses the whole Charge Point (1.6 §5.2).
      return {
        action: 'ChangeAvailability',
        params: { connectorId: command.evseId ?? 0, type: command.operative ? 'Operative' : 'Inoperative' },
      };
    case 'getConfiguration': {
      const keys = keysOf(command);
      return { action: 'GetConfiguration', params: keys === undefined ? {} : { key: keys } };
    }
    case 'setConfiguration': {
      const key =
        command.key ?? (command.variable === undefined ? undefined : keyForVariable(command.variable));
      if (key === undefined) throw new ValidationFailed('setConfiguration needs a key');
      return { action: 'ChangeConfiguration', params: { key, value: command.value } };
    }
    case 'triggerMessage': {
      const requestedMessage = TRIGGER_MESSAGES[command.message];
      if (requestedMessage === undefined) {
        throw new NotSupported(`OCPP 1.6 stations cannot be asked for ${command.message}`);
      }
      return {
        action: 'TriggerMessage',
        params: {
          requestedMessage,
          ...(command.evseId === undefined ? {} : { connectorId: command.evseId }),
        },
      };
    }
    case 'clearCache':
      return { action: 'ClearCache', params: {} };
    case 'sendLocalList': {
      const list = command.entries.map((entry) => {
        if (entry.status === 'removed') {
          // An entry without idTagInfo deletes the idTag, in a differential update only (1.6 §5.15).
          if (command.updateType === 'full') {
            throw new ValidationFailed('A full local list cannot remove entries; leave them out instead', {
              idTag: entry.idTag,
            });
          }
          return { idTag: entry.idTag };
        }
        return {
          idTag: entry.idTag,
          idTagInfo: {
            status: ocppEnum(entry.status),
            ...(entry.expiresAt === undefined ? {} : { expiryDate: entry.expiresAt }),
          },
        };
      });
      return {
        action: 'SendLocalList',
        params: {
          listVersion: command.version,
          updateType: command.updateType === 'full' ? 'Full' : 'Differential',
          ...(list.length === 0 ? {} : { localAuthorizationList: list }),
        },
      };
    }
    case 'getLocalListVersion':
      return { action: 'GetLocalListVersion', params: {} };
    case 'getBaseReport':
      throw new NotSupported(
        'getBaseReport is an OCPP 2.0.1 command; use getConfiguration on OCPP 1.6 stations',
      );
    case 'setDisplayMessage':
      throw new NotSupported(
        'setDisplayMessage is an OCPP 2.0.1 command; OCPP 1.6 stations have no display messages',
      );
    case 'dataTransfer': {
      const data = dataText(command.data);
      return {
        action: 'DataTransfer',
        params: {
          vendorId: command.vendorId,
          ...(command.messageId === undefined ? {} : { messageId: command.messageId }),
          ...(data === undefined ? {} : { data }),
        },
      };
    }
  }
}

function configurationValues(payload: Record<string, unknown>): ConfigurationValue[] {
  const known = Array.isArray(payload.configurationKey) ? payload.configurationKey.map(asRecord) : [];
  const unknown = Array.isArray(payload.unknownKey)
    ? payload.unknownKey.filter((k) => typeof k === 'string')
    : [];
  return [
    ...known.map((entry) => ({
      key: String(entry.key),
      ...(typeof entry.value === 'string' ? { value: entry.value } : {}),
      ...(typeof entry.readonly === 'boolean' ? { readonly: entry.readonly } : {}),
      status: 'accepted',
    })),
    ...unknown.map((key) => ({ key, status: 'unknownKey' })),
  ];
}

export function fromOcpp16(command: Command, payload: unknown): CommandResult {
  const raw = payload;
  const answer = asRecord(payload);
  switch (command.command) {
    case 'getConfiguration': {
      // GetConfiguration.conf has no status: it lists what it knows and what it does not.
      const values = configurationValues(answer);
      return {
        status: overallStatus(values.length === 0 ? ['accepted'] : values.map((v) => v.status)),
        values,
        raw,
      };
    }
    case 'setConfiguration': {
      const status = neutralStatus(answer.status);
      const key = String(asRecord(toOcpp16(command).params).key);
      return { status, values: [{ key, value: command.value, status }], raw };
    }
    case 'getLocalListVersion': {
      const listVersion = typeof answer.listVersion === 'number' ? answer.listVersion : undefined;
      // -1: the Charge Point does not support a local list (1.6 §5.10).
      const status = listVersion === undefined ? 'unknown' : listVersion === -1 ? 'notSupported' : 'accepted';
      return { status, ...(listVersion === undefined ? {} : { listVersion }), raw };
    }
    case 'dataTransfer':
      return {
        status: neutralStatus(answer.status),
        ...(answer.data === undefined ? {} : { data: answer.data }),
        raw,
      };
    default:
      return { status: neutralStatus(answer.status), raw };
  }
}

export const ocpp16: Translator = { protocol: 'ocpp1.6', toOcpp: toOcpp16, fromOcpp: fromOcpp16 };
