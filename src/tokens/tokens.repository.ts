import { and, asc, eq, getTableColumns, ilike, isNull, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import { authTokens, companies, users, type AuthTokenStatus, type AuthTokenType } from '../db/schema.js';

export type AuthTokenRow = typeof authTokens.$inferSelect;
/** Who holds a card: a user, a company directly, or nobody. */
export type CardHolderKind = 'user' | 'company' | 'none';
/** A card with its holder's name, for lists. */
export interface AuthTokenListRow extends AuthTokenRow {
  holderName: string | null;
}
export type AuthTokenValues = Partial<
  Pick<AuthTokenRow, 'status' | 'label' | 'expiresAt' | 'userId' | 'companyId' | 'updatedAt'>
>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findToken(db: Db, id: string): Promise<AuthTokenRow | undefined> {
  const [row] = await db.select().from(authTokens).where(eq(authTokens.id, id));
  return row;
}

export interface TokenFilter {
  q?: string;
  institutionId?: string;
  status?: AuthTokenStatus;
  type?: AuthTokenType;
  userId?: string;
  companyId?: string;
  holder?: CardHolderKind;
  limit: number;
  offset: number;
}

export async function listTokens(
  db: Db,
  scope: InstitutionScope,
  filter: TokenFilter,
): Promise<AuthTokenListRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (scope.kind === 'one') conditions.push(eq(authTokens.institutionId, scope.institutionId));
  if (filter.institutionId !== undefined) conditions.push(eq(authTokens.institutionId, filter.institutionId));
  if (filter.status !== undefined) conditions.push(eq(authTokens.status, filter.status));
  if (filter.type !== undefined) conditions.push(eq(authTokens.type, filter.type));
  if (filter.userId !== undefined) conditions.push(eq(authTokens.userId, filter.userId));
  if (filter.companyId !== undefined) conditions.push(eq(authTokens.companyId, filter.companyId));
  if (filter.holder === 'user') conditions.push(isNotNull(authTokens.userId));
  if (filter.holder === 'company') conditions.push(isNotNull(authTokens.companyId));
  if (filter.holder === 'none') conditions.push(isNull(authTokens.userId), isNull(authTokens.companyId));
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(or(ilike(authTokens.value, pattern), ilike(authTokens.label, pattern)));
  }
  return db
    .select({
      ...getTableColumns(authTokens),
      holderName: sql<string | null>`coalesce(${users.name}, ${companies.name})`,
    })
    .from(authTokens)
    .leftJoin(users, eq(users.id, authTokens.userId))
    .leftJoin(companies, eq(companies.id, authTokens.companyId))
    .where(and(...conditions))
    .orderBy(asc(authTokens.value))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function insertToken(db: Db, values: typeof authTokens.$inferInsert): Promise<AuthTokenRow> {
  const [row] = await db.insert(authTokens).values(values).returning();
  return row!;
}

export async function updateToken(db: Db, id: string, values: AuthTokenValues): Promise<AuthTokenRow> {
  const [row] = await db.update(authTokens).set(values).where(eq(authTokens.id, id)).returning();
  return row!;
}

export async function deleteToken(db: Db, id: string): Promise<void> {
  await db.delete(authTokens).where(eq(authTokens.id, id));
}
