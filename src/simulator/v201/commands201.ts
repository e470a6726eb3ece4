/**
 * The charging station's answers to OCPP 2.0.1 CSMS commands. Each handler answers at once and
 * does the physical part (start, stop, reboot, reports, the triggered message) after the answer
 * went out.
 */
import { createRPCError } from 'ocpp-rpc';
import type { LocalEntry } from '../local-authorization.js';
import type { StationControl } from '../protocol.js';
import type { CommandOutcome } from '../station-connection.js';
import type { AuthorizationStatus, DisplayMessage, TokenType } from '../types.js';
import { DOOR_STATE_MESSAGE_ID, FACHWERK_VENDOR_ID } from '../v16/protocol16.js';
import { CONNECTOR_ID, parseIdTokenInfo, type Protocol201 } from './protocol201.js';
import {
  componentMatches,
  findVariable,
  REPORT_ITEMS_PER_MESSAGE,
  reportDatum,
  stationVariables,
  type ComponentRef,
  type VariableDefinition,
  type VariableRef,
} from './variables.js';

type Params = Record<string, unknown>;
type Handler = (control: StationControl, protocol: Protocol201, params: Params) => CommandOutcome;

interface IdTokenParam {
  idToken: string;
  type: TokenType;
}

const answer = (response: Record<string, unknown>, after?: () => void | Promise<void>): CommandOutcome =>
  after === undefined ? { response } : { response, after };

const evseIdOf = (params: Params): number | undefined => (params.evse as { id: number } | undefined)?.id;

