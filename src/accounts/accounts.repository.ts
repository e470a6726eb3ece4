/** Queries of the accounts context: strategies, payer accounts, users, user groups, companies. */
import { and, asc, eq, getTableColumns, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import {
  accountingStrategies,
  accounts,
  authTokens,
  companies,
  institutions,
  tariffs,
  userGroups,
  users,
  type AccountHolderKind,
  type AccountingStrategyKind,
  type CompanyStatus,
  type UserStatus,
} from '../db/schema.js';

export type StrategyRow = typeof accountingStrategies.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type UserGroupRow = typeof userGroups.$inferSelect;
export type CompanyRow = typeof companies.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type CardRow = typeof authTokens.$inferSelect;

const scoped = (scope: InstitutionScope, column: AnyPgColumn): SQL | undefined =>
  scope.kind === 'one' ? eq(column, scope.institutionId) : undefined;

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const like = (q: string) => `%${escapeLike(q)}%`;
const first = <T>(rows: T[]): T => rows[0]!;

// ---- accounting strategies ----------------------------------------------------------------------

export async function findStrategy(db: Db, id: string): Promise<StrategyRow | undefined> {
  const [row] = await db.select().from(accountingStrategies).where(eq(accountingStrategies.id, id));
  return row;
}

export async function listStrategies(
  db: Db,
  scope: InstitutionScope,
  filter: { institutionId?: string; kind?: AccountingStrategyKind; active?: boolean },
): Promise<StrategyRow[]> {
  const conditions = [scoped(scope, accountingStrategies.institutionId)];
  if (filter.institutionId !== undefined)
    conditions.push(eq(accountingStrategies.institutionId, filter.institutionId));
  if (filter.kind !== undefined) conditions.push(eq(accountingStrategies.kind, filter.kind));
  if (filter.active !== undefined) conditions.push(eq(accountingStrategies.active, filter.active));
  return db
    .select()
    .from(accountingStrategies)
    .where(and(...conditions))
    .orderBy(asc(accountingStrategies.name));
}

export async function insertStrategy(
  db: Db,
  values: typeof accountingStrategies.$inferInsert,
): Promise<StrategyRow> {
  return first(await db.insert(accountingStrategies).values(values).returning());
}

export async function updateStrategy(
  db: Db,
  id: string,
  values: Partial<typeof accountingStrategies.$inferInsert>,
): Promise<StrategyRow> {
  return first(
    await db.update(accountingStrategies).set(values).where(eq(accountingStrategies.id, id)).returning(),
  );
}

export async function deleteStrategy(db: Db, id: string): Promise<void> {
  await db.delete(accountingStrategies).where(eq(accountingStrategies.id, id));
}

export async function countAccountsWithStrategy(db: Db, strategyId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(eq(accounts.strategyId, strategyId));
  return row?.n ?? 0;
}

// ---- payer accounts ---------------------------------------------------------------------------

export interface AccountView extends AccountRow {
  strategyName: string;
  strategyKind: AccountingStrategyKind;
  holderId: string | null;
  holderName: string | null;
}

const accountView = {
  id: accounts.id,
  institutionId: accounts.institutionId,
  strategyId: accounts.strategyId,
  holderKind: accounts.holderKind,
  number: accounts.number,
  createdAt: accounts.createdAt,
  strategyName: accountingStrategies.name,
  strategyKind: accountingStrategies.kind,
  holderId: sql<string | null>`coalesce(${companies.id}, ${users.id})`,
  holderName: sql<string | null>`coalesce(${companies.name}, ${users.name})`,
};

function accountQuery(db: Db) {
  return db
    .select(accountView)
    .from(accounts)
    .innerJoin(accountingStrategies, eq(accountingStrategies.id, accounts.strategyId))
    .leftJoin(companies, eq(companies.accountId, accounts.id))
    .leftJoin(users, eq(users.accountId, accounts.id));
}

export async function findAccount(db: Db, id: string): Promise<AccountView | undefined> {
  const [row] = await accountQuery(db).where(eq(accounts.id, id));
  return row;
}

export async function findAccountRow(db: Db, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

export interface AccountFilter {
  institutionId?: string;
  q?: string;
  strategyId?: string;
  holderKind?: AccountHolderKind;
  limit: number;
  offset: number;
}

export async function listAccounts(
  db: Db,
  scope: InstitutionScope,
  filter: AccountFilter,
): Promise<AccountView[]> {
  const conditions = [scoped(scope, accounts.institutionId)];
  if (filter.institutionId !== undefined) conditions.push(eq(accounts.institutionId, filter.institutionId));
  if (filter.strategyId !== undefined) conditions.push(eq(accounts.strategyId, filter.strategyId));
  if (filter.holderKind !== undefined) conditions.push(eq(accounts.holderKind, filter.holderKind));
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = like(filter.q);
    conditions.push(
      or(ilike(accounts.number, pattern), ilike(companies.name, pattern), ilike(users.name, pattern)),
    );
  }
  return accountQuery(db)
    .where(and(...conditions))
    .orderBy(asc(accounts.number))
    .limit(filter.limit)
    .offset(filter.offset);
}

/** Serialises account numbering per institution: the caller holds the institution row until commit. */
export async function lockInstitution(db: Db, institutionId: string): Promise<void> {
  await db
    .select({ id: institutions.id })
    .from(institutions)
    .where(eq(institutions.id, institutionId))
    .for('update');
}

/** The highest number of the form PREFIX + digits in use, 0 when none. */
export async function highestAccountNumber(db: Db, institutionId: string, prefix: string): Promise<number> {
  const pattern = `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9]{1,15}$`;
  const [row] = await db
    .select({
      // A text parameter after FROM would pick substring's regular-expression form: cast it.
      n: sql<string | null>`max(substring(${accounts.number} from ${prefix.length + 1}::int)::bigint)`,
    })
    .from(accounts)
    .where(and(eq(accounts.institutionId, institutionId), sql`${accounts.number} ~ ${pattern}`));
  return row?.n === null || row?.n === undefined ? 0 : Number(row.n);
}

export async function accountNumberTaken(db: Db, institutionId: string, number: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.institutionId, institutionId), eq(accounts.number, number)));
  return row !== undefined;
}

