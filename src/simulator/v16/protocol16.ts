/**
 * How a 1.6 charge point spells the station's events: BootNotification with vendor and model,
 * StartTransaction/MeterValues/StopTransaction (the transaction id comes from the CSMS), connector
 * statuses including connector 0, and door changes as a vendor DataTransfer.
 */
import { status16, type StatusInput, type Transaction } from '../compartment.js';
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
import { handleCommand16 } from './commands16.js';
import { Configuration16 } from './configuration.js';

/** The vendor id of Fachwerk's DataTransfer messages (door state of a locker compartment). */
export const FACHWERK_VENDOR_ID = 'de.fachwerk';
export const DOOR_STATE_MESSAGE_ID = 'DoorState';

const STOP_REASON: Record<StopReason, string> = {
  Local: 'Local',
  Remote: 'Remote',
  EVDisconnected: 'EVDisconnected',
  DeAuthorized: 'DeAuthorized',
  SoftReset: 'SoftReset',
  HardReset: 'HardReset',
  UnlockCommand: 'UnlockCommand',
  Other: 'Other',
};

export class Protocol16 implements ProtocolAdapter {
  readonly version = 'ocpp1.6' as const;
  readonly reportsStationConnector = true;
  readonly configuration: Configuration16;

  constructor(private readonly control: StationControl) {
    this.configuration = new Configuration16(control);
  }

  newTransactionId(): undefined {
    return undefined;
  }

  connectorStatus(input: StatusInput): string {
    return status16(input);
  }

  bootRequest(_reason: BootReason): Record<string, unknown> {
    const { vendor, model, serialNumber, firmwareVersion } = this.control.identity;
    return {
      chargePointVendor: vendor.slice(0, 20),
      chargePointModel: model.slice(0, 20),
      chargePointSerialNumber: serialNumber.slice(0, 25),
      firmwareVersion: firmwareVersion.slice(0, 50),
    };
  }

  parseBoot(result: unknown): BootResult {
    const r = result as { status: RegistrationStatus; interval: number };
    return { status: r.status, intervalS: r.interval };
  }

  authorizeRequest(token: IdToken): Record<string, unknown> {
    return { idTag: token.value };
  }

  parseAuthorize(result: unknown): AuthorizeResult {
    return parseIdTagInfo((result as { idTagInfo: IdTagInfo }).idTagInfo);
  }

  statusNotification(connectorId: number, status: string, at: Date): OutboxMessage {
    return {
      action: 'StatusNotification',
      build: () => ({ connectorId, errorCode: 'NoError', status, timestamp: at.toISOString() }),
    };
  }

  transactionStarted(tx: Transaction, sample: MeterSample): OutboxMessage {
    return {
      action: 'StartTransaction',
      build: () => ({
        connectorId: tx.evseId,
        idTag: tx.idToken.value,
        meterStart: sample.energyWh,
        timestamp: sample.at.toISOString(),
      }),
      onResult: (result) => {
        const r = result as { transactionId: number; idTagInfo: IdTagInfo };
        tx.transactionId = r.transactionId;
        const info = parseIdTagInfo(r.idTagInfo);
        if (this.control.settings.authCacheEnabled) this.control.localAuth.remember(tx.idToken.value, info);
        // §5.11 / StopTransactionOnInvalidId: a start the CSMS did not accept is ended at once.
        if (info.status !== 'Accepted') this.control.deauthorize(tx);
      },
    };
  }

  transactionUpdated(
    tx: Transaction,
    sample: MeterSample,
    trigger: UpdateTrigger,
  ): OutboxMessage | undefined {
    // 1.6 reports charging-state changes through StatusNotification, not MeterValues.
    if (trigger === 'ChargingStateChanged') return undefined;
    return {
      action: 'MeterValues',
      build: () => ({
        connectorId: tx.evseId,
        // A transaction started offline has no id until StartTransaction is answered; that message is queued first.
        ...(tx.transactionId === undefined ? {} : { transactionId: tx.transactionId }),
        meterValue: [meterValue(sample)],
      }),
    };
  }

  transactionEnded(tx: Transaction, sample: MeterSample, reason: StopReason): OutboxMessage {
    const begin: MeterSample = {
      at: tx.startedAt,
      energyWh: tx.meterStartWh,
      powerW: 0,
      context: 'Transaction.Begin',
    };
    return {
      action: 'StopTransaction',
      build: () => {
        // Only if the CSMS never accepted the StartTransaction (it kept answering CALLERROR) is there nothing to stop.
        if (typeof tx.transactionId !== 'number') return null;
        return {
          transactionId: tx.transactionId,
          meterStop: sample.energyWh,
          timestamp: sample.at.toISOString(),
          reason: STOP_REASON[reason],
          ...(reason === 'Local' ? { idTag: tx.idToken.value } : {}),
          transactionData: [meterValue(begin), meterValue(sample)],
        };
      },
    };
  }

  meterValues(evseId: number, sample: MeterSample): OutboxMessage {
    return {
      action: 'MeterValues',
      build: () => ({ connectorId: evseId, meterValue: [meterValue(sample)] }),
    };
  }

  /** The door contract agreed with the CSMS: DataTransfer de.fachwerk / DoorState with {connectorId, door}. */
  doorChanged(evseId: number, _previous: DoorState, door: DoorState): OutboxMessage {
    return {
      action: 'DataTransfer',
      build: () => ({
        vendorId: FACHWERK_VENDOR_ID,
        messageId: DOOR_STATE_MESSAGE_ID,
        data: JSON.stringify({ connectorId: evseId, door }),
      }),
    };
  }

  doorReport(evseId: number, door: DoorState): OutboxMessage {
    return this.doorChanged(evseId, door, door);
  }

  handleCommand(action: string, params: Record<string, unknown>) {
    return handleCommand16(this.control, this, action, params);
  }
}

interface IdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: string;
}

function parseIdTagInfo(info: IdTagInfo): AuthorizeResult {
  return info.expiryDate === undefined
    ? { status: info.status }
    : { status: info.status, expiresAt: new Date(info.expiryDate) };
}

function meterValue(sample: MeterSample): Record<string, unknown> {
  return {
    timestamp: sample.at.toISOString(),
    sampledValue: [
      {
        value: String(sample.energyWh),
        context: sample.context,
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
        location: 'Outlet',
      },
      { value: String(sample.powerW), context: sample.context, measurand: 'Power.Active.Import', unit: 'W' },
    ],
  };
}