const HANDLERS: Record<string, Handler> = {
  RequestStartTransaction(control, _protocol, params) {
    const token = params.idToken as IdTokenParam;
    const remoteStartId = params.remoteStartId as number;
    const evseId = (params.evseId as number | undefined) ?? control.idleCompartment();
    if (evseId === undefined || control.remoteStartRefusal(evseId) !== undefined)
      return answer({ status: 'Rejected' });
    return answer({ status: 'Accepted' }, () => {
      // F01.FR.xx: the Started event carries the remoteStartId so the CSMS can match its request.
      if (control.remoteStartRefusal(evseId) === undefined) {
        control.startTransaction(
          evseId,
          { value: token.idToken, type: token.type },
          'RemoteStart',
          remoteStartId,
        );
      }
    });
  },

  RequestStopTransaction(control, _protocol, params) {
    const tx = control.findTransaction(String(params.transactionId));
    if (tx === undefined) return answer({ status: 'Rejected' });
    return answer({ status: 'Accepted' }, () => control.stopTransaction(tx, 'Remote'));
  },

  UnlockConnector(control, _protocol, params) {
    const compartment = control.compartment(params.evseId as number);
    if (compartment === undefined || params.connectorId !== CONNECTOR_ID)
      return answer({ status: 'UnknownConnector' });
    // F05.FR.02: an authorized transaction must be stopped by the CSMS first.
    if (compartment.transaction !== undefined) return answer({ status: 'OngoingAuthorizedTransaction' });
    control.unlock(compartment.evseId);
    return answer({ status: 'Unlocked' });
  },

  Reset(control, _protocol, params) {
    if (params.evseId !== undefined) return answer({ status: 'Rejected' }); // only the whole station resets
    if (params.type === 'Immediate') return answer({ status: 'Accepted' }, () => control.reboot('HardReset'));
    // B12.FR.xx OnIdle: wait until no transaction runs.
    if (!control.isIdle()) {
      control.rebootWhenIdle();
      return answer({ status: 'Scheduled' });
    }
    return answer({ status: 'Accepted' }, () => control.reboot('SoftReset'));
  },

  ChangeAvailability(control, _protocol, params) {
    const evseId = evseIdOf(params);
    if (evseId !== undefined && (evseId === 0 ? false : control.compartment(evseId) === undefined)) {
      return answer({ status: 'Rejected' });
    }
    const ids = evseId === undefined || evseId === 0 ? undefined : [evseId];
    return answer({ status: control.setAvailability(ids, params.operationalStatus === 'Operative') });
  },

  GetVariables(control, _protocol, params) {
    const definitions = stationVariables(control);
    const requests = params.getVariableData as Array<{
      attributeType?: string;
      component: ComponentRef;
      variable: VariableRef;
    }>;
    const getVariableResult = requests.map(({ attributeType, component, variable }) => {
      const found = findVariable(definitions, component, variable);
      const base = { component, variable, ...(attributeType === undefined ? {} : { attributeType }) };
      if (typeof found === 'string') return { ...base, attributeStatus: found };
      if ((attributeType ?? 'Actual') !== 'Actual')
        return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      return { ...base, attributeStatus: 'Accepted', attributeValue: found.get() };
    });
    return answer({ getVariableResult });
  },

  SetVariables(control, _protocol, params) {
    const definitions = stationVariables(control);
    const requests = params.setVariableData as Array<{
      attributeType?: string;
      attributeValue: string;
      component: ComponentRef;
      variable: VariableRef;
    }>;
    let changed = false;
    const setVariableResult = requests.map(({ attributeType, attributeValue, component, variable }) => {
      const found = findVariable(definitions, component, variable);
      const base = { component, variable, ...(attributeType === undefined ? {} : { attributeType }) };
      if (typeof found === 'string') return { ...base, attributeStatus: found };
      if ((attributeType ?? 'Actual') !== 'Actual')
        return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      if (found.mutability === 'ReadOnly' || found.set === undefined || !found.set(attributeValue)) {
        return { ...base, attributeStatus: 'Rejected' };
      }
      changed = true;
      return { ...base, attributeStatus: 'Accepted' };
    });
    if (changed) control.settingsChanged();
    return answer({ setVariableResult });
  },

  GetBaseReport(control, _protocol, params) {
    const all = stationVariables(control);
    const selected =
      params.reportBase === 'ConfigurationInventory'
        ? all.filter((d) => d.mutability === 'ReadWrite')
        : params.reportBase === 'SummaryInventory'
          ? all.filter((d) => d.summary === true)
          : all;
    return report(control, params.requestId as number, selected);
  },

  GetReport(control, _protocol, params) {
    const wanted = params.componentVariable as
      Array<{ component: ComponentRef; variable?: VariableRef }> | undefined;
    const all = stationVariables(control);
    const selected =
      wanted === undefined
        ? all
        : all.filter((d) =>
            wanted.some(
              (w) =>
                componentMatches(d, w.component) &&
                (w.variable === undefined || w.variable.name.toLowerCase() === d.variable.name.toLowerCase()),
            ),
          );
    return report(control, params.requestId as number, selected);
  },

  TriggerMessage(control, protocol, params) {
    const evseId = evseIdOf(params);
    if (evseId !== undefined && control.compartment(evseId) === undefined)
      return answer({ status: 'Rejected' });
    const evseIds = evseId === undefined ? control.compartments().map((c) => c.evseId) : [evseId];
    switch (params.requestedMessage) {
      case 'BootNotification':
        // F06.FR.17: no new boot once accepted.
        if (control.registration === 'Accepted') return answer({ status: 'Rejected' });
        return answer({ status: 'Accepted' }, () => control.sendBoot('Triggered'));
      case 'Heartbeat':
        return answer({ status: 'Accepted' }, () => control.sendHeartbeat());
      case 'StatusNotification':
        return answer({ status: 'Accepted' }, () =>
          control.reportStatus(evseId === undefined ? undefined : [evseId]),
        );
      case 'MeterValues':
        return answer({ status: 'Accepted' }, () => {
          for (const id of evseIds) control.enqueue(protocol.meterValues(id, control.sample(id, 'Trigger')));
        });
      case 'TransactionEvent': {
        const running = evseIds.flatMap((id) => control.compartment(id)?.transaction ?? []);
        if (running.length === 0) return answer({ status: 'Rejected' });
        return answer({ status: 'Accepted' }, () => {
          for (const tx of running)
            control.enqueue(protocol.transactionUpdated(tx, control.sample(tx.evseId, 'Trigger'), 'Trigger'));
        });
      }
      case 'LogStatusNotification':
        return answer({ status: 'Accepted' }, async () => {
          await control.call('LogStatusNotification', { status: 'Idle' });
        });
      case 'FirmwareStatusNotification':
        return answer({ status: 'Accepted' }, async () => {
          await control.call('FirmwareStatusNotification', { status: 'Idle' });
        });
      default:
        return answer({ status: 'NotImplemented' });
    }
  },

  SetDisplayMessage(control, _protocol, params) {
    const info = params.message as {
      id: number;
      priority: string;
      state?: string;
      startDateTime?: string;
      endDateTime?: string;
      transactionId?: string;
      message: { format: string; language?: string; content: string };
    };
    if (info.transactionId !== undefined && control.findTransaction(info.transactionId) === undefined) {
      return answer({ status: 'UnknownTransaction' });
    }
    const message: DisplayMessage = {
      id: info.id,
      priority: info.priority,
      content: info.message.content,
      format: info.message.format,
      ...pick(info.message, ['language']),
      ...pick(info, ['state', 'transactionId', 'startDateTime', 'endDateTime']),
    };
    control.setDisplayMessage(message);
    return answer({ status: 'Accepted' });
  },

  GetDisplayMessages(control, _protocol, params) {
    const ids = params.id as number[] | undefined;
    const messages = control
      .displayMessages()
      .filter(
        (m) =>
          (ids === undefined || ids.includes(m.id)) &&
          (params.priority === undefined || m.priority === params.priority) &&
          (params.state === undefined || m.state === params.state),
      );
    if (messages.length === 0) return answer({ status: 'Unknown' });
    return answer({ status: 'Accepted' }, async () => {
      await control.call('NotifyDisplayMessages', {
        requestId: params.requestId as number,
        tbc: false,
        messageInfo: messages.map((m) => ({
          id: m.id,
          priority: m.priority,
          ...pick(m, ['state', 'transactionId', 'startDateTime', 'endDateTime']),
          message: { format: m.format, content: m.content, ...pick(m, ['language']) },
        })),
      });
    });
  },

  ClearDisplayMessage(control, _protocol, params) {
    return answer({ status: control.clearDisplayMessage(params.id as number) ? 'Accepted' : 'Unknown' });
  },

  ClearCache(control) {
    control.localAuth.clearCache();
    return answer({ status: 'Accepted' });
  },

  SendLocalList(control, _protocol, params) {
    const list = (params.localAuthorizationList ?? []) as Array<{
      idToken: IdTokenParam;
      idTokenInfo?: { status: AuthorizationStatus; cacheExpiryDateTime?: string };
    }>;
    const entries = list.map(({ idToken, idTokenInfo }) => ({
      token: idToken.idToken,
      info: idTokenInfo === undefined ? undefined : (parseIdTokenInfo(idTokenInfo) as LocalEntry),
    }));
    const kind = params.updateType === 'Full' ? 'Full' : 'Differential';
    return answer({
      status: control.localAuth.applyUpdate({ kind, version: params.versionNumber as number, entries }),
    });
  },

  GetLocalListVersion(control) {
    return answer({ versionNumber: control.localAuth.version });
  },

  GetTransactionStatus(control, _protocol, params) {
    const messagesInQueue = control.pendingActions().includes('TransactionEvent');
    if (params.transactionId === undefined) return answer({ messagesInQueue });
    const ongoingIndicator = control.findTransaction(String(params.transactionId)) !== undefined;
    return answer({ messagesInQueue, ongoingIndicator });
  },

  DataTransfer(control, _protocol, params) {
    if (params.vendorId !== FACHWERK_VENDOR_ID) return answer({ status: 'UnknownVendorId' });
    if (params.messageId !== DOOR_STATE_MESSAGE_ID) return answer({ status: 'UnknownMessageId' });
    const data = typeof params.data === 'string' ? safeParse(params.data) : params.data;
    const evseId = (data as { evseId?: unknown } | undefined)?.evseId;
    const compartment = typeof evseId === 'number' ? control.compartment(evseId) : undefined;
    if (compartment?.door == null) return answer({ status: 'Rejected' });
    return answer({ status: 'Accepted', data: { evseId, door: compartment.door } });
  },
};

