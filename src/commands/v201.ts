/**
 * Version-neutral commands ↔ OCPP 2.0.1 (Part 2, the functional blocks' CSMS-initiated use cases).
 * Pure: plain data in, plain data out.
 */
import {
  asRecord,
  neutralStatus,
  overallStatus,
  type Command,
  type CommandResult,
  type ComponentVariable,
  type ConfigurationValue,
  type OcppRequest,
  type TriggerableMessage,
  type Translator,
} from './command.js';
import { variableForKey, variableKey } from './well-known-keys.js';
import { ValidationFailed } from '../shared/errors.js';

const TRIGGER_MESSAGES: Record<TriggerableMessage, string> = {
  bootNotification: 'BootNotification',
  heartbeat: 'Heartbeat',
  meterValues: 'MeterValues',
  statusNotification: 'StatusNotification',
  firmwareStatusNotification: 'FirmwareStatusNotification',
  // 2.0.1 replaced diagnostics uploads with log uploads (N01).
  diagnosticsStatusNotification: 'LogStatusNotification',
  transactionEvent: 'TransactionEvent',
  signChargingStationCertificate: 'SignChargingStationCertificate',
};

const DISPLAY_PRIORITIES = {
  alwaysFront: 'AlwaysFront',
  inFront: 'InFront',
  normalCycle: 'NormalCycle',
} as const;
const REPORT_BASES = {
  configurationInventory: 'ConfigurationInventory',
  fullInventory: 'FullInventory',
  summaryInventory: 'SummaryInventory',
} as const;
const AUTHORIZATION_STATUSES = {
  accepted: 'Accepted',
  blocked: 'Blocked',
  expired: 'Expired',
  invalid: 'Invalid',
} as const;

/** The service assigns these ids before translating (command.ts withAssignedIds). */
function assigned(value: number | undefined, what: string): number {
  if (value === undefined)
    throw new ValidationFailed(`${what} must be assigned before sending to an OCPP 2.0.1 station`);
  return value;
}

function componentOf(address: ComponentVariable): Record<string, unknown> {
  return {
    name: address.component,
    ...(address.evseId === undefined ? {} : { evse: { id: address.evseId } }),
  };
}

function variableOf(address: ComponentVariable): Record<string, unknown> {
  return {
    name: address.variable,
    ...(address.instance === undefined ? {} : { instance: address.instance }),
  };
}

function addressesOf(command: Extract<Command, { command: 'getConfiguration' }>): ComponentVariable[] {
  return [...(command.keys ?? []).map(variableForKey), ...(command.variables ?? [])];
}

function setAddressOf(command: Extract<Command, { command: 'setConfiguration' }>): ComponentVariable {
  if (command.variable !== undefined) return command.variable;
  if (command.key !== undefined) return variableForKey(command.key);
  throw new ValidationFailed('setConfiguration needs a key or a variable');
}

export function toOcpp201(command: Command): OcppRequest {
  switch (command.command) {
    case 'startSession':
      return {
        action: 'RequestStartTransaction',
        params: {
          evseId: command.evseId,
          remoteStartId: assigned(command.remoteStartId, 'remoteStartId'),
          idToken: { idToken: command.idTag, type: command.idTagType ?? 'Central' },
        },
      };
    case 'stopSession':
      return { action: 'RequestStopTransaction', params: { transactionId: command.transactionId } };
    case 'unlock':
      // A locker compartment is one EVSE with one connector.
      return { action: 'UnlockConnector', params: { evseId: command.evseId, connectorId: 1 } };
    case 'reset':
      // OnIdle waits until no transaction runs, Immediate ends running transactions first (B11, B12).
      return { action: 'Reset', params: { type: command.type === 'soft' ? 'OnIdle' : 'Immediate' } };
    case 'changeAvailability':
      return {
        action: 'ChangeAvailability',
        params: {
          operationalStatus: command.operative ? 'Operative' : 'Inoperative',
          ...(command.evseId === undefined ? {} : { evse: { id: command.evseId } }),
        },
      };
    case 'getConfiguration': {
      const addresses = addressesOf(command);
      if (addresses.length === 0) {
        // GetVariables needs at least one variable; the whole configuration comes as a report (B07).
        throw new ValidationFailed(
          'OCPP 2.0.1 stations read settings one by one: name keys or variables, or use getBaseReport for all of them',
        );
      }
      return {
        action: 'GetVariables',
        params: {
          getVariableData: addresses.map((address) => ({
            component: componentOf(address),
            variable: variableOf(address),
          })),
        },
      };
    }
    case 'setConfiguration': {
      const address = setAddressOf(command);
      return {
        action: 'SetVariables',
        params: {
          setVariableData: [
            { attributeValue: command.value, component: componentOf(address), variable: variableOf(address) },
          ],
        },
      };
    }
    case 'triggerMessage': {
      const requestedMessage = TRIGGER_MESSAGES[command.message];
      const evse =
        command.evseId === undefined
          ? undefined
          : // A StatusNotification is about one connector; a compartment has connector 1.
            requestedMessage === 'StatusNotification'
            ? { id: command.evseId, connectorId: 1 }
            : { id: command.evseId };
      return {
        action: 'TriggerMessage',
        params: { requestedMessage, ...(evse === undefined ? {} : { evse }) },
      };
    }
    case 'clearCache':
      return { action: 'ClearCache', params: {} };
    case 'sendLocalList': {
      const list = command.entries.map((entry) => {
        const idToken = { idToken: entry.idTag, type: entry.idTagType ?? 'ISO14443' };
        if (entry.status === 'removed') {
          // Without idTokenInfo a differential update deletes the entry (D01).
          if (command.updateType === 'full') {
            throw new ValidationFailed('A full local list cannot remove entries; leave them out instead', {
              idTag: entry.idTag,
            });
          }
          return { idToken };
        }
        return {
          idToken,
          idTokenInfo: {
            status: AUTHORIZATION_STATUSES[entry.status],
            ...(entry.expiresAt === undefined ? {} : { cacheExpiryDateTime: entry.expiresAt }),
          },
        };
      });
      return {
        action: 'SendLocalList',
        params: {
          versionNumber: command.version,
          updateType: command.updateType === 'full' ? 'Full' : 'Differential',
          // The list must not be empty when present; a full update without it empties the list (D01).
          ...(list.length === 0 ? {} : { localAuthorizationList: list }),
        },
      };
    }
    case 'getLocalListVersion':
      return { action: 'GetLocalListVersion', params: {} };
    case 'getBaseReport':
      return {
        action: 'GetBaseReport',
        params: {
          requestId: assigned(command.requestId, 'requestId'),
          reportBase: REPORT_BASES[command.reportBase],
        },
      };
    case 'setDisplayMessage':
      return {
        action: 'SetDisplayMessage',
        params: {
          message: {
            id: assigned(command.id, 'display message id'),
            priority: DISPLAY_PRIORITIES[command.priority ?? 'normalCycle'],
            message: {
              format: 'UTF8',
              content: command.message,
              ...(command.language === undefined ? {} : { language: command.language }),
            },
          },
        },
      };
    case 'dataTransfer':
      return {
        action: 'DataTransfer',
        params: {
          vendorId: command.vendorId,
          ...(command.messageId === undefined ? {} : { messageId: command.messageId }),
          ...(command.data === undefined ? {} : { data: command.data }),
        },
      };
  }
}

