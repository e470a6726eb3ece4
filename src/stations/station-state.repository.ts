/**
 * The live state of stations in the database: connection, boot information, connector status,
 * compartment doors, last seen. High-volume writes arrive in batches (station-state.writer.ts) and
 * are written with one statement per table, passing the rows as one JSON parameter
 * (`json_to_recordset`) so a batch costs the same number of round trips whatever its size.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import {
  chargePoints,
  institutions,
  stationEvents,
  stations,
  type DoorState,
  type OcppVersion,
  type StationRegistration,
} from '../db/schema.js';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export interface StationCredentials {
  id: string;
  institutionId: string;
  chargeBoxId: string;
  passwordHash: string | null;
  registration: StationRegistration;
  institutionSlug: string;
}

export async function findStationsForConnection(
  db: Db,
  chargeBoxIds: string[],
): Promise<Map<string, StationCredentials>> {
  const rows = await db
    .select({
      id: stations.id,
      institutionId: stations.institutionId,
      chargeBoxId: stations.chargeBoxId,
      passwordHash: stations.passwordHash,
      registration: stations.registration,
      institutionSlug: institutions.slug,
    })
    .from(stations)
    .innerJoin(institutions, eq(institutions.id, stations.institutionId))
    .where(inArray(stations.chargeBoxId, chargeBoxIds));
  return new Map(rows.map((row) => [row.chargeBoxId, row]));
}

export async function findInstitutionBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({
      id: institutions.id,
      slug: institutions.slug,
      acceptUnknownStations: institutions.acceptUnknownStations,
    })
    .from(institutions)
    .where(eq(institutions.slug, slug));
  return row;
}

/** Inserts a station awaiting adoption; nothing when the charge box id was taken meanwhile. */
export async function insertPendingStation(
  db: Db,
  values: { institutionId: string; chargeBoxId: string; passwordHash: string },
): Promise<boolean> {
  const rows = await db
    .insert(stations)
    .values({ ...values, registration: 'pending' })
    .onConflictDoNothing({ target: stations.chargeBoxId })
    .returning({ id: stations.id });
  return rows.length > 0;
}

export interface BootInfo {
  stationId: string;
  vendor: string;
  model: string;
  serialNumber: string | null;
  firmwareVersion: string | null;
  ocppVersion: OcppVersion;
  bootedAt: Date;
}

/** Records the boots (one per station: the last) and returns each station's registration as it is now. */
export async function recordBoots(db: Db, boots: BootInfo[]): Promise<Map<string, StationRegistration>> {
  const last = new Map<string, BootInfo>();
  for (const boot of boots) last.set(boot.stationId, boot);
  const rows = rowsOf<{ id: string; registration: StationRegistration }>(
    await db.execute(sql`
      UPDATE stations AS s
      SET vendor = r.vendor, model = r.model, serial_number = r."serialNumber",
          firmware_version = r."firmwareVersion", ocpp_version = r."ocppVersion",
          last_boot_at = r."bootedAt", last_seen_at = r."bootedAt"
      FROM json_to_recordset(${JSON.stringify([...last.values()])}::json) AS r(
        "stationId" uuid, vendor text, model text, "serialNumber" text, "firmwareVersion" text,
        "ocppVersion" text, "bootedAt" timestamptz)
      WHERE s.id = r."stationId"
      RETURNING s.id, s.registration`),
  );
  return new Map(rows.map((r) => [r.id, r.registration]));
}

export async function updateStationReport(
  db: Db,
  stationId: string,
  values: { firmwareStatus?: string; diagnosticsStatus?: string },
): Promise<void> {
  await db.update(stations).set(values).where(eq(stations.id, stationId));
}

export interface StatusRow {
  institutionId: string;
  stationId: string;
  chargeBoxId: string;
  /** 0 is the station as a whole. */
  evseId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  reportedAt: Date;
  /** false: reported late, older than the status the charge point shows (history only). */
  changed: boolean;
}

