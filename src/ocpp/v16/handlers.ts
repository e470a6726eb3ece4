/** OCPP 1.6J: what a charge point may send, each translated into version-neutral service calls. */
import { DOOR_STATE_MESSAGE_ID, FACHWERK_VENDOR_ID, parseDoorStateData } from '../door-contract.js';
import type { ActionTable } from '../actions.js';
import type {
  Authorize16,
  BootNotification16,
  DataTransfer16,
  MeterValues16,
  StartTransaction16,
  StatusNotification16,
  StatusReport16,
  StopTransaction16,
} from './messages.js';
import { ID_TAG_TYPE, bootInput, idTagInfo, meterSamples, statusInput } from './translate.js';

const BOOT_STATUS = { accepted: 'Accepted', pending: 'Pending', rejected: 'Rejected' } as const;

export const v16Actions: ActionTable = {
  async BootNotification(conn, params, services) {
    const result = await services.stationState.boot(
      conn.ctx,
      conn.station,
      bootInput(params as BootNotification16),
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
      statusInput(params as StatusNotification16, conn.ctx.now()),
    );
    return {};
  },

  async Authorize(conn, params, services) {
    const { idTag } = params as Authorize16;
    const decision = await services.authorization.authorize(conn.ctx, {
      institutionId: conn.institutionId,
      stationId: conn.stationId,
      idToken: idTag,
      type: ID_TAG_TYPE,
    });
    return { idTagInfo: idTagInfo(decision) };
  },

  async StartTransaction(conn, params, services) {
    const p = params as StartTransaction16;
    const result = await services.sessions.startTransaction(conn.ctx, conn.station, {
      evseId: p.connectorId,
      idToken: { value: p.idTag, type: ID_TAG_TYPE },
      meterStartWh: p.meterStart,
      startedAt: new Date(p.timestamp),
      reservationId: p.reservationId ?? null,
    });
    return { transactionId: Number(result.transactionId), idTagInfo: idTagInfo(result.authorization) };
  },

  async StopTransaction(conn, params, services) {
    const p = params as StopTransaction16;
    const result = await services.sessions.stopTransaction(conn.ctx, conn.station, {
      transactionId: String(p.transactionId),
      meterStopWh: p.meterStop,
      stoppedAt: new Date(p.timestamp),
      idToken: p.idTag === undefined ? null : { value: p.idTag, type: ID_TAG_TYPE },
      reason: p.reason ?? null,
      samples: meterSamples(p.transactionData ?? []),
      payload: p,
    });
    return result.authorization === undefined ? {} : { idTagInfo: idTagInfo(result.authorization) };
  },

  async MeterValues(conn, params, services) {
    const p = params as MeterValues16;
    await services.sessions.recordMeterValues(conn.ctx, conn.station, {
      evseId: p.connectorId === 0 ? null : p.connectorId,
      transactionId: p.transactionId === undefined ? null : String(p.transactionId),
      samples: meterSamples(p.meterValue),
    });
    return {};
  },

  async DataTransfer(conn, params, services) {
    const p = params as DataTransfer16;
    if (p.vendorId === FACHWERK_VENDOR_ID && p.messageId === DOOR_STATE_MESSAGE_ID) {
      const report = parseDoorStateData(p.data);
      if (report === undefined) return { status: 'Rejected' };
      await services.stationState.reportDoor(conn.ctx, conn.station, { ...report, at: conn.ctx.now() });
      return { status: 'Accepted' };
    }
    // Kept, so nothing a station reports is lost, but nobody here understands it.
    await services.stationState.recordEvent(conn.ctx, conn.station, 'data_transfer', p);
    return { status: p.vendorId === FACHWERK_VENDOR_ID ? 'UnknownMessageId' : 'UnknownVendorId' };
  },

  async DiagnosticsStatusNotification(conn, params, services) {
    await services.stationState.reportDiagnosticsStatus(conn.ctx, conn.station, {
      status: (params as StatusReport16).status,
    });
    return {};
  },

  async FirmwareStatusNotification(conn, params, services) {
    await services.stationState.reportFirmwareStatus(conn.ctx, conn.station, {
      status: (params as StatusReport16).status,
    });
    return {};
  },
};
