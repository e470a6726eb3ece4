import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { ocppMessages, stations } from '../db/schema.js';

/**
 * One exchange as recorded: a frame (usually a CALL) and, when it came, the answer to it. Payloads
 * are JSON text, serialized when the frame was seen, so the log holds no message objects (they would
 * live on, long enough to burden the garbage collector, until the row is written).
 */
export interface OcppMessageRow {
  stationId: string;
  /** Who sent the first frame. */
  direction: 'in' | 'out';
  /** Of the first frame: 2 CALL, 3 CALLRESULT, 4 CALLERROR */
  messageType: 2 | 3 | 4;
  messageId: string;
  action: string | null;
  /** JSON text. */
  payloadJson: string;
  /** Epoch milliseconds. */
  at: number;
  responseType: 3 | 4 | null;
  /** JSON text, or null. */
  responseJson: string | null;
  answeredAt: number | null;
}

/** JSON text of a value, `null` for undefined (a CALL without params). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function rowJson(row: OcppMessageRow): string {
  return (
    `{"stationId":${JSON.stringify(row.stationId)},"direction":"${row.direction}","messageType":${row.messageType}` +
    `,"messageId":${JSON.stringify(row.messageId)},"action":${JSON.stringify(row.action)}` +
    `,"payload":${row.payloadJson},"at":"${new Date(row.at).toISOString()}"` +
    `,"responseType":${row.responseType ?? 'null'},"response":${row.responseJson ?? 'null'}` +
    `,"answeredAt":${row.answeredAt === null ? 'null' : `"${new Date(row.answeredAt).toISOString()}"`}}`
  );
}

export async function insertMessages(db: Db, rows: OcppMessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    INSERT INTO ocpp_messages
      (station_id, direction, message_type, message_id, action, payload, at, response_type, response, answered_at)
    SELECT "stationId", direction, "messageType", "messageId", action, payload, at, "responseType", response, "answeredAt"
    FROM json_to_recordset(${`[${rows.map(rowJson).join(',')}]`}::json) AS r(
      "stationId" uuid, direction text, "messageType" int, "messageId" text, action text, payload json, at timestamptz,
      "responseType" int, response json, "answeredAt" timestamptz)`);
}

/**
 * Keeps the newest `keep` rows of each given station. Stations with fewer rows drop out at the
 * lateral join, so the delete only touches stations over the limit, through the (station, id) index.
 */
export async function pruneMessages(db: Db, stationIds: string[], keep: number): Promise<void> {
  if (stationIds.length === 0) return;
  const ids = JSON.stringify(stationIds);
  await db.execute(sql`
    DELETE FROM ocpp_messages m
    USING (
      SELECT s.id AS station_id, c.id AS cutoff
      FROM (SELECT value::uuid AS id FROM json_array_elements_text(${ids}::json)) s
      CROSS JOIN LATERAL (
        SELECT o.id FROM ocpp_messages o WHERE o.station_id = s.id ORDER BY o.id DESC OFFSET ${keep} LIMIT 1
      ) c
    ) c
    WHERE m.station_id = c.station_id AND m.id <= c.cutoff`);
}

export async function findStationInstitution(db: Db, stationId: string) {
  const [row] = await db
    .select({ id: stations.id, institutionId: stations.institutionId })
    .from(stations)
    .where(eq(stations.id, stationId));
  return row;
}

export async function listMessages(db: Db, stationId: string, page: { limit: number; beforeId?: number }) {
  return db
    .select({
      id: ocppMessages.id,
      direction: ocppMessages.direction,
      messageType: ocppMessages.messageType,
      messageId: ocppMessages.messageId,
      action: ocppMessages.action,
      payload: ocppMessages.payload,
      at: ocppMessages.at,
      responseType: ocppMessages.responseType,
      response: ocppMessages.response,
      answeredAt: ocppMessages.answeredAt,
    })
    .from(ocppMessages)
    .where(
      and(
        eq(ocppMessages.stationId, stationId),
        page.beforeId === undefined ? undefined : lt(ocppMessages.id, page.beforeId),
      ),
    )
    .orderBy(desc(ocppMessages.id))
    .limit(page.limit);
}
