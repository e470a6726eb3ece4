import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import { locations, stationGroups, stations } from '../db/schema.js';

export type LocationRow = typeof locations.$inferSelect;
export type StationGroupRow = typeof stationGroups.$inferSelect;
export type LocationValues = Omit<typeof locations.$inferInsert, 'id' | 'institutionId' | 'createdAt'>;

const scoped = (
  scope: InstitutionScope,
  column: typeof locations.institutionId | typeof stationGroups.institutionId,
) => (scope.kind === 'one' ? eq(column, scope.institutionId) : undefined);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findLocation(db: Db, id: string): Promise<LocationRow | undefined> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id));
  return row;
}

export async function listLocations(
  db: Db,
  scope: InstitutionScope,
  query: { q?: string; institutionId?: string },
): Promise<LocationRow[]> {
  const conditions: (SQL | undefined)[] = [scoped(scope, locations.institutionId)];
  if (query.institutionId !== undefined) conditions.push(eq(locations.institutionId, query.institutionId));
  if (query.q !== undefined && query.q !== '') {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(
      or(ilike(locations.name, pattern), ilike(locations.city, pattern), ilike(locations.street, pattern)),
    );
  }
  return db
    .select()
    .from(locations)
    .where(and(...conditions))
    .orderBy(asc(locations.name));
}

export async function insertLocation(db: Db, values: typeof locations.$inferInsert): Promise<LocationRow> {
  const [row] = await db.insert(locations).values(values).returning();
  return row!;
}

export async function updateLocation(
  db: Db,
  id: string,
  values: Partial<LocationValues>,
): Promise<LocationRow> {
  const [row] = await db.update(locations).set(values).where(eq(locations.id, id)).returning();
  return row!;
}

export async function deleteLocation(db: Db, id: string): Promise<void> {
  await db.delete(locations).where(eq(locations.id, id));
}

export async function countStationsAt(
  db: Db,
  where: { locationId?: string; groupId?: string },
): Promise<number> {
  const condition =
    where.locationId !== undefined
      ? eq(stations.locationId, where.locationId)
      : eq(stations.groupId, where.groupId!);
  const [row] = await db.select({ n: count() }).from(stations).where(condition);
  return row?.n ?? 0;
}

export async function findGroup(db: Db, id: string): Promise<StationGroupRow | undefined> {
  const [row] = await db.select().from(stationGroups).where(eq(stationGroups.id, id));
  return row;
}

export async function listGroups(
  db: Db,
  scope: InstitutionScope,
  query: { institutionId?: string },
): Promise<StationGroupRow[]> {
  const conditions: (SQL | undefined)[] = [scoped(scope, stationGroups.institutionId)];
  if (query.institutionId !== undefined)
    conditions.push(eq(stationGroups.institutionId, query.institutionId));
  return db
    .select()
    .from(stationGroups)
    .where(and(...conditions))
    .orderBy(asc(stationGroups.name));
}

export async function insertGroup(
  db: Db,
  values: typeof stationGroups.$inferInsert,
): Promise<StationGroupRow> {
  const [row] = await db.insert(stationGroups).values(values).returning();
  return row!;
}

export async function renameGroup(db: Db, id: string, name: string): Promise<StationGroupRow> {
  const [row] = await db.update(stationGroups).set({ name }).where(eq(stationGroups.id, id)).returning();
  return row!;
}

export async function deleteGroup(db: Db, id: string): Promise<void> {
  await db.delete(stationGroups).where(eq(stationGroups.id, id));
}