function statusInfoOf(answer: Record<string, unknown>): CommandResult['statusInfo'] {
  const info = asRecord(answer.statusInfo);
  if (typeof info.reasonCode !== 'string') return undefined;
  return {
    reasonCode: info.reasonCode,
    ...(typeof info.additionalInfo === 'string' ? { additionalInfo: info.additionalInfo } : {}),
  };
}

function addressFromResult(result: Record<string, unknown>): ComponentVariable {
  const component = asRecord(result.component);
  const variable = asRecord(result.variable);
  const evse = asRecord(component.evse);
  return {
    component: String(component.name),
    variable: String(variable.name),
    ...(typeof variable.instance === 'string' ? { instance: variable.instance } : {}),
    ...(typeof evse.id === 'number' ? { evseId: evse.id } : {}),
  };
}

function variableValues(
  results: unknown,
  valueOf: (result: Record<string, unknown>) => unknown,
): ConfigurationValue[] {
  if (!Array.isArray(results)) return [];
  return results.map(asRecord).map((result) => {
    const address = addressFromResult(result);
    const value = valueOf(result);
    return {
      key: variableKey(address),
      ...address,
      ...(typeof value === 'string' ? { value } : {}),
      status: neutralStatus(result.attributeStatus),
    };
  });
}

export function fromOcpp201(command: Command, payload: unknown): CommandResult {
  const raw = payload;
  const answer = asRecord(payload);
  const statusInfo = statusInfoOf(answer);
  const base = {
    status: neutralStatus(answer.status),
    ...(statusInfo === undefined ? {} : { statusInfo }),
    raw,
  };
  switch (command.command) {
    case 'startSession':
      return {
        ...base,
        ...(command.remoteStartId === undefined ? {} : { remoteStartId: command.remoteStartId }),
        ...(typeof answer.transactionId === 'string' ? { transactionId: answer.transactionId } : {}),
      };
    case 'getConfiguration': {
      const values = variableValues(answer.getVariableResult, (result) => result.attributeValue);
      return { status: overallStatus(values.map((v) => v.status)), values, raw };
    }
    case 'setConfiguration': {
      const values = variableValues(answer.setVariableResult, () => command.value);
      return {
        status: overallStatus(values.length === 0 ? ['unknown'] : values.map((v) => v.status)),
        values,
        raw,
      };
    }
    case 'getLocalListVersion': {
      const listVersion = typeof answer.versionNumber === 'number' ? answer.versionNumber : undefined;
      // GetLocalListVersionResponse has no status: answering at all is acceptance.
      return {
        status: listVersion === undefined ? 'unknown' : 'accepted',
        ...(listVersion === undefined ? {} : { listVersion }),
        raw,
      };
    }
    case 'getBaseReport':
      return { ...base, ...(command.requestId === undefined ? {} : { requestId: command.requestId }) };
    case 'setDisplayMessage':
      return { ...base, ...(command.id === undefined ? {} : { displayMessageId: command.id }) };
    case 'dataTransfer':
      return { ...base, ...(answer.data === undefined ? {} : { data: answer.data }) };
    default:
      return base;
  }
}

export const ocpp201: Translator = { protocol: 'ocpp2.0.1', toOcpp: toOcpp201, fromOcpp: fromOcpp201 };