export async function insertAccount(db: Db, values: typeof accounts.$inferInsert): Promise<AccountRow> {
  return first(await db.insert(accounts).values(values).returning());
}

export async function setAccountStrategy(db: Db, id: string, strategyId: string): Promise<void> {
  await db.update(accounts).set({ strategyId }).where(eq(accounts.id, id));
}

export async function deleteAccount(db: Db, id: string): Promise<void> {
  await db.delete(accounts).where(eq(accounts.id, id));
}

// ---- user groups ------------------------------------------------------------------------------

export async function findUserGroup(db: Db, id: string): Promise<UserGroupRow | undefined> {
  const [row] = await db.select().from(userGroups).where(eq(userGroups.id, id));
  return row;
}

export async function listUserGroups(
  db: Db,
  scope: InstitutionScope,
  filter: { institutionId?: string; q?: string },
): Promise<UserGroupRow[]> {
  const conditions = [scoped(scope, userGroups.institutionId)];
  if (filter.institutionId !== undefined) conditions.push(eq(userGroups.institutionId, filter.institutionId));
  if (filter.q !== undefined && filter.q !== '') conditions.push(ilike(userGroups.name, like(filter.q)));
  return db
    .select()
    .from(userGroups)
    .where(and(...conditions))
    .orderBy(asc(userGroups.name));
}

export async function insertUserGroup(db: Db, values: typeof userGroups.$inferInsert): Promise<UserGroupRow> {
  return first(await db.insert(userGroups).values(values).returning());
}

export async function updateUserGroup(
  db: Db,
  id: string,
  values: Partial<typeof userGroups.$inferInsert>,
): Promise<UserGroupRow> {
  return first(await db.update(userGroups).set(values).where(eq(userGroups.id, id)).returning());
}

export async function deleteUserGroup(db: Db, id: string): Promise<void> {
  await db.delete(userGroups).where(eq(userGroups.id, id));
}

