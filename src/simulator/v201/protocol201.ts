/**
 * How a 2.0.1 charging station spells the station's events: TransactionEvent Started/Updated/Ended
 * with the station's own transaction id and a seqNo per transaction, StatusNotification per EVSE
 * (connector 1), and door changes as NotifyEvent on the Door component (variables Open, Locked).
 */
import { randomUUID } from 'node:crypto';
import { status201, type StatusInput, type Transaction } from '../compartment.js';
import type { OutboxMessage } from '../outbox.js';
import type {
  AuthorizeResult,
  BootReason,
  BootResult,
  MeterSample,
  ProtocolAdapter,
  StationControl,
  UpdateTrigger,
} from '../protocol.js';
import type { AuthorizationStatus, DoorState, IdToken, RegistrationStatus, StopReason } from '../types.js';
import { handleCommand201 } from './commands201.js';

/** Every simulated EVSE has exactly one connector. */
export const CONNECTOR_ID = 1;

const STOPPED_REASON: Record<StopReason, string> = {
  Local: 'Local',
  Remote: 'Remote',
  EVDisconnected: 'EVDisconnected',
  DeAuthorized: 'DeAuthorized',
  SoftReset: 'ImmediateReset',
  HardReset: 'ImmediateReset',
  UnlockCommand: 'Other',
  Other: 'Other',
};

/** E06: what ended the transaction, as TransactionEvent.triggerReason. */
const ENDED_TRIGGER: Record<StopReason, string> = {
  Local: 'StopAuthorized',
  Remote: 'RemoteStop',
  EVDisconnected: 'EVCommunicationLost',
  DeAuthorized: 'Deauthorized',
  SoftReset: 'ResetCommand',
  HardReset: 'ResetCommand',
  UnlockCommand: 'UnlockCommand',
  Other: 'AbnormalCondition',
};

const UPDATE_TRIGGER: Record<UpdateTrigger, string> = {
  Periodic: 'MeterValuePeriodic',
  Trigger: 'Trigger',
  ChargingStateChanged: 'ChargingStateChanged',
};

export class Protocol201 implements ProtocolAdapter {
  readonly version = 'ocpp2.0.1' as const;
  readonly reportsStationConnector = false;

  constructor(private readonly control: StationControl) {}

  newTransactionId(): string {
    return randomUUID();
  }

  connectorStatus(input: StatusInput): string {
    return status201(input);
  }

  bootRequest(reason: BootReason): Record<string, unknown> {
    const { vendor, model, serialNumber, firmwareVersion } = this.control.identity;
    return {
      reason,
      chargingStation: {
        model: model.slice(0, 20),
        vendorName: vendor.slice(0, 50),
        serialNumber: serialNumber.slice(0, 25),
        firmwareVersion: firmwareVersion.slice(0, 50),
      },
    };
  }

  parseBoot(result: unknown): BootResult {
    const r = result as { status: RegistrationStatus; interval: number };
    return { status: r.status, intervalS: r.interval };
  }

  authorizeRequest(token: IdToken): Record<string, unknown> {
    return { idToken: idTokenOf(token) };
  }

  parseAuthorize(result: unknown): AuthorizeResult {
    return parseIdTokenInfo((result as { idTokenInfo: IdTokenInfo }).idTokenInfo);
  }

  statusNotification(connectorId: number, status: string, at: Date): OutboxMessage {
    return {
      action: 'StatusNotification',
      build: () => ({
        timestamp: at.toISOString(),
        connectorStatus: status,
        evseId: connectorId,
        connectorId: CONNECTOR_ID,
      }),
    };
  }

  transactionStarted(tx: Transaction, sample: MeterSample): OutboxMessage {
    const message = this.transactionEvent(tx, 'Started', tx.startTrigger, sample, {
      ...(tx.remoteStartId === undefined ? {} : { remoteStartId: tx.remoteStartId }),
    });
    return {
      ...message,
      onResult: (result) => {
        const info = (result as { idTokenInfo?: IdTokenInfo }).idTokenInfo;
        if (info === undefined) return;
        const parsed = parseIdTokenInfo(info);
        if (this.control.settings.authCacheEnabled) this.control.localAuth.remember(tx.idToken.value, parsed);
        // E05.FR.09/10: the CSMS refused the token of a running transaction (e.g. started offline).
        if (parsed.status !== 'Accepted') this.control.deauthorize(tx);
      },
    };
  }

  transactionUpdated(tx: Transaction, sample: MeterSample, trigger: UpdateTrigger): OutboxMessage {
    return this.transactionEvent(tx, 'Updated', UPDATE_TRIGGER[trigger], sample, {});
  }