export interface ConnectionRow {
  stationId: string;
  /** The node now holding the connection; null when it closed. */
  node: string | null;
  /** The node whose connection closed (only clears the station if it is still the holder). */
  closingNode: string | null;
  protocol: OcppVersion | null;
  at: Date;
}

/**
 * Charge points a station reports but nobody configured get a default short name, `<CHARGEBOXID>-NN`
 * in the short-name alphabet (upper-case letters and digits in dash-separated parts).
 */
export function defaultShortName(chargeBoxId: string, evseId: number): string {
  const base =
    chargeBoxId
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 28)
      .replace(/-+$/, '') || 'CP';
  return `${base}-${String(evseId).padStart(2, '0')}`;
}

/** Writes the reports; returns those now shown as their charge point's current status. */
export async function writeStatuses(db: Db, rows: StatusRow[]): Promise<Set<StatusRow>> {
  const applied = new Set<StatusRow>();
  if (rows.length === 0) return applied;
  const history = sql`
    INSERT INTO status_history (institution_id, station_id, evse_id, status, error_code, info, reported_at)
    SELECT "institutionId", "stationId", "evseId", status, "errorCode", info, "reportedAt"
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS r("institutionId" uuid, "stationId" uuid, "evseId" int, status text, "errorCode" text, info text, "reportedAt" timestamptz)`;
  // The latest report per charge point wins; a late (offline) report never overwrites a newer one.
  const latest = new Map<string, StatusRow>();
  for (const row of rows) {
    if (row.evseId <= 0 || !row.changed) continue;
    const key = `${row.stationId}/${row.evseId}`;
    const previous = latest.get(key);
    if (previous === undefined || previous.reportedAt <= row.reportedAt) latest.set(key, row);
  }
  if (latest.size === 0) {
    await db.execute(history);
    return applied;
  }
  const points = [...latest.values()];
  // One statement: the history rows and the charge points' current status.
  const updated = rowsOf<{ stationId: string; evseId: number }>(
    await db.execute(sql`
      WITH history AS (${history})
      UPDATE charge_points AS cp
      SET status = r.status, error_code = r."errorCode", status_info = r.info, status_at = r."reportedAt"
      FROM json_to_recordset(${JSON.stringify(points)}::json)
        AS r("stationId" uuid, "evseId" int, status text, "errorCode" text, info text, "reportedAt" timestamptz)
      WHERE cp.station_id = r."stationId" AND cp.evse_id = r."evseId"
        AND (cp.status_at IS NULL OR cp.status_at <= r."reportedAt")
      RETURNING cp.station_id AS "stationId", cp.evse_id AS "evseId"`),
  );
  const done = new Set(updated.map((u) => `${u.stationId}/${u.evseId}`));
  for (const point of points) if (done.has(`${point.stationId}/${point.evseId}`)) applied.add(point);
  if (updated.length === points.length) return applied;
  // Not updated: a newer status is stored already, or nobody configured this charge point. Only the
  // latter is inserted (a conflict means the charge point exists).
  const missing = points
    .filter((p) => !done.has(`${p.stationId}/${p.evseId}`))
    .map((p) => ({ ...p, shortName: defaultShortName(p.chargeBoxId, p.evseId) }));
  const inserted = rowsOf<{ stationId: string; evseId: number }>(
    await db.execute(sql`
      INSERT INTO charge_points (institution_id, station_id, evse_id, short_name, status, error_code, status_info, status_at)
      SELECT r."institutionId", r."stationId", r."evseId", r."shortName", r.status, r."errorCode", r.info, r."reportedAt"
      FROM json_to_recordset(${JSON.stringify(missing)}::json) AS r(
        "institutionId" uuid, "stationId" uuid, "evseId" int, "shortName" text, status text, "errorCode" text, info text,
        "reportedAt" timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING station_id AS "stationId", evse_id AS "evseId"`),
  );
  const created = new Set(inserted.map((u) => `${u.stationId}/${u.evseId}`));
  for (const point of points) if (created.has(`${point.stationId}/${point.evseId}`)) applied.add(point);
  return applied;
}

