/**
 * The charge point's answers to OCPP 1.6 CSMS commands. Each handler answers at once and does
 * the physical part (start, stop, reboot, the triggered message) after the answer went out.
 */
import { createRPCError } from 'ocpp-rpc';
import type { LocalEntry } from '../local-authorization.js';
import type { StationControl } from '../protocol.js';
import type { CommandOutcome } from '../station-connection.js';
import type { AuthorizationStatus } from '../types.js';
import { DOOR_STATE_MESSAGE_ID, FACHWERK_VENDOR_ID, type Protocol16 } from './protocol16.js';

type Params = Record<string, unknown>;
type Handler = (control: StationControl, protocol: Protocol16, params: Params) => CommandOutcome;

const answer = (response: Record<string, unknown>, after?: () => void | Promise<void>): CommandOutcome =>
  after === undefined ? { response } : { response, after };

const HANDLERS: Record<string, Handler> = {
  RemoteStartTransaction(control, _protocol, params) {
    const idTag = String(params.idTag);
    const requested = params.connectorId as number | undefined;
    // §5.11: without a connector the charge point picks one; connector 0 is not a place to charge.
    const evseId = requested ?? control.idleCompartment();
    if (evseId === undefined || evseId === 0 || control.remoteStartRefusal(evseId) !== undefined) {
      return answer({ status: 'Rejected' });
    }
    return answer({ status: 'Accepted' }, () => {
      if (control.remoteStartRefusal(evseId) === undefined) {
        control.startTransaction(evseId, { value: idTag, type: 'Central' }, 'RemoteStart');
      }
    });
  },

  RemoteStopTransaction(control, _protocol, params) {
    const tx = control.findTransaction(params.transactionId as number);
    if (tx === undefined) return answer({ status: 'Rejected' });
    return answer({ status: 'Accepted' }, () => control.stopTransaction(tx, 'Remote'));
  },

  UnlockConnector(control, _protocol, params) {
    const evseId = params.connectorId as number;
    const compartment = control.compartment(evseId);
    if (compartment === undefined) return answer({ status: 'NotSupported' });
    // §5.17: a running transaction is stopped first, then the connector (door) is unlocked.
    if (compartment.transaction !== undefined)
      control.stopTransaction(compartment.transaction, 'UnlockCommand');
    control.unlock(evseId);
    return answer({ status: 'Unlocked' });
  },

  Reset(control, _protocol, params) {
    const reason = params.type === 'Hard' ? 'HardReset' : 'SoftReset';
    return answer({ status: 'Accepted' }, () => control.reboot(reason));
  },

  ChangeAvailability(control, _protocol, params) {
    const connectorId = params.connectorId as number;
    if (connectorId !== 0 && control.compartment(connectorId) === undefined)
      return answer({ status: 'Rejected' });
    const ids = connectorId === 0 ? undefined : [connectorId];
    return answer({ status: control.setAvailability(ids, params.type === 'Operative') });
  },

  GetConfiguration(_control, protocol, params) {
    return answer(protocol.configuration.get(params.key as string[] | undefined));
  },

  ChangeConfiguration(_control, protocol, params) {
    return answer({ status: protocol.configuration.change(String(params.key), String(params.value)) });
  },

  TriggerMessage(control, protocol, params) {
    const connectorId = params.connectorId as number | undefined;
    if (connectorId !== undefined && connectorId !== 0 && control.compartment(connectorId) === undefined) {
      return answer({ status: 'Rejected' });
    }
    const evseIds =
      connectorId === undefined || connectorId === 0
        ? control.compartments().map((c) => c.evseId)
        : [connectorId];
    switch (params.requestedMessage) {
      case 'BootNotification':
        return answer({ status: 'Accepted' }, () => control.sendBoot('Triggered'));
      case 'Heartbeat':
        return answer({ status: 'Accepted' }, () => control.sendHeartbeat());
      case 'StatusNotification':
        return answer({ status: 'Accepted' }, () =>
          control.reportStatus(connectorId === undefined ? undefined : [connectorId]),
        );
      case 'MeterValues':
        return answer({ status: 'Accepted' }, () => {
          for (const evseId of evseIds) {
            const tx = control.compartment(evseId)?.transaction;
            const sample = control.sample(evseId, 'Trigger');
            control.enqueue(
              tx === undefined
                ? protocol.meterValues(evseId, sample)
                : protocol.transactionUpdated(tx, sample, 'Trigger'),
            );
          }
        });
      case 'DiagnosticsStatusNotification':
        return answer({ status: 'Accepted' }, async () => {
          await control.call('DiagnosticsStatusNotification', { status: 'Idle' });
        });
      case 'FirmwareStatusNotification':
        return answer({ status: 'Accepted' }, async () => {
          await control.call('FirmwareStatusNotification', { status: 'Idle' });
        });
      default:
        return answer({ status: 'NotImplemented' });
    }
  },

  ClearCache(control) {
    control.localAuth.clearCache();
    return answer({ status: 'Accepted' });
  },

  SendLocalList(control, _protocol, params) {
    const list = (params.localAuthorizationList ?? []) as Array<{
      idTag: string;
      idTagInfo?: { status: AuthorizationStatus; expiryDate?: string };
    }>;
    const entries = list.map(({ idTag, idTagInfo }) => ({ token: idTag, info: toEntry(idTagInfo) }));
    const kind = params.updateType === 'Full' ? 'Full' : 'Differential';
    return answer({
      status: control.localAuth.applyUpdate({ kind, version: params.listVersion as number, entries }),
    });
  },

  GetLocalListVersion(control) {
    return answer({ listVersion: control.localAuth.version });
  },

  DataTransfer(control, _protocol, params) {
    if (params.vendorId !== FACHWERK_VENDOR_ID) return answer({ status: 'UnknownVendorId' });
    if (params.messageId !== DOOR_STATE_MESSAGE_ID) return answer({ status: 'UnknownMessageId' });
    // The CSMS may ask for a door's state: data {"connectorId": n}.
    const connectorId = parseConnectorId(params.data);
    const compartment = connectorId === undefined ? undefined : control.compartment(connectorId);
    if (compartment?.door == null) return answer({ status: 'Rejected' });
    return answer({ status: 'Accepted', data: JSON.stringify({ connectorId, door: compartment.door }) });
  },
};

/** Known to 1.6 but outside the simulated feature profiles (Reservation, Smart Charging, Firmware). */
const NOT_SUPPORTED = new Set([
  'ReserveNow',
  'CancelReservation',
  'SetChargingProfile',
  'ClearChargingProfile',
  'GetCompositeSchedule',
  'GetDiagnostics',
  'UpdateFirmware',
]);

export async function handleCommand16(
  control: StationControl,
  protocol: Protocol16,
  action: string,
  params: Params,
): Promise<CommandOutcome> {
  const handler = HANDLERS[action];
  if (handler !== undefined) return handler(control, protocol, params);
  if (NOT_SUPPORTED.has(action))
    throw createRPCError('NotSupported', `${action} is not supported by this station`);
  throw createRPCError('NotImplemented', `${action} is not a known OCPP 1.6 action`);
}

function toEntry(
  info: { status: AuthorizationStatus; expiryDate?: string } | undefined,
): LocalEntry | undefined {
  if (info === undefined) return undefined;
  return info.expiryDate === undefined
    ? { status: info.status }
    : { status: info.status, expiresAt: new Date(info.expiryDate) };
}

function parseConnectorId(data: unknown): number | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed = JSON.parse(data) as { connectorId?: unknown };
    return typeof parsed.connectorId === 'number' ? parsed.connectorId : undefined;
  } catch {
    return undefined;
  }
}
