/** The billing context's queries: charge records, the prepaid ledger, documents, billing profiles. */
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import {
  accountingStrategies,
  accounts,
  carrierCharges,
  chargePoints,
  chargeRecords,
  companies,
  documentLines,
  documents,
  institutions,
  ledgerEntries,
  meterValues,
  sessions,
  smsSessions,
  stations,
  users,
  type ChargeRecordBooking,
  type DocumentKind,
} from '../db/schema.js';
import { ENERGY_REGISTER } from '../sessions/meter-values.js';

export type ChargeRecordRow = typeof chargeRecords.$inferSelect;
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type DocumentSummary = Omit<DocumentRow, 'pdf'>;
export type AccountRow = typeof accounts.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

// ---- sessions and stations, as billing reads them ----

export async function stationBilling(db: Db, stationId: string) {
  const [row] = await db
    .select({ authorizationMode: stations.authorizationMode, chargeBoxId: stations.chargeBoxId })
    .from(stations)
    .where(eq(stations.id, stationId));
  return row;
}

export async function chargePointName(db: Db, chargePointId: string | null): Promise<string | null> {
  if (chargePointId === null) return null;
  const [row] = await db
    .select({ shortName: chargePoints.shortName })
    .from(chargePoints)
    .where(eq(chargePoints.id, chargePointId));
  return row?.shortName ?? null;
}

export async function registerRows(db: Db, sessionId: string) {
  return db
    .select({
      sampledAt: meterValues.sampledAt,
      measurand: meterValues.measurand,
      phase: meterValues.phase,
      unit: meterValues.unit,
      value: meterValues.value,
    })
    .from(meterValues)
    .where(and(eq(meterValues.sessionId, sessionId), eq(meterValues.measurand, ENERGY_REGISTER)))
    .orderBy(asc(meterValues.sampledAt), asc(meterValues.id));
}

/** The session row, locked against a concurrent pricing of the same session. */
export async function lockSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId)).for('update');
  return row;
}

export async function findSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  return row;
}

/** Completed sessions without a charge record (pricing failed, e.g. no tariff), oldest first. */
export async function listUnpriced(
  db: Db,
  scope: InstitutionScope,
  page: { limit: number; offset: number },
  stationId?: string,
) {
  const conditions: SQL[] = [eq(sessions.status, 'completed'), isNull(chargeRecords.id)];
  if (scope.kind === 'one') conditions.push(eq(sessions.institutionId, scope.institutionId));
  if (stationId !== undefined) conditions.push(eq(sessions.stationId, stationId));
  return db
    .select({
      sessionId: sessions.id,
      institutionId: sessions.institutionId,
      stationId: sessions.stationId,
      chargePointId: sessions.chargePointId,
      transactionId: sessions.transactionId,
      idTag: sessions.idTag,
      tokenId: sessions.tokenId,
      startedAt: sessions.startedAt,
      stoppedAt: sessions.stoppedAt,
      energyWh: sessions.energyWh,
    })
    .from(sessions)
    .leftJoin(chargeRecords, and(eq(chargeRecords.sessionId, sessions.id), eq(chargeRecords.kind, 'session')))
    .where(and(...conditions))
    .orderBy(asc(sessions.stoppedAt), asc(sessions.id))
    .limit(page.limit)
    .offset(page.offset);
}

// ---- charge records ----

