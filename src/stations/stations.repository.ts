import { and, asc, eq, ilike, inArray, isNotNull, isNull, max, or, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import {
  chargePoints,
  sessions,
  stations,
  type StationKind,
  type StationRegistration,
} from '../db/schema.js';
import { isUuid } from './station-naming.js';

export type StationRow = typeof stations.$inferSelect;
export type ChargePointRow = typeof chargePoints.$inferSelect;
export type StationValues = Partial<
  Pick<
    StationRow,
    | 'name'
    | 'kind'
    | 'locationId'
    | 'groupId'
    | 'passwordHash'
    | 'registration'
    | 'authorizationMode'
    | 'localListEnabled'
  >
>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findStationById(db: Db, id: string): Promise<StationRow | undefined> {
  const [row] = await db.select().from(stations).where(eq(stations.id, id));
  return row;
}

/** By UUID or by charge box id, so both `/stations/{uuid}` and `/stations/LOCKER-01` work. */
export async function findStationByRef(db: Db, ref: string): Promise<StationRow | undefined> {
  const condition = isUuid(ref)
    ? or(eq(stations.id, ref), eq(stations.chargeBoxId, ref))
    : eq(stations.chargeBoxId, ref);
  const rows = await db.select().from(stations).where(condition);
  return rows.find((row) => row.id === ref) ?? rows[0];
}

export interface StationFilter {
  q?: string;
  institutionId?: string;
  locationId?: string;
  groupId?: string;
  online?: boolean;
  kind?: StationKind;
  registration?: StationRegistration;
  limit: number;
  offset: number;
}

export async function listStations(
  db: Db,
  scope: InstitutionScope,
  filter: StationFilter,
): Promise<StationRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (scope.kind === 'one') conditions.push(eq(stations.institutionId, scope.institutionId));
  if (filter.institutionId !== undefined) conditions.push(eq(stations.institutionId, filter.institutionId));
  if (filter.locationId !== undefined) conditions.push(eq(stations.locationId, filter.locationId));
  if (filter.groupId !== undefined) conditions.push(eq(stations.groupId, filter.groupId));
  if (filter.kind !== undefined) conditions.push(eq(stations.kind, filter.kind));
  if (filter.registration !== undefined) conditions.push(eq(stations.registration, filter.registration));
  if (filter.online !== undefined) {
    conditions.push(filter.online ? isNotNull(stations.connectedNode) : isNull(stations.connectedNode));
  }
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(
      or(
        ilike(stations.chargeBoxId, pattern),
        ilike(stations.name, pattern),
        inArray(
          stations.id,
          db
            .select({ id: chargePoints.stationId })
            .from(chargePoints)
            .where(ilike(chargePoints.shortName, pattern)),
        ),
      ),
    );
  }
  return db
    .select()
    .from(stations)
    .where(and(...conditions))
    .orderBy(asc(stations.chargeBoxId))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function insertStation(db: Db, values: typeof stations.$inferInsert): Promise<StationRow> {
  const [row] = await db.insert(stations).values(values).returning();
  return row!;
}

export async function updateStation(db: Db, id: string, values: StationValues): Promise<StationRow> {
  const [row] = await db.update(stations).set(values).where(eq(stations.id, id)).returning();
  return row!;
}

export async function insertChargePoints(
  db: Db,
  values: (typeof chargePoints.$inferInsert)[],
): Promise<ChargePointRow[]> {
  if (values.length === 0) return [];
  return db.insert(chargePoints).values(values).returning();
}

export async function listChargePointsOf(db: Db, stationIds: string[]): Promise<ChargePointRow[]> {
  if (stationIds.length === 0) return [];
  return db
    .select()
    .from(chargePoints)
    .where(inArray(chargePoints.stationId, stationIds))
    .orderBy(asc(chargePoints.evseId));
}

export async function listChargePoints(
  db: Db,
  scope: InstitutionScope,
  query: { q?: string; institutionId?: string },
): Promise<ChargePointRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (scope.kind === 'one') conditions.push(eq(chargePoints.institutionId, scope.institutionId));
  if (query.institutionId !== undefined) conditions.push(eq(chargePoints.institutionId, query.institutionId));
  if (query.q !== undefined && query.q !== '') {
    conditions.push(ilike(chargePoints.shortName, `%${escapeLike(query.q)}%`));
  }
  return db
    .select()
    .from(chargePoints)
    .where(and(...conditions))
    .orderBy(asc(chargePoints.shortName));
}

export async function findChargePoint(db: Db, id: string): Promise<ChargePointRow | undefined> {
  const [row] = await db.select().from(chargePoints).where(eq(chargePoints.id, id));
  return row;
}

export async function findChargePointByShortName(
  db: Db,
  institutionId: string,
  shortName: string,
): Promise<ChargePointRow | undefined> {
  const [row] = await db
    .select()
    .from(chargePoints)
    .where(and(eq(chargePoints.institutionId, institutionId), eq(chargePoints.shortName, shortName)));
  return row;
}

export async function maxEvseId(db: Db, stationId: string): Promise<number> {
  const [row] = await db
    .select({ n: max(chargePoints.evseId) })
    .from(chargePoints)
    .where(eq(chargePoints.stationId, stationId));
  return row?.n ?? 0;
}

export async function renameChargePoint(db: Db, id: string, shortName: string): Promise<ChargePointRow> {
  const [row] = await db.update(chargePoints).set({ shortName }).where(eq(chargePoints.id, id)).returning();
  return row!;
}

export async function activeSessionsOf(db: Db, stationId: string) {
  return db
    .select({ id: sessions.id, chargePointId: sessions.chargePointId, evseId: sessions.evseId })
    .from(sessions)
    .where(and(eq(sessions.stationId, stationId), eq(sessions.status, 'active')));
}
