/** OCPP 2.0.1 to and from Fachwerk's version-neutral inputs. Pure. */
import type { AuthorizationDecision } from '../../authorization/authorization.js';
import { ENERGY_REGISTER, applyMultiplier, type MeterSample } from '../../sessions/meter-values.js';
import type { TransactionEventInput } from '../../sessions/sessions.service.js';
import type { BootInput, StatusInput } from '../../stations/station-state.service.js';
import { doorSignal, doorStates, type DoorReport, type DoorSignal } from '../door-contract.js';
import type {
  BootNotification201,
  EventData201,
  IdTokenInfo201,
  MeterValue201,
  StatusNotification201,
  TransactionEvent201,
} from './messages.js';

export function bootInput(params: BootNotification201): BootInput {
  return {
    protocol: 'ocpp2.0.1',
    vendor: params.chargingStation.vendorName,
    model: params.chargingStation.model,
    serialNumber: params.chargingStation.serialNumber ?? null,
    firmwareVersion: params.chargingStation.firmwareVersion ?? null,
    reason: params.reason,
  };
}

/**
 * 2.0.1 reports per connector; Fachwerk keeps one status per EVSE (a compartment, or a 1.6-style
 * connector), so the EVSE takes the status of its last reported connector.
 */
export function statusInput(params: StatusNotification201): StatusInput {
  return {
    evseId: params.evseId,
    status: params.connectorStatus,
    errorCode: null,
    info: params.connectorId === 1 ? null : `connector ${params.connectorId}`,
    reportedAt: new Date(params.timestamp),
  };
}

/** Defaults per the 2.0.1 schema: measurand Energy.Active.Import.Register, unit Wh, multiplier 0. */
export function meterSamples(meterValues: readonly MeterValue201[]): MeterSample[] {
  const samples: MeterSample[] = [];
  for (const meterValue of meterValues) {
    const sampledAt = new Date(meterValue.timestamp);
    for (const sv of meterValue.sampledValue) {
      const measurand = sv.measurand ?? ENERGY_REGISTER;
      const unit = sv.unitOfMeasure?.unit ?? (measurand === ENERGY_REGISTER ? 'Wh' : null);
      samples.push({
        sampledAt,
        measurand,
        phase: sv.phase ?? null,
        location: sv.location ?? null,
        context: sv.context ?? null,
        unit,
        value: applyMultiplier(sv.value, sv.unitOfMeasure?.multiplier ?? 0),
      });
    }
  }
  return samples;
}

export function transactionEventInput(params: TransactionEvent201): TransactionEventInput {
  return {
    eventType: params.eventType,
    transactionId: params.transactionInfo.transactionId,
    seqNo: params.seqNo,
    timestamp: new Date(params.timestamp),
    triggerReason: params.triggerReason,
    offline: params.offline ?? false,
    evseId: params.evse?.id ?? null,
    idToken:
      params.idToken === undefined ? null : { value: params.idToken.idToken, type: params.idToken.type },
    stoppedReason: params.transactionInfo.stoppedReason ?? null,
    remoteStartId: params.transactionInfo.remoteStartId ?? null,
    samples: meterSamples(params.meterValue ?? []),
    payload: params,
  };
}

export function idTokenInfo(decision: AuthorizationDecision): IdTokenInfo201 {
  return decision.expiresAt === undefined
    ? { status: decision.status }
    : { status: decision.status, cacheExpiryDateTime: decision.expiresAt.toISOString() };
}

/** The door states a NotifyEvent reports, each as of its latest event. */
export function doorReports(events: readonly EventData201[]): (DoorReport & { at: Date })[] {
  const signals: DoorSignal[] = [];
  const latest = new Map<number, number>();
  for (const event of events) {
    const signal = doorSignal(event);
    if (signal === undefined) continue;
    signals.push(signal);
    latest.set(signal.evseId, Math.max(latest.get(signal.evseId) ?? 0, Date.parse(event.timestamp)));
  }
  return doorStates(signals).map((report) => ({ ...report, at: new Date(latest.get(report.evseId)!) }));
}