export async function insertChargeRecord(
  db: Db,
  values: typeof chargeRecords.$inferInsert,
): Promise<ChargeRecordRow | undefined> {
  // The partial unique index (one 'session' record per session) is the second guard.
  const [row] = await db.insert(chargeRecords).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findChargeRecord(db: Db, id: string): Promise<ChargeRecordRow | undefined> {
  const [row] = await db.select().from(chargeRecords).where(eq(chargeRecords.id, id));
  return row;
}

export async function lockChargeRecord(db: Db, id: string): Promise<ChargeRecordRow | undefined> {
  const [row] = await db.select().from(chargeRecords).where(eq(chargeRecords.id, id)).for('update');
  return row;
}

export async function findSessionRecord(db: Db, sessionId: string): Promise<ChargeRecordRow | undefined> {
  const [row] = await db
    .select()
    .from(chargeRecords)
    .where(and(eq(chargeRecords.sessionId, sessionId), eq(chargeRecords.kind, 'session')));
  return row;
}

export async function correctionsOf(db: Db, chargeRecordId: string): Promise<ChargeRecordRow[]> {
  return db
    .select()
    .from(chargeRecords)
    .where(eq(chargeRecords.correctsId, chargeRecordId))
    .orderBy(asc(chargeRecords.createdAt));
}

export interface ChargeRecordFilter {
  from?: Date;
  to?: Date;
  stationId?: string;
  chargePointId?: string;
  accountId?: string;
  userId?: string;
  companyId?: string;
  booking?: ChargeRecordBooking;
  kind?: 'session' | 'correction';
  sessionId?: string;
  strategyKind?: NonNullable<ChargeRecordRow['strategyKind']>;
}

function chargeRecordConditions(scope: InstitutionScope, filter: ChargeRecordFilter): SQL | undefined {
  const c = chargeRecords;
  const conditions: (SQL | undefined)[] = [];
  if (scope.kind === 'one') conditions.push(eq(c.institutionId, scope.institutionId));
  if (filter.from !== undefined) conditions.push(gte(c.stoppedAt, filter.from));
  if (filter.to !== undefined) conditions.push(lt(c.stoppedAt, filter.to));
  if (filter.stationId !== undefined) conditions.push(eq(c.stationId, filter.stationId));
  if (filter.chargePointId !== undefined) conditions.push(eq(c.chargePointId, filter.chargePointId));
  if (filter.accountId !== undefined) conditions.push(eq(c.accountId, filter.accountId));
  if (filter.userId !== undefined) conditions.push(eq(c.userId, filter.userId));
  if (filter.companyId !== undefined) conditions.push(eq(c.companyId, filter.companyId));
  if (filter.booking !== undefined) conditions.push(eq(c.booking, filter.booking));
  if (filter.kind !== undefined) conditions.push(eq(c.kind, filter.kind));
  if (filter.sessionId !== undefined) conditions.push(eq(c.sessionId, filter.sessionId));
  if (filter.strategyKind !== undefined) conditions.push(eq(c.strategyKind, filter.strategyKind));
  return and(...conditions);
}

export async function listChargeRecords(
  db: Db,
  scope: InstitutionScope,
  filter: ChargeRecordFilter,
  page: { limit: number; offset: number },
): Promise<ChargeRecordRow[]> {
  const c = chargeRecords;
  return db
    .select()
    .from(c)
    .where(chargeRecordConditions(scope, filter))
    .orderBy(desc(c.stoppedAt), desc(c.createdAt), desc(c.id))
    .limit(page.limit)
    .offset(page.offset);
}

export interface ChargeRecordTotals {
  currency: string;
  count: number;
  energyWh: number;
  netCents: number;
  vatCents: number;
  totalCents: number;
}

/**
 * Sums over every record the filter matches (not a page), per currency, in integer cents: the
 * database sums integers exactly, so the total equals the sum of the CSV export's lines.
 */
export async function chargeRecordTotals(
  db: Db,
  scope: InstitutionScope,
  filter: ChargeRecordFilter,
): Promise<ChargeRecordTotals[]> {
  const c = chargeRecords;
  const rows = await db
    .select({
      currency: c.currency,
      count: sql<string>`count(*)`,
      // Corrections carry no energy of their own: counting it would count the session twice.
      energyWh: sql<string>`coalesce(sum(case when ${c.kind} = 'session' then ${c.energyWh} else 0 end), 0)`,
      netCents: sql<string>`coalesce(sum(${c.netCents}), 0)`,
      vatCents: sql<string>`coalesce(sum(${c.vatCents}), 0)`,
      totalCents: sql<string>`coalesce(sum(${c.totalCents}), 0)`,
    })
    .from(c)
    .where(chargeRecordConditions(scope, filter))
    .groupBy(c.currency)
    .orderBy(asc(c.currency));
  return rows.map((row) => ({
    currency: row.currency,
    count: Number(row.count),
    energyWh: Number(row.energyWh),
    netCents: Number(row.netCents),
    vatCents: Number(row.vatCents),
    totalCents: Number(row.totalCents),
  }));
}

// ---- carrier billing (SMS sessions) ----

export async function findSmsSessionForBilling(db: Db, smsSessionId: string) {
  const [row] = await db
    .select({ id: smsSessions.id, institutionId: smsSessions.institutionId, phone: smsSessions.phone })
    .from(smsSessions)
    .where(eq(smsSessions.id, smsSessionId));
  return row;
}
export type SmsSessionForBilling = NonNullable<Awaited<ReturnType<typeof findSmsSessionForBilling>>>;

/** The carrier-billing outbox row of a record; nothing when the record has one already. */
export async function insertCarrierCharge(db: Db, values: typeof carrierCharges.$inferInsert): Promise<void> {
  await db
    .insert(carrierCharges)
    .values(values)
    .onConflictDoNothing({ target: carrierCharges.chargeRecordId });
}

// ---- accounts and the ledger ----

export async function findAccount(db: Db, accountId: string) {
  const [row] = await db
    .select({
      id: accounts.id,
      institutionId: accounts.institutionId,
      number: accounts.number,
      holderKind: accounts.holderKind,
      strategyId: accounts.strategyId,
      strategyKind: accountingStrategies.kind,
      minimumBalanceCents: accountingStrategies.minimumBalanceCents,
      paymentTermDays: accountingStrategies.paymentTermDays,
    })
    .from(accounts)
    .innerJoin(accountingStrategies, eq(accountingStrategies.id, accounts.strategyId))
    .where(eq(accounts.id, accountId));
  return row;
}
export type AccountInfo = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** Serializes ledger writes of one account (running balances in id order, idempotency checks). */
export async function lockAccount(db: Db, accountId: string): Promise<void> {
  await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('update');
}

export async function insertLedgerEntry(
  db: Db,
  values: typeof ledgerEntries.$inferInsert,
): Promise<LedgerEntryRow | undefined> {
  const [row] = await db.insert(ledgerEntries).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findLedgerByKey(
  db: Db,
  accountId: string,
  idempotencyKey: string,
): Promise<LedgerEntryRow | undefined> {
  const [row] = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.idempotencyKey, idempotencyKey)));
  return row;
}

