/** OCPP 2.0.1: what a charging station may send, each translated into version-neutral service calls. */
import type { ActionHandler, ActionTable } from '../actions.js';
import { notSupportedError } from '../call-errors.js';
import { DOOR_STATE_MESSAGE_ID, FACHWERK_VENDOR_ID, parseDoorStateData } from '../door-contract.js';
import type {
  Authorize201,
  BootNotification201,
  DataTransfer201,
  MeterValues201,
  NotifyEvent201,
  StatusNotification201,
  StatusReport201,
  TransactionEvent201,
} from './messages.js';
import {
  bootInput,
  doorReports,
  idTokenInfo,
  meterSamples,
  statusInput,
  transactionEventInput,
} from './translate.js';

const BOOT_STATUS = { accepted: 'Accepted', pending: 'Pending', rejected: 'Rejected' } as const;

/** Reports answered with an empty CALLRESULT after being kept as station events. */
function recordAs(kind: string): ActionHandler {
  return async (conn, params, services) => {
    await services.stationState.recordEvent(conn.ctx, conn.station, kind, params);
    return {};
  };
}

function notSupported(action: string): ActionHandler {
  return () => Promise.reject(notSupportedError(action));
}

export const v201Actions: ActionTable = {
  async BootNotification(conn, params, services) {
    const result = await services.stationState.boot(
      conn.ctx,
      conn.station,
      bootInput(params as BootNotification201),
    );
    conn.registration = result.registration;
    return {
      status: BOOT_STATUS[result.registration],
      currentTime: conn.ctx.now().toISOString(),
      interval: result.intervalS,
    };
  },

  async Heartbeat(conn) {
    return { currentTime: conn.ctx.now().toISOString() };
  },

  async StatusNotification(conn, params, services) {
    await services.stationState.reportStatus(
      conn.ctx,
      conn.station,
      statusInput(params as StatusNotification201),
    );
    return {};
  },

  async Authorize(conn, params, services) {
    const { idToken } = params as Authorize201;
    const decision = await services.authorization.authorize(conn.ctx, {
      institutionId: conn.institutionId,
      stationId: conn.stationId,
      idToken: idToken.idToken,
      type: idToken.type,
    });
    return { idTokenInfo: idTokenInfo(decision) };
  },

  async TransactionEvent(conn, params, services) {
    const result = await services.sessions.transactionEvent(
      conn.ctx,
      conn.station,
      transactionEventInput(params as TransactionEvent201),
    );
    // A TransactionEvent with an idToken is answered with the decision on it.
    return result.authorization === undefined ? {} : { idTokenInfo: idTokenInfo(result.authorization) };
  },

  async MeterValues(conn, params, services) {
    const p = params as MeterValues201;
    await services.sessions.recordMeterValues(conn.ctx, conn.station, {
      evseId: p.evseId === 0 ? null : p.evseId,
      transactionId: null,
      samples: meterSamples(p.meterValue),
    });
    return {};
  },

  async NotifyEvent(conn, params, services) {
    const p = params as NotifyEvent201;
    await services.stationState.recordEvent(conn.ctx, conn.station, 'notify_event', p);
    for (const report of doorReports(p.eventData)) {
      await services.stationState.reportDoor(conn.ctx, conn.station, report);
    }
    return {};
  },

  NotifyReport: recordAs('notify_report'),

  async SecurityEventNotification(conn, params, services) {
    await services.stationState.recordEvent(conn.ctx, conn.station, 'security_event', params);
    conn.ctx.log.info({ event: (params as { type: string }).type }, 'security event');
    return {};
  },

  async FirmwareStatusNotification(conn, params, services) {
    const { status, requestId } = params as StatusReport201;
    await services.stationState.reportFirmwareStatus(conn.ctx, conn.station, {
      status,
      ...(requestId === undefined ? {} : { requestId }),
    });
    return {};
  },

  async LogStatusNotification(conn, params, services) {
    const { status, requestId } = params as StatusReport201;
    await services.stationState.reportDiagnosticsStatus(conn.ctx, conn.station, {
      status,
      ...(requestId === undefined ? {} : { requestId }),
    });
    return {};
  },

  async DataTransfer(conn, params, services) {
    const p = params as DataTransfer201;
    if (p.vendorId === FACHWERK_VENDOR_ID && p.messageId === DOOR_STATE_MESSAGE_ID) {
      const report = parseDoorStateData(p.data);
      if (report === undefined) return { status: 'Rejected' };
      await services.stationState.reportDoor(conn.ctx, conn.station, { ...report, at: conn.ctx.now() });
      return { status: 'Accepted' };
    }
    await services.stationState.recordEvent(conn.ctx, conn.station, 'data_transfer', p);
    return { status: p.vendorId === FACHWERK_VENDOR_ID ? 'UnknownMessageId' : 'UnknownVendorId' };
  },

  // Answers to requests of the central system, and reports it does not act on yet: kept.
  NotifyMonitoringReport: recordAs('notify_monitoring_report'),
  NotifyCustomerInformation: recordAs('notify_customer_information'),
  NotifyDisplayMessages: recordAs('notify_display_messages'),
  ReportChargingProfiles: recordAs('report_charging_profiles'),
  ReservationStatusUpdate: recordAs('reservation_status_update'),
  NotifyChargingLimit: recordAs('notify_charging_limit'),
  ClearedChargingLimit: recordAs('cleared_charging_limit'),
  PublishFirmwareStatusNotification: recordAs('publish_firmware_status'),

  // Recognised (ISO 15118 certificates, smart charging needs) but not supported.
  Get15118EVCertificate: notSupported('Get15118EVCertificate'),
  GetCertificateStatus: notSupported('GetCertificateStatus'),
  SignCertificate: notSupported('SignCertificate'),
  NotifyEVChargingNeeds: notSupported('NotifyEVChargingNeeds'),
  NotifyEVChargingSchedule: notSupported('NotifyEVChargingSchedule'),
};