export async function findTariffInstitution(db: Db, tariffId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ institutionId: tariffs.institutionId })
    .from(tariffs)
    .where(eq(tariffs.id, tariffId));
  return row?.institutionId;
}

// ---- companies --------------------------------------------------------------------------------

export interface CompanyView extends CompanyRow {
  accountNumber: string;
  strategyId: string;
}

function companyViewQuery(db: Db) {
  return db
    .select({
      ...getTableColumns(companies),
      accountNumber: accounts.number,
      strategyId: accounts.strategyId,
    })
    .from(companies)
    .innerJoin(accounts, eq(accounts.id, companies.accountId));
}

export async function findCompanyView(db: Db, id: string): Promise<CompanyView | undefined> {
  const [row] = await companyViewQuery(db).where(eq(companies.id, id));
  return row;
}

export async function findCompany(db: Db, id: string): Promise<CompanyRow | undefined> {
  const [row] = await db.select().from(companies).where(eq(companies.id, id));
  return row;
}

export async function findCompanyByMasterToken(db: Db, tokenId: string): Promise<CompanyRow | undefined> {
  const [row] = await db.select().from(companies).where(eq(companies.masterTokenId, tokenId));
  return row;
}

export async function listCompanies(
  db: Db,
  scope: InstitutionScope,
  filter: { institutionId?: string; q?: string; status?: CompanyStatus },
): Promise<CompanyView[]> {
  const conditions = [scoped(scope, companies.institutionId)];
  if (filter.institutionId !== undefined) conditions.push(eq(companies.institutionId, filter.institutionId));
  if (filter.status !== undefined) conditions.push(eq(companies.status, filter.status));
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = like(filter.q);
    conditions.push(
      or(ilike(companies.name, pattern), ilike(companies.email, pattern), ilike(companies.vatId, pattern)),
    );
  }
  return companyViewQuery(db)
    .where(and(...conditions))
    .orderBy(asc(companies.name));
}

export async function insertCompany(db: Db, values: typeof companies.$inferInsert): Promise<CompanyRow> {
  return first(await db.insert(companies).values(values).returning());
}

export async function updateCompany(
  db: Db,
  id: string,
  values: Partial<typeof companies.$inferInsert>,
): Promise<CompanyRow> {
  return first(await db.update(companies).set(values).where(eq(companies.id, id)).returning());
}

export async function deleteCompany(db: Db, id: string): Promise<void> {
  await db.delete(companies).where(eq(companies.id, id));
}

// ---- users ------------------------------------------------------------------------------------

/**
 * A user with their own account's strategy and number, the account their cards are billed to, and
 * whether they have a portal log-in. The password hash never leaves the repository.
 */
export interface UserView extends Omit<UserRow, 'passwordHash'> {
  strategyId: string | null;
  accountNumber: string | null;
  billedAccountId: string | null;
  hasPortalLogin: boolean;
}

const { passwordHash: _passwordHash, ...userColumns } = getTableColumns(users);

function userViewQuery(db: Db) {
  return db
    .select({
      ...userColumns,
      hasPortalLogin: sql<boolean>`(${users.passwordHash} is not null)`,
      strategyId: accounts.strategyId,
      accountNumber: accounts.number,
      billedAccountId: sql<string | null>`coalesce(${companies.accountId}, ${users.accountId})`,
    })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .leftJoin(companies, eq(companies.id, users.companyId));
}

export async function findUserView(db: Db, id: string): Promise<UserView | undefined> {
  const [row] = await userViewQuery(db).where(eq(users.id, id));
  return row;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(
  db: Db,
  institutionId: string,
  email: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.institutionId, institutionId), eq(users.email, email)));
  return row;
}

export interface UserFilter {
  institutionId?: string;
  q?: string;
  status?: UserStatus;
  groupId?: string;
  companyId?: string;
  /** Users holding a card whose value contains this. */
  card?: string;
  limit: number;
  offset: number;
}