  transactionEnded(tx: Transaction, sample: MeterSample, reason: StopReason): OutboxMessage {
    return this.transactionEvent(tx, 'Ended', ENDED_TRIGGER[reason], sample, {
      stoppedReason: STOPPED_REASON[reason],
    });
  }

  meterValues(evseId: number, sample: MeterSample): OutboxMessage {
    return { action: 'MeterValues', build: () => ({ evseId, meterValue: [meterValue(sample)] }) };
  }

  /** The door contract agreed with the CSMS: one event per changed variable (Open, Locked) of Door on the EVSE. */
  doorChanged(evseId: number, previous: DoorState, door: DoorState, at: Date): OutboxMessage {
    const changes: Array<{ variable: 'Open' | 'Locked'; value: boolean }> = [];
    if ((previous === 'locked') !== (door === 'locked'))
      changes.push({ variable: 'Locked', value: door === 'locked' });
    if ((previous === 'open') !== (door === 'open'))
      changes.push({ variable: 'Open', value: door === 'open' });
    return this.doorEvents(evseId, changes, at);
  }

  doorReport(evseId: number, door: DoorState, at: Date): OutboxMessage {
    return this.doorEvents(
      evseId,
      [
        { variable: 'Open', value: door === 'open' },
        { variable: 'Locked', value: door === 'locked' },
      ],
      at,
    );
  }

  private doorEvents(
    evseId: number,
    changes: Array<{ variable: 'Open' | 'Locked'; value: boolean }>,
    at: Date,
  ): OutboxMessage {
    const eventData = changes.map(({ variable, value }) => ({
      eventId: this.control.nextEventId(),
      timestamp: at.toISOString(),
      trigger: 'Delta',
      actualValue: String(value),
      eventNotificationType: 'HardWiredNotification',
      component: { name: 'Door', evse: { id: evseId } },
      variable: { name: variable },
    }));
    return {
      action: 'NotifyEvent',
      build: () => ({ generatedAt: at.toISOString(), seqNo: 0, tbc: false, eventData }),
    };
  }

  handleCommand(action: string, params: Record<string, unknown>) {
    return handleCommand201(this.control, this, action, params);
  }

  /**
   * seqNo and the offline flag are fixed when the event happens, not when it is finally sent:
   * E04.FR.xx the CSMS restores the order of late messages by seqNo and sees which were offline.
   */
  private transactionEvent(
    tx: Transaction,
    eventType: 'Started' | 'Updated' | 'Ended',
    triggerReason: string,
    sample: MeterSample,
    info: Record<string, unknown>,
  ): OutboxMessage {
    const seqNo = tx.nextSeqNo++;
    const offline = !this.control.online;
    const chargingState = eventType === 'Ended' ? 'Idle' : this.chargingState(tx.evseId);
    const withToken =
      eventType === 'Started' || (eventType === 'Ended' && triggerReason === 'StopAuthorized');
    return {
      action: 'TransactionEvent',
      build: () => ({
        eventType,
        timestamp: sample.at.toISOString(),
        triggerReason,
        seqNo,
        ...(offline ? { offline: true } : {}),
        transactionInfo: { transactionId: String(tx.transactionId), chargingState, ...info },
        ...(withToken ? { idToken: idTokenOf(tx.idToken) } : {}),
        evse: { id: tx.evseId, connectorId: CONNECTOR_ID },
        meterValue: [meterValue(sample)],
      }),
    };
  }

  private chargingState(evseId: number): string {
    const compartment = this.control.compartment(evseId);
    if (compartment === undefined || !compartment.occupied) return 'Idle';
    return compartment.charging ? 'Charging' : 'SuspendedEV';
  }
}

interface IdTokenInfo {
  status: AuthorizationStatus;
  cacheExpiryDateTime?: string;
}

export function idTokenOf(token: IdToken): { idToken: string; type: string } {
  return { idToken: token.value, type: token.type };
}

export function parseIdTokenInfo(info: IdTokenInfo): AuthorizeResult {
  return info.cacheExpiryDateTime === undefined
    ? { status: info.status }
    : { status: info.status, expiresAt: new Date(info.cacheExpiryDateTime) };
}

function meterValue(sample: MeterSample): Record<string, unknown> {
  return {
    timestamp: sample.at.toISOString(),
    sampledValue: [
      {
        value: sample.energyWh,
        context: sample.context,
        measurand: 'Energy.Active.Import.Register',
        location: 'Outlet',
        unitOfMeasure: { unit: 'Wh' },
      },
      {
        value: sample.powerW,
        context: sample.context,
        measurand: 'Power.Active.Import',
        unitOfMeasure: { unit: 'W' },
      },
    ],
  };
}