/** `json` holds objects with institutionId, stationId, evseId and shortName. */
async function ensureChargePoints(db: Db, json: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO charge_points (institution_id, station_id, evse_id, short_name)
    SELECT r."institutionId", r."stationId", r."evseId", r."shortName"
    FROM json_to_recordset(${json}::json) AS r("institutionId" uuid, "stationId" uuid, "evseId" int, "shortName" text)
    WHERE NOT EXISTS (SELECT 1 FROM charge_points cp WHERE cp.station_id = r."stationId" AND cp.evse_id = r."evseId")
    ON CONFLICT DO NOTHING`);
}

/** At most one row per station (the writer keeps the last change). */
export async function writeConnections(db: Db, rows: ConnectionRow[]): Promise<void> {
  const opened = rows.filter((r) => r.node !== null);
  const closed = rows.filter((r) => r.node === null);
  if (opened.length > 0) {
    await db.execute(sql`
      UPDATE stations AS s
      SET connected_node = r.node, connected_at = r.at, last_seen_at = r.at,
          ocpp_version = COALESCE(r.protocol, s.ocpp_version)
      FROM json_to_recordset(${JSON.stringify(opened)}::json)
        AS r("stationId" uuid, node text, protocol text, at timestamptz)
      WHERE s.id = r."stationId"`);
  }
  if (closed.length > 0) {
    // Only the node that held the connection clears it: the station may have moved on already.
    await db.execute(sql`
      UPDATE stations AS s
      SET connected_node = NULL, last_seen_at = GREATEST(s.last_seen_at, r.at)
      FROM json_to_recordset(${JSON.stringify(closed)}::json)
        AS r("stationId" uuid, "closingNode" text, at timestamptz)
      WHERE s.id = r."stationId" AND s.connected_node = r."closingNode"`);
  }
}

/** Last-seen times collected in memory, written in one statement (GREATEST: never backwards). */
export async function writeLastSeen(db: Db, entries: { stationId: string; at: Date }[]): Promise<void> {
  if (entries.length === 0) return;
  await db.execute(sql`
    UPDATE stations AS s SET last_seen_at = GREATEST(s.last_seen_at, r.at)
    FROM json_to_recordset(${JSON.stringify(entries)}::json) AS r("stationId" uuid, at timestamptz)
    WHERE s.id = r."stationId"`);
}

/** Stations this node held when it stopped (or crashed) are not connected any more. */
export async function clearConnectionsOfNode(db: Db, node: string): Promise<void> {
  await db.update(stations).set({ connectedNode: null }).where(eq(stations.connectedNode, node));
}

export async function findDoor(db: Db, stationId: string, evseId: number) {
  const [row] = await db
    .select({ door: chargePoints.door, doorAt: chargePoints.doorAt })
    .from(chargePoints)
    .where(and(eq(chargePoints.stationId, stationId), eq(chargePoints.evseId, evseId)));
  return row;
}

/** Returns false when a newer door report is already stored. */
export async function writeDoor(
  db: Db,
  input: {
    institutionId: string;
    stationId: string;
    chargeBoxId: string;
    evseId: number;
    door: DoorState;
    at: Date;
  },
): Promise<boolean> {
  await ensureChargePoints(
    db,
    JSON.stringify([{ ...input, shortName: defaultShortName(input.chargeBoxId, input.evseId) }]),
  );
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      UPDATE charge_points SET door = ${input.door}, door_at = ${input.at.toISOString()}::timestamptz
      WHERE station_id = ${input.stationId} AND evse_id = ${input.evseId}
        AND (door_at IS NULL OR door_at <= ${input.at.toISOString()}::timestamptz)
      RETURNING id`),
  );
  return rows.length > 0;
}

export async function insertStationEvent(
  db: Db,
  values: { institutionId: string; stationId: string; kind: string; payload: unknown; at: Date },
): Promise<void> {
  await db.insert(stationEvents).values(values);
}
