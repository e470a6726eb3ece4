import { asc, eq } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import { institutions } from '../db/schema.js';

export type InstitutionRow = typeof institutions.$inferSelect;

export async function findInstitutionById(db: Db, id: string): Promise<InstitutionRow | undefined> {
  const [row] = await db.select().from(institutions).where(eq(institutions.id, id));
  return row;
}

export async function findInstitutionBySlug(db: Db, slug: string): Promise<InstitutionRow | undefined> {
  const [row] = await db.select().from(institutions).where(eq(institutions.slug, slug));
  return row;
}

export async function listInstitutions(db: Db, scope: InstitutionScope): Promise<InstitutionRow[]> {
  return db
    .select()
    .from(institutions)
    .where(scope.kind === 'one' ? eq(institutions.id, scope.institutionId) : undefined)
    .orderBy(asc(institutions.name));
}

export async function insertInstitution(
  db: Db,
  values: typeof institutions.$inferInsert,
): Promise<InstitutionRow> {
  const [row] = await db.insert(institutions).values(values).returning();
  return row!;
}

export async function updateInstitution(
  db: Db,
  id: string,
  values: Partial<Pick<InstitutionRow, 'name' | 'acceptUnknownStations'>>,
): Promise<InstitutionRow> {
  const [row] = await db.update(institutions).set(values).where(eq(institutions.id, id)).returning();
  return row!;
}
