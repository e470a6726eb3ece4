/**
 * Sessions, their 2.0.1 transaction events and their meter values in the database. Batch writes
 * pass their rows as one JSON parameter (`json_to_recordset`).
 */
import { and, asc, desc, eq, gte, ilike, lt, sql, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import {
  chargePoints,
  meterValues,
  sessions,
  stationEvents,
  stations,
  transactionEvents,
  type OcppVersion,
  type SessionStatus,
} from '../db/schema.js';
import type { MeterSample } from './meter-values.js';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export type SessionRow = typeof sessions.$inferSelect;

/**
 * Serializes the transaction messages of one station (duplicates may arrive concurrently, on the
 * same or on a new connection). The first key is this module's lock namespace.
 */
export async function lockStation(tx: Db, stationId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(16, hashtext(${stationId}))`);
}

export async function nextOcpp16TransactionId(tx: Db): Promise<number> {
  const [row] = rowsOf<{ id: number | string }>(
    await tx.execute(sql`SELECT nextval('ocpp16_transaction_id') AS id`),
  );
  return Number(row!.id);
}

export async function findSessionByTransaction(
  tx: Db,
  stationId: string,
  transactionId: string,
): Promise<SessionRow | undefined> {
  const [row] = await tx
    .select()
    .from(sessions)
    .where(and(eq(sessions.stationId, stationId), eq(sessions.transactionId, transactionId)));
  return row;
}

/** A 1.6 StartTransaction already stored: same connector, token, time and meter start. */
export async function findOcpp16Start(
  tx: Db,
  input: { stationId: string; evseId: number; idTag: string; startedAt: Date; meterStartWh: number },
): Promise<SessionRow | undefined> {
  const [row] = await tx
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.stationId, input.stationId),
        eq(sessions.ocppVersion, 'ocpp1.6'),
        eq(sessions.evseId, input.evseId),
        eq(sessions.idTag, input.idTag),
        eq(sessions.startedAt, input.startedAt),
        eq(sessions.meterStartWh, input.meterStartWh),
      ),
    );
  return row;
}

export async function findChargePointId(
  tx: Db,
  stationId: string,
  evseId: number | null,
): Promise<string | null> {
  if (evseId === null) return null;
  const [row] = await tx
    .select({ id: chargePoints.id })
    .from(chargePoints)
    .where(and(eq(chargePoints.stationId, stationId), eq(chargePoints.evseId, evseId)));
  return row?.id ?? null;
}

export async function insertSession(tx: Db, values: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [row] = await tx.insert(sessions).values(values).returning();
  return row!;
}

/** Completes an active 1.6 session; undefined when it was completed already (a repeated StopTransaction). */
export async function completeOcpp16Session(
  tx: Db,
  sessionId: string,
  input: { stoppedAt: Date; meterStopWh: number; stopReason: string; late: boolean; now: Date },
): Promise<SessionRow | undefined> {
  const [row] = await tx
    .update(sessions)
    .set({
      status: 'completed',
      stoppedAt: input.stoppedAt,
      meterStopWh: input.meterStopWh,
      energyWh: sql`GREATEST(0, ${input.meterStopWh} - COALESCE(${sessions.meterStartWh}, ${input.meterStopWh}))`,
      stopReason: input.stopReason,
      offline: input.late ? true : sql`${sessions.offline}`,
      updatedAt: input.now,
    })
    .where(and(eq(sessions.id, sessionId), eq(sessions.status, 'active')))
    .returning();
  return row;
}

/** false when (session, seqNo) is stored already: the event is a duplicate. */
export async function insertTransactionEvent(
  tx: Db,
  values: typeof transactionEvents.$inferInsert,
): Promise<boolean> {
  const rows = await tx
    .insert(transactionEvents)
    .values(values)
    .onConflictDoNothing({ target: [transactionEvents.sessionId, transactionEvents.seqNo] })
    .returning({ id: transactionEvents.id });
  return rows.length > 0;
}

export interface TransactionEventChange {
  timestamp: Date;
  seqNo: number;
  offline: boolean;
  evseId: number | null;
  chargePointId: string | null;
  idTag: string | null;
  idTagType: string | null;
  authorizationStatus: string | null;
  authorizationReason: string | null;
  tokenId: string | null;
  smsSessionId: string | null;
  remoteStartId: number | null;
  registerMinWh: number | null;
  registerMaxWh: number | null;
  ended: { stoppedReason: string } | null;
  now: Date;
}

/**
 * 2.0.1 has no meter start: it is the lowest register reading seen (meters count up), and events
 * arrive in any order, so a lower reading arriving late moves the start and adds to the energy.
 */
function readingChange(min: number, max: number) {
  const start = sql`LEAST(${sessions.meterStartWh}, ${min}::bigint)`;
  return {
    meterStartWh: start,
    energyWh: sql`GREATEST(${sessions.energyWh} + COALESCE(${sessions.meterStartWh}, ${start}) - ${start}, ${max}::bigint - ${start})`,
  };
}

/** Folds one 2.0.1 TransactionEvent into its session; events may arrive in any order. */
export async function applyTransactionEvent(
  tx: Db,
  sessionId: string,
  change: TransactionEventChange,
): Promise<SessionRow> {
  const min = change.registerMinWh;
  const max = change.registerMaxWh;
  const [row] = await tx
    .update(sessions)
    .set({
      startedAt: sql`LEAST(${sessions.startedAt}, ${change.timestamp.toISOString()}::timestamptz)`,
      evseId: sql`COALESCE(${sessions.evseId}, ${change.evseId}::int)`,
      chargePointId: sql`COALESCE(${sessions.chargePointId}, ${change.chargePointId}::uuid)`,
      idTag: sql`COALESCE(${sessions.idTag}, ${change.idTag}::text)`,
      idTagType: sql`COALESCE(${sessions.idTagType}, ${change.idTagType}::text)`,
      authorizationStatus: sql`COALESCE(${sessions.authorizationStatus}, ${change.authorizationStatus}::text)`,
      authorizationReason: sql`COALESCE(${sessions.authorizationReason}, ${change.authorizationReason}::text)`,
      tokenId: sql`COALESCE(${sessions.tokenId}, ${change.tokenId}::uuid)`,
      smsSessionId: sql`COALESCE(${sessions.smsSessionId}, ${change.smsSessionId}::uuid)`,
      remoteStartId: sql`COALESCE(${sessions.remoteStartId}, ${change.remoteStartId}::int)`,
      lastSeqNo: sql`GREATEST(${sessions.lastSeqNo}, ${change.seqNo}::int)`,
      offline: change.offline ? true : sql`${sessions.offline}`,
      ...(min === null || max === null ? {} : readingChange(min, max)),
      ...(change.ended === null
        ? {}
        : {
            status: 'completed' as SessionStatus,
            stoppedAt: change.timestamp,
            stopReason: change.ended.stoppedReason,
            ...(max === null
              ? {}
              : { meterStopWh: sql`GREATEST(COALESCE(${sessions.meterStopWh}, 0), ${max}::bigint)` }),
          }),
      updatedAt: change.now,
    })
    .where(eq(sessions.id, sessionId))
    .returning();
  return row!;
}

export interface MeterRow extends MeterSample {
  institutionId: string;
  stationId: string;
  sessionId: string | null;
  evseId: number | null;
}

export async function insertMeterRows(tx: Db, rows: MeterRow[]): Promise<void> {
  // 1,000 rows per statement keeps the JSON parameter small.
  for (let i = 0; i < rows.length; i += 1_000) {
    const chunk = rows.slice(i, i + 1_000);
    await tx.execute(sql`
      INSERT INTO meter_values
        (institution_id, station_id, session_id, evse_id, sampled_at, measurand, phase, location, context, unit, value)
      SELECT "institutionId", "stationId", "sessionId", "evseId", "sampledAt", measurand, phase, location, context, unit, value
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS r(
        "institutionId" uuid, "stationId" uuid, "sessionId" uuid, "evseId" int, "sampledAt" timestamptz,
        measurand text, phase text, location text, context text, unit text, value text)`);
  }
}

/** Sessions of the given (station, transaction id) pairs. */
export async function findSessionIds(
  tx: Db,
  keys: { stationId: string; transactionId: string }[],
): Promise<{ id: string; stationId: string; transactionId: string }[]> {
  if (keys.length === 0) return [];
  return rowsOf<{ id: string; stationId: string; transactionId: string }>(
    await tx.execute(sql`
      SELECT s.id, s.station_id AS "stationId", s.transaction_id AS "transactionId"
      FROM sessions s
      JOIN json_to_recordset(${JSON.stringify(keys)}::json) AS k("stationId" uuid, "transactionId" text)
        ON s.station_id = k."stationId" AND s.transaction_id = k."transactionId"`),
  );
}

/** Inserts the events and returns the (session, seqNo) pairs that were new. */
export async function insertTransactionEvents(
  tx: Db,
  rows: {
    sessionId: string;
    seqNo: number;
    eventType: string;
    triggerReason: string;
    offline: boolean;
    timestamp: Date;
    payload: unknown;
  }[],
): Promise<{ sessionId: string; seqNo: number }[]> {
  if (rows.length === 0) return [];
  return rowsOf<{ sessionId: string; seqNo: number }>(
    await tx.execute(sql`
      INSERT INTO transaction_events (session_id, seq_no, event_type, trigger_reason, offline, timestamp, payload)
      SELECT "sessionId", "seqNo", "eventType", "triggerReason", offline, timestamp, payload
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
        "sessionId" uuid, "seqNo" int, "eventType" text, "triggerReason" text, offline boolean,
        timestamp timestamptz, payload jsonb)
      ON CONFLICT (session_id, seq_no) DO NOTHING
      RETURNING session_id AS "sessionId", seq_no AS "seqNo"`),
  );
}

export interface SessionProgress {
  sessionId: string;
  registerMinWh: number | null;
  registerMaxWh: number | null;
  seqNo: number | null;
  offline: boolean;
  evseId: number | null;
}

/**
 * The meter start after a batch of readings: 1.6 names it in StartTransaction; for 2.0.1 it is the
 * lowest reading seen (see readingChange).
 */
const START = sql.raw(
  `(CASE WHEN s.ocpp_version = 'ocpp1.6' THEN COALESCE(s.meter_start_wh, p."registerMinWh") ELSE LEAST(s.meter_start_wh, p."registerMinWh") END)`,
);

/** Keeps sessions current from a batch of meter values / TransactionEvent(Updated). */
export async function applySessionProgress(
  tx: Db,
  progress: SessionProgress[],
  now: Date,
): Promise<{ id: string; institutionId: string; stationId: string; energyWh: number }[]> {
  if (progress.length === 0) return [];
  const rows = rowsOf<{ id: string; institutionId: string; stationId: string; energyWh: number | string }>(
    await tx.execute(sql`
      UPDATE sessions AS s SET
        meter_start_wh = ${START},
        energy_wh = CASE WHEN p."registerMaxWh" IS NULL THEN s.energy_wh
          ELSE GREATEST(s.energy_wh + COALESCE(s.meter_start_wh, ${START}) - ${START}, p."registerMaxWh" - ${START}) END,
        last_seq_no = CASE WHEN p."seqNo" IS NULL THEN s.last_seq_no ELSE GREATEST(s.last_seq_no, p."seqNo") END,
        offline = s.offline OR p.offline,
        evse_id = COALESCE(s.evse_id, p."evseId"),
        charge_point_id = COALESCE(s.charge_point_id,
          (SELECT cp.id FROM charge_points cp WHERE cp.station_id = s.station_id AND cp.evse_id = p."evseId")),
        updated_at = ${now.toISOString()}::timestamptz
      FROM json_to_recordset(${JSON.stringify(progress)}::json) AS p(
        "sessionId" uuid, "registerMinWh" bigint, "registerMaxWh" bigint, "seqNo" int, offline boolean, "evseId" int)
      WHERE s.id = p."sessionId"
      RETURNING s.id, s.institution_id AS "institutionId", s.station_id AS "stationId", s.energy_wh AS "energyWh"`),
  );
  return rows.map((r) => ({ ...r, energyWh: Number(r.energyWh) }));
}

export async function insertStationEvent(
  tx: Db,
  values: { institutionId: string; stationId: string; kind: string; payload: unknown; at: Date },
): Promise<void> {
  await tx.insert(stationEvents).values(values);
}

// ---- read side ----

export interface SessionFilter {
  /** For the platform: one institution's sessions. */
  institutionId?: string;
  stationId?: string;
  chargePointId?: string;
  /** The compartment's short name or its beginning, any case (`P20-07`, `p20`). */
  shortName?: string;
  /** Exactly the id token that started the session (card UID, receipt PIN). */
  idTag?: string;
  tokenId?: string;
  status?: SessionStatus;
  /** Sessions started at or after. */
  from?: Date;
  /** Sessions started before. */
  to?: Date;
}

const sessionView = {
  id: sessions.id,
  institutionId: sessions.institutionId,
  stationId: sessions.stationId,
  chargeBoxId: stations.chargeBoxId,
  chargePointId: sessions.chargePointId,
  shortName: chargePoints.shortName,
  evseId: sessions.evseId,
  transactionId: sessions.transactionId,
  ocppVersion: sessions.ocppVersion,
  idTag: sessions.idTag,
  idTagType: sessions.idTagType,
  authorizationStatus: sessions.authorizationStatus,
  authorizationReason: sessions.authorizationReason,
  tokenId: sessions.tokenId,
  status: sessions.status,
  startedAt: sessions.startedAt,
  stoppedAt: sessions.stoppedAt,
  meterStartWh: sessions.meterStartWh,
  meterStopWh: sessions.meterStopWh,
  energyWh: sessions.energyWh,
  stopReason: sessions.stopReason,
  offline: sessions.offline,
  remoteStartId: sessions.remoteStartId,
  smsSessionId: sessions.smsSessionId,
  updatedAt: sessions.updatedAt,
};

export interface SessionView {
  id: string;
  institutionId: string;
  stationId: string;
  chargeBoxId: string;
  chargePointId: string | null;
  shortName: string | null;
  evseId: number | null;
  transactionId: string;
  ocppVersion: OcppVersion;
  idTag: string | null;
  idTagType: string | null;
  authorizationStatus: string | null;
  authorizationReason: string | null;
  tokenId: string | null;
  status: SessionStatus;
  startedAt: Date;
  stoppedAt: Date | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number;
  stopReason: string | null;
  offline: boolean;
  remoteStartId: number | null;
  /** Set when the session was started by SMS; its idTag is then the receipt PIN. */
  smsSessionId: string | null;
  updatedAt: Date;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterConditions(scope: InstitutionScope, filter: SessionFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (scope.kind === 'one') conditions.push(eq(sessions.institutionId, scope.institutionId));
  if (filter.institutionId !== undefined) conditions.push(eq(sessions.institutionId, filter.institutionId));
  if (filter.stationId !== undefined) conditions.push(eq(sessions.stationId, filter.stationId));
  if (filter.chargePointId !== undefined) conditions.push(eq(sessions.chargePointId, filter.chargePointId));
  if (filter.shortName !== undefined)
    conditions.push(ilike(chargePoints.shortName, `${escapeLike(filter.shortName)}%`));
  if (filter.idTag !== undefined) conditions.push(eq(sessions.idTag, filter.idTag));
  if (filter.tokenId !== undefined) conditions.push(eq(sessions.tokenId, filter.tokenId));
  if (filter.status !== undefined) conditions.push(eq(sessions.status, filter.status));
  if (filter.from !== undefined) conditions.push(gte(sessions.startedAt, filter.from));
  if (filter.to !== undefined) conditions.push(lt(sessions.startedAt, filter.to));
  return and(...conditions);
}

export async function listSessions(
  db: Db,
  scope: InstitutionScope,
  filter: SessionFilter,
  page: { limit: number; offset: number },
): Promise<SessionView[]> {
  return db
    .select(sessionView)
    .from(sessions)
    .innerJoin(stations, eq(stations.id, sessions.stationId))
    .leftJoin(chargePoints, eq(chargePoints.id, sessions.chargePointId))
    .where(filterConditions(scope, filter))
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function findSessionView(db: Db, sessionId: string): Promise<SessionView | undefined> {
  const [row] = await db
    .select(sessionView)
    .from(sessions)
    .innerJoin(stations, eq(stations.id, sessions.stationId))
    .leftJoin(chargePoints, eq(chargePoints.id, sessions.chargePointId))
    .where(eq(sessions.id, sessionId));
  return row;
}

export async function listMeterValues(db: Db, sessionId: string, page: { limit: number; offset: number }) {
  return db
    .select({
      sampledAt: meterValues.sampledAt,
      evseId: meterValues.evseId,
      measurand: meterValues.measurand,
      phase: meterValues.phase,
      location: meterValues.location,
      context: meterValues.context,
      unit: meterValues.unit,
      value: meterValues.value,
    })
    .from(meterValues)
    .where(eq(meterValues.sessionId, sessionId))
    .orderBy(asc(meterValues.sampledAt), asc(meterValues.id))
    .limit(page.limit)
    .offset(page.offset);
}