/** Known to 2.0.1 but outside what the simulator models (reservations, smart charging, firmware, certificates, monitoring). */
const NOT_SUPPORTED = new Set([
  'ReserveNow',
  'CancelReservation',
  'SetChargingProfile',
  'ClearChargingProfile',
  'GetChargingProfiles',
  'GetCompositeSchedule',
  'UpdateFirmware',
  'PublishFirmware',
  'UnpublishFirmware',
  'GetLog',
  'CertificateSigned',
  'InstallCertificate',
  'DeleteCertificate',
  'GetInstalledCertificateIds',
  'SetNetworkProfile',
  'CustomerInformation',
  'SetMonitoringBase',
  'SetMonitoringLevel',
  'SetVariableMonitoring',
  'ClearVariableMonitoring',
  'GetMonitoringReport',
  'CostUpdated',
]);

export async function handleCommand201(
  control: StationControl,
  protocol: Protocol201,
  action: string,
  params: Params,
): Promise<CommandOutcome> {
  const handler = HANDLERS[action];
  if (handler !== undefined) return handler(control, protocol, params);
  if (NOT_SUPPORTED.has(action))
    throw createRPCError('NotSupported', `${action} is not supported by this station`);
  throw createRPCError('NotImplemented', `${action} is not a known OCPP 2.0.1 action`);
}

/** B07/B08: Accepted (or EmptyResultSet), then the report in NotifyReport parts with seqNo and tbc. */
function report(
  control: StationControl,
  requestId: number,
  definitions: VariableDefinition[],
): CommandOutcome {
  if (definitions.length === 0) return answer({ status: 'EmptyResultSet' });
  return answer({ status: 'Accepted' }, async () => {
    const generatedAt = new Date().toISOString();
    const parts = Math.ceil(definitions.length / REPORT_ITEMS_PER_MESSAGE);
    for (let seqNo = 0; seqNo < parts; seqNo++) {
      const chunk = definitions.slice(
        seqNo * REPORT_ITEMS_PER_MESSAGE,
        (seqNo + 1) * REPORT_ITEMS_PER_MESSAGE,
      );
      await control.call('NotifyReport', {
        requestId,
        generatedAt,
        seqNo,
        tbc: seqNo < parts - 1,
        reportData: chunk.map(reportDatum),
      });
    }
  });
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