export async function ledgerEntryOfRecord(db: Db, chargeRecordId: string) {
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.chargeRecordId, chargeRecordId));
  return row;
}

/** Entries newest first, each with the balance after it (sum of the entries up to it, in id order). */
export async function listLedger(db: Db, accountId: string, page: { limit: number; offset: number }) {
  const running = db
    .select({
      id: ledgerEntries.id,
      balanceAfterCents:
        sql<string>`sum(${ledgerEntries.amountCents}) over (order by ${ledgerEntries.id})`.as(
          'balance_after_cents',
        ),
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
    .as('running');
  const rows = await db
    .select({ entry: ledgerEntries, balanceAfterCents: running.balanceAfterCents })
    .from(ledgerEntries)
    .innerJoin(running, eq(running.id, ledgerEntries.id))
    .orderBy(desc(ledgerEntries.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((row) => ({ ...row.entry, balanceAfterCents: Number(row.balanceAfterCents) }));
}

// ---- who an account is: the recipient printed on documents ----

export async function accountHolder(db: Db, accountId: string) {
  const [company] = await db
    .select({
      name: companies.name,
      street: companies.street,
      postalCode: companies.postalCode,
      city: companies.city,
      country: companies.country,
      vatId: companies.vatId,
      email: companies.email,
    })
    .from(companies)
    .where(eq(companies.accountId, accountId))
    .limit(1);
  if (company !== undefined) return { ...company, locale: 'de' as const };
  const [user] = await db
    .select({
      name: users.name,
      street: users.street,
      postalCode: users.postalCode,
      city: users.city,
      country: users.country,
      email: users.email,
      locale: users.locale,
    })
    .from(users)
    .where(eq(users.accountId, accountId))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return user === undefined ? undefined : { ...user, vatId: null };
}

// ---- billing profile ----

export const PROFILE_COLUMNS = {
  legalName: institutions.legalName,
  street: institutions.street,
  postalCode: institutions.postalCode,
  city: institutions.city,
  country: institutions.country,
  vatId: institutions.vatId,
  taxNumber: institutions.taxNumber,
  billingEmail: institutions.billingEmail,
  iban: institutions.iban,
  bic: institutions.bic,
  currency: institutions.currency,
};

export async function findBillingProfile(db: Db, institutionId: string) {
  const [row] = await db
    .select({ institutionId: institutions.id, name: institutions.name, ...PROFILE_COLUMNS })
    .from(institutions)
    .where(eq(institutions.id, institutionId));
  return row;
}
export type BillingProfileRow = NonNullable<Awaited<ReturnType<typeof findBillingProfile>>>;

export async function updateBillingProfile(
  db: Db,
  institutionId: string,
  values: Partial<typeof institutions.$inferInsert>,
): Promise<void> {
  await db.update(institutions).set(values).where(eq(institutions.id, institutionId));
}

// ---- documents ----

const summaryColumns = {
  id: documents.id,
  institutionId: documents.institutionId,
  kind: documents.kind,
  number: documents.number,
  accountId: documents.accountId,
  periodStart: documents.periodStart,
  periodEnd: documents.periodEnd,
  issuedAt: documents.issuedAt,
  dueAt: documents.dueAt,
  issuer: documents.issuer,
  recipient: documents.recipient,
  currency: documents.currency,
  netCents: documents.netCents,
  vatCents: documents.vatCents,
  grossCents: documents.grossCents,
  cancelsId: documents.cancelsId,
  createdBy: documents.createdBy,
  createdAt: documents.createdAt,
};

export async function insertDocument(
  db: Db,
  values: typeof documents.$inferInsert,
): Promise<DocumentSummary> {
  const [row] = await db.insert(documents).values(values).returning(summaryColumns);
  return row!;
}

export async function insertDocumentLines(
  db: Db,
  rows: (typeof documentLines.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await db.insert(documentLines).values(rows);
}

export async function findDocument(db: Db, id: string): Promise<DocumentSummary | undefined> {
  const [row] = await db.select(summaryColumns).from(documents).where(eq(documents.id, id));
  return row;
}

export async function findDocumentPdf(db: Db, id: string) {
  const [row] = await db
    .select({ institutionId: documents.institutionId, number: documents.number, pdf: documents.pdf })
    .from(documents)
    .where(eq(documents.id, id));
  return row;
}

export async function documentLinesOf(db: Db, documentId: string) {
  return db
    .select()
    .from(documentLines)
    .where(eq(documentLines.documentId, documentId))
    .orderBy(asc(documentLines.position));
}

export interface DocumentFilter {
  kind?: DocumentKind;
  accountId?: string;
  from?: Date;
  to?: Date;
  /** Part of the number (`RE-2026-0001`) or of the recipient's name, any case. */
  q?: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listDocuments(
  db: Db,
  scope: InstitutionScope,
  filter: DocumentFilter,
  page: { limit: number; offset: number },
): Promise<DocumentSummary[]> {
  const conditions: (SQL | undefined)[] = [];
  if (scope.kind === 'one') conditions.push(eq(documents.institutionId, scope.institutionId));
  if (filter.kind !== undefined) conditions.push(eq(documents.kind, filter.kind));
  if (filter.accountId !== undefined) conditions.push(eq(documents.accountId, filter.accountId));
  if (filter.from !== undefined) conditions.push(gte(documents.issuedAt, filter.from));
  if (filter.to !== undefined) conditions.push(lt(documents.issuedAt, filter.to));
  if (filter.q !== undefined) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(
      or(ilike(documents.number, pattern), ilike(sql`${documents.recipient} ->> 'name'`, pattern)),
    );
  }
  return db
    .select(summaryColumns)
    .from(documents)
    .where(and(...conditions))
    .orderBy(desc(documents.issuedAt), desc(documents.number))
    .limit(page.limit)
    .offset(page.offset);
}

export async function invoiceOfPeriod(db: Db, accountId: string, periodStart: Date) {
  const [row] = await db
    .select(summaryColumns)
    .from(documents)
    .where(
      and(
        eq(documents.accountId, accountId),
        eq(documents.kind, 'invoice'),
        eq(documents.periodStart, periodStart),
      ),
    );
  return row;
}

export async function cancellationOf(db: Db, documentId: string) {
  const [row] = await db.select(summaryColumns).from(documents).where(eq(documents.cancelsId, documentId));
  return row;
}

/** Accounts with postpaid records billable up to `end` and not yet on an invoice. */
export async function accountsToInvoice(db: Db, institutionId: string, end: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ accountId: chargeRecords.accountId })
    .from(chargeRecords)
    .leftJoin(documentLines, eq(documentLines.chargeRecordId, chargeRecords.id))
    .where(
      and(
        eq(chargeRecords.institutionId, institutionId),
        eq(chargeRecords.booking, 'invoice'),
        isNull(documentLines.id),
        lt(billingDate, end),
      ),
    );
  return rows.map((row) => row.accountId).filter((id): id is string => id !== null);
}

/**
 * When a record is billed: a session at its stop, a correction when it was made (so a correction of
 * an already invoiced month goes on the next invoice).
 */
const billingDate = sql`case when ${chargeRecords.kind} = 'correction' then ${chargeRecords.createdAt} else ${chargeRecords.stoppedAt} end`;

/** The account's un-invoiced postpaid records up to `end`, locked so a parallel run waits. */
export async function recordsToInvoice(db: Db, accountId: string, end: Date): Promise<ChargeRecordRow[]> {
  const rows = await db
    .select({ record: chargeRecords })
    .from(chargeRecords)
    .leftJoin(documentLines, eq(documentLines.chargeRecordId, chargeRecords.id))
    .where(
      and(
        eq(chargeRecords.accountId, accountId),
        eq(chargeRecords.booking, 'invoice'),
        isNull(documentLines.id),
        lt(billingDate, end),
      ),
    )
    .orderBy(asc(chargeRecords.startedAt), asc(chargeRecords.createdAt));
  return rows.map((row) => row.record);
}

export async function chargeRecordsByIds(db: Db, ids: string[]): Promise<ChargeRecordRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(chargeRecords).where(inArray(chargeRecords.id, ids));
}