export async function listUsers(db: Db, scope: InstitutionScope, filter: UserFilter): Promise<UserView[]> {
  const conditions = [scoped(scope, users.institutionId)];
  if (filter.institutionId !== undefined) conditions.push(eq(users.institutionId, filter.institutionId));
  if (filter.status !== undefined) conditions.push(eq(users.status, filter.status));
  if (filter.groupId !== undefined) conditions.push(eq(users.groupId, filter.groupId));
  if (filter.companyId !== undefined) conditions.push(eq(users.companyId, filter.companyId));
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = like(filter.q);
    conditions.push(
      or(
        ilike(users.name, pattern),
        ilike(users.email, pattern),
        ilike(users.phone, pattern),
        ilike(users.city, pattern),
      ),
    );
  }
  if (filter.card !== undefined && filter.card !== '') {
    conditions.push(
      inArray(
        users.id,
        db
          .select({ id: authTokens.userId })
          .from(authTokens)
          .where(and(isNotNull(authTokens.userId), ilike(authTokens.value, like(filter.card)))),
      ),
    );
  }
  return userViewQuery(db)
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.email), asc(users.id))
    .limit(filter.limit)
    .offset(filter.offset);
}

/** Every user of an institution (export, import matching). */
export async function usersOf(db: Db, institutionId: string): Promise<UserView[]> {
  return userViewQuery(db)
    .where(eq(users.institutionId, institutionId))
    .orderBy(asc(users.name), asc(users.email), asc(users.id));
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  return first(await db.insert(users).values(values).returning());
}

export async function updateUser(
  db: Db,
  id: string,
  values: Partial<typeof users.$inferInsert>,
): Promise<UserRow> {
  return first(await db.update(users).set(values).where(eq(users.id, id)).returning());
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id));
}

export async function countUsersWhere(
  db: Db,
  where: { groupId?: string; companyId?: string },
): Promise<number> {
  const condition =
    where.groupId !== undefined ? eq(users.groupId, where.groupId) : eq(users.companyId, where.companyId!);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(condition);
  return row?.n ?? 0;
}

// ---- cards of users and companies ---------------------------------------------------------------

export async function findCard(db: Db, id: string): Promise<CardRow | undefined> {
  const [row] = await db.select().from(authTokens).where(eq(authTokens.id, id));
  return row;
}

export async function cardsOfUser(db: Db, userId: string): Promise<CardRow[]> {
  return db.select().from(authTokens).where(eq(authTokens.userId, userId)).orderBy(asc(authTokens.value));
}

/** The company's own cards (its master card among them) and every card of its members. */
export async function cardsOfCompany(db: Db, companyId: string): Promise<CardRow[]> {
  return db
    .select()
    .from(authTokens)
    .where(
      or(
        eq(authTokens.companyId, companyId),
        inArray(
          authTokens.userId,
          db.select({ id: users.id }).from(users).where(eq(users.companyId, companyId)),
        ),
      ),
    )
    .orderBy(asc(authTokens.value));
}

/** Cards of the institution, for the export and the import's UID checks. */
export async function cardsOf(db: Db, institutionId: string): Promise<CardRow[]> {
  return db
    .select()
    .from(authTokens)
    .where(eq(authTokens.institutionId, institutionId))
    .orderBy(asc(authTokens.value));
}

export async function countCardsHeld(
  db: Db,
  where: { userId?: string; companyId?: string },
): Promise<number> {
  const condition =
    where.userId !== undefined
      ? eq(authTokens.userId, where.userId)
      : eq(authTokens.companyId, where.companyId!);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(authTokens)
    .where(condition);
  return row?.n ?? 0;
}

export async function setCardCompany(db: Db, tokenId: string, companyId: string, now: Date): Promise<void> {
  await db
    .update(authTokens)
    .set({ companyId, userId: null, updatedAt: now })
    .where(eq(authTokens.id, tokenId));
}

export async function insertCard(db: Db, values: typeof authTokens.$inferInsert): Promise<CardRow> {
  return first(await db.insert(authTokens).values(values).returning());
}

export async function updateCard(
  db: Db,
  id: string,
  values: Partial<typeof authTokens.$inferInsert>,
): Promise<CardRow> {
  return first(await db.update(authTokens).set(values).where(eq(authTokens.id, id)).returning());
}
