/** OCPP 1.6J to and from Fachwerk's version-neutral inputs. Pure. */
import type { AuthorizationDecision } from '../../authorization/authorization.js';
import { ENERGY_REGISTER, type MeterSample } from '../../sessions/meter-values.js';
import type { BootInput, StatusInput } from '../../stations/station-state.service.js';
import type {
  AuthorizationStatus16,
  BootNotification16,
  IdTagInfo16,
  MeterValue16,
  StatusNotification16,
} from './messages.js';

/** 1.6 idTags carry no type; they are cards in practice. */
export const ID_TAG_TYPE = 'ISO14443';

export function bootInput(params: BootNotification16): BootInput {
  return {
    protocol: 'ocpp1.6',
    vendor: params.chargePointVendor,
    model: params.chargePointModel,
    serialNumber: params.chargePointSerialNumber ?? params.chargeBoxSerialNumber ?? null,
    firmwareVersion: params.firmwareVersion ?? null,
    reason: null,
  };
}

export function statusInput(params: StatusNotification16, receivedAt: Date): StatusInput {
  const info = [params.info, params.vendorId, params.vendorErrorCode].filter(
    (s) => s !== undefined && s !== '',
  );
  return {
    evseId: params.connectorId,
    status: params.status,
    errorCode: params.errorCode === 'NoError' ? null : params.errorCode,
    info: info.length === 0 ? null : info.join(' / '),
    // The timestamp is optional in 1.6; without it the status is as of now.
    reportedAt: params.timestamp === undefined ? receivedAt : new Date(params.timestamp),
  };
}

/** A sampled value without measurand is the energy import register; without unit, Wh (1.6 defaults). */
export function meterSamples(meterValues: readonly MeterValue16[]): MeterSample[] {
  const samples: MeterSample[] = [];
  for (const meterValue of meterValues) {
    const sampledAt = new Date(meterValue.timestamp);
    for (const sv of meterValue.sampledValue) {
      samples.push({
        sampledAt,
        measurand: sv.measurand ?? ENERGY_REGISTER,
        phase: sv.phase ?? null,
        location: sv.location ?? null,
        context: sv.context ?? null,
        unit: sv.unit ?? null,
        // SignedData is kept as sent; it is no decimal, so it never counts as a reading.
        value: sv.value,
      });
    }
  }
  return samples;
}

const STATUSES_16 = new Set<string>(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);

/** 2.0.1-only outcomes (NoCredit, NotAtThisTime, ...) are Invalid to a 1.6 station. */
export function idTagInfo(decision: AuthorizationDecision): IdTagInfo16 {
  const status = (STATUSES_16.has(decision.status) ? decision.status : 'Invalid') as AuthorizationStatus16;
  return decision.expiresAt === undefined
    ? { status }
    : { status, expiryDate: decision.expiresAt.toISOString() };
}
