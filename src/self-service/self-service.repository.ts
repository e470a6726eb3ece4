/**
 * The queries only the self-service area needs: a driver's (or a company's) sessions with what they
 * cost, the names of a company's members, blocking a card once. Cards, accounts, ledgers and
 * documents are read through the accounts and billing repositories.
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.js';
import { authTokens, chargePoints, chargeRecords, sessions, stations, users } from '../db/schema.js';

const holder = alias(users, 'holder');

const sessionColumns = {
  id: sessions.id,
  institutionId: sessions.institutionId,
  stationId: sessions.stationId,
  stationName: stations.name,
  chargeBoxId: stations.chargeBoxId,
  chargePointId: sessions.chargePointId,
  compartment: chargePoints.shortName,
  status: sessions.status,
  startedAt: sessions.startedAt,
  stoppedAt: sessions.stoppedAt,
  meterStartWh: sessions.meterStartWh,
  meterStopWh: sessions.meterStopWh,
  energyWh: sessions.energyWh,
  tokenId: sessions.tokenId,
  smsSessionId: sessions.smsSessionId,
  updatedAt: sessions.updatedAt,
  cardValue: authTokens.value,
  cardLabel: authTokens.label,
  driverName: holder.name,
  recordId: chargeRecords.id,
  recordLines: chargeRecords.lines,
  recordCurrency: chargeRecords.currency,
  /** What the driver pays: the record's total plus its corrections. */
  recordTotalCents: sql<
    string | null
  >`${chargeRecords.totalCents} + coalesce((select sum(c.total_cents) from charge_records c where c.corrects_id = ${chargeRecords.id}), 0)`,
};

export interface OwnSessionRow {
  id: string;
  institutionId: string;
  stationId: string;
  stationName: string | null;
  chargeBoxId: string;
  chargePointId: string | null;
  compartment: string | null;
  status: 'active' | 'completed';
  startedAt: Date;
  stoppedAt: Date | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number;
  tokenId: string | null;
  smsSessionId: string | null;
  updatedAt: Date;
  cardValue: string | null;
  cardLabel: string | null;
  driverName: string | null;
  recordId: string | null;
  recordLines: unknown;
  recordCurrency: string | null;
  recordTotalCents: number | null;
}

/** Whose sessions: one driver's, or a company's (its own cards and every member's). */
export type SessionOwner = { kind: 'user'; userId: string } | { kind: 'company'; companyId: string };

/**
 * A priced session belongs to whom its charge record names (the card's holder and company when it
 * was frozen), so a card that changed hands later does not carry its old sessions along. A session
 * not priced yet (running, or waiting for a tariff) belongs to the card's holder now.
 */
function ownedBy(owner: SessionOwner): SQL {
  if (owner.kind === 'user') {
    return or(
      eq(chargeRecords.userId, owner.userId),
      and(isNull(chargeRecords.id), eq(authTokens.userId, owner.userId)),
    )!;
  }
  const members = sql`(select ${users.id} from ${users} where ${users.companyId} = ${owner.companyId})`;
  return or(
    eq(chargeRecords.companyId, owner.companyId),
    and(
      isNull(chargeRecords.id),
      or(eq(authTokens.companyId, owner.companyId), inArray(authTokens.userId, members)),
    ),
  )!;
}

function sessionQuery(db: Db) {
  return db
    .select(sessionColumns)
    .from(sessions)
    .innerJoin(stations, eq(stations.id, sessions.stationId))
    .leftJoin(chargePoints, eq(chargePoints.id, sessions.chargePointId))
    .leftJoin(chargeRecords, and(eq(chargeRecords.sessionId, sessions.id), eq(chargeRecords.kind, 'session')))
    .leftJoin(authTokens, eq(authTokens.id, sessions.tokenId))
    .leftJoin(holder, eq(holder.id, sql`coalesce(${chargeRecords.userId}, ${authTokens.userId})`));
}

const normalize = (row: Omit<OwnSessionRow, 'recordTotalCents'> & { recordTotalCents: string | null }) => ({
  ...row,
  energyWh: Number(row.energyWh),
  // Sums come back as text from PostgreSQL.
  recordTotalCents: row.recordTotalCents === null ? null : Number(row.recordTotalCents),
});

export async function listOwnSessions(
  db: Db,
  institutionId: string,
  owner: SessionOwner,
  page: { limit: number; offset: number; status?: 'active' | 'completed' },
): Promise<OwnSessionRow[]> {
  const conditions = [eq(sessions.institutionId, institutionId), ownedBy(owner)];
  if (page.status !== undefined) conditions.push(eq(sessions.status, page.status));
  const rows = await sessionQuery(db)
    .where(and(...conditions))
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(normalize);
}

export async function findOwnSession(
  db: Db,
  institutionId: string,
  owner: SessionOwner,
  sessionId: string,
): Promise<OwnSessionRow | undefined> {
  const [row] = await sessionQuery(db).where(
    and(eq(sessions.id, sessionId), eq(sessions.institutionId, institutionId), ownedBy(owner)),
  );
  return row === undefined ? undefined : normalize(row);
}

/** Names of a company's members, for its card list. */
export async function memberNames(db: Db, companyId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.companyId, companyId))
    .orderBy(asc(users.name));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function countMembers(db: Db, companyId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.companyId, companyId));
  return row?.n ?? 0;
}

/**
 * Blocks a card unless it is blocked already: the row when this call blocked it, undefined when it
 * was blocked before (a second click, two tabs), so only the first is audited and announced.
 */
export async function blockCardOnce(db: Db, tokenId: string, now: Date) {
  const [row] = await db
    .update(authTokens)
    .set({ status: 'blocked', updatedAt: now })
    .where(and(eq(authTokens.id, tokenId), ne(authTokens.status, 'blocked')))
    .returning();
  return row;
}

/** A driver's portal password (the demo's drivers; invitations set it through their own link). */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}
