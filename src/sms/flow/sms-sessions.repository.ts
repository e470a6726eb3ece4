/** Database access of the SMS locker flow: compartments by name, SMS sessions, the keypad guard. */
import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../../access/tenant-scope.js';
import type { Db } from '../../db/database.js';
import {
  chargePoints,
  chargeRecords,
  institutions,
  keypadGuards,
  sessions,
  smsSessions,
  stations,
  type SmsSessionState,
} from '../../db/schema.js';

export type SmsSessionRow = typeof smsSessions.$inferSelect;

/** The states in which a session holds its compartment (the partial unique indexes use the same list). */
export const OPEN_STATES: readonly SmsSessionState[] = ['starting', 'active', 'stopping', 'stop_pending'];

export interface Compartment {
  id: string;
  institutionId: string;
  shortName: string;
  evseId: number;
  status: string;
  door: string | null;
  stationId: string;
  chargeBoxId: string;
  stationKind: string;
  registration: string;
}

const compartmentColumns = {
  id: chargePoints.id,
  institutionId: chargePoints.institutionId,
  shortName: chargePoints.shortName,
  evseId: chargePoints.evseId,
  status: chargePoints.status,
  door: chargePoints.door,
  stationId: chargePoints.stationId,
  chargeBoxId: stations.chargeBoxId,
  stationKind: stations.kind,
  registration: stations.registration,
};

/** Every compartment of an institution (its short names are unique there, and so per number). */
/** The short names of an institution's charge points, sorted (the parser's vocabulary). */
export async function listShortNames(db: Db, institutionId: string): Promise<string[]> {
  const rows = await db
    .select({ shortName: chargePoints.shortName })
    .from(chargePoints)
    .where(and(eq(chargePoints.institutionId, institutionId), isNotNull(chargePoints.shortName)))
    .orderBy(chargePoints.shortName);
  return rows.map((row) => row.shortName!);
}

export async function findCompartmentByName(
  db: Db,
  institutionId: string,
  shortName: string,
): Promise<Compartment | undefined> {
  const [row] = await db
    .select(compartmentColumns)
    .from(chargePoints)
    .innerJoin(stations, eq(stations.id, chargePoints.stationId))
    .where(and(eq(chargePoints.institutionId, institutionId), eq(chargePoints.shortName, shortName)));
  return row;
}

export async function findCompartment(db: Db, chargePointId: string): Promise<Compartment | undefined> {
  const [row] = await db
    .select(compartmentColumns)
    .from(chargePoints)
    .innerJoin(stations, eq(stations.id, chargePoints.stationId))
    .where(eq(chargePoints.id, chargePointId));
  return row;
}

export async function findOpenSession(db: Db, chargePointId: string): Promise<SmsSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(smsSessions)
    .where(and(eq(smsSessions.chargePointId, chargePointId), inArray(smsSessions.state, [...OPEN_STATES])));
  return row;
}

export async function findSmsSession(db: Db, id: string): Promise<SmsSessionRow | undefined> {
  const [row] = await db.select().from(smsSessions).where(eq(smsSessions.id, id));
  return row;
}

/** The phone's latest session at a compartment, whatever its state. */
export async function findLatestOfPhone(
  db: Db,
  chargePointId: string,
  phone: string,
): Promise<SmsSessionRow | undefined> {
  const [row] = await db
    .select()
    .from(smsSessions)
    .where(and(eq(smsSessions.chargePointId, chargePointId), eq(smsSessions.phone, phone)))
    .orderBy(desc(smsSessions.createdAt))
    .limit(1);
  return row;
}

export async function openSessionsOfPhone(
  db: Db,
  institutionId: string,
  phone: string,
): Promise<Array<SmsSessionRow & { shortName: string }>> {
  const rows = await db
    .select({ session: smsSessions, shortName: chargePoints.shortName })
    .from(smsSessions)
    .innerJoin(chargePoints, eq(chargePoints.id, smsSessions.chargePointId))
    .where(
      and(
        eq(smsSessions.institutionId, institutionId),
        eq(smsSessions.phone, phone),
        inArray(smsSessions.state, [...OPEN_STATES]),
      ),
    )
    .orderBy(chargePoints.shortName);
  return rows.map((r) => ({ ...r.session, shortName: r.shortName }));
}

/** A transaction runs at the compartment (a card, the keypad, or an SMS session). */
export async function hasActiveOcppSession(db: Db, stationId: string, evseId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.stationId, stationId), eq(sessions.evseId, evseId), eq(sessions.status, 'active')))
    .limit(1);
  return row !== undefined;
}

/**
 * Inserts a new open session; undefined when a unique index refused it (the compartment has an
 * open session already, or the PIN is taken at the station): nothing aborts the caller's transaction.
 */
export async function insertSmsSession(
  db: Db,
  values: typeof smsSessions.$inferInsert,
): Promise<SmsSessionRow | undefined> {
  const [row] = await db.insert(smsSessions).values(values).onConflictDoNothing().returning();
  return row;
}

/** Changes a session only while it is in one of `from` (a compare-and-set: concurrent changes lose). */
export async function transition(
  db: Db,
  id: string,
  from: readonly SmsSessionState[],
  change: Partial<typeof smsSessions.$inferInsert>,
  now: Date,
): Promise<SmsSessionRow | undefined> {
  const [row] = await db
    .update(smsSessions)
    .set({ ...change, updatedAt: now })
    .where(and(eq(smsSessions.id, id), inArray(smsSessions.state, [...from])))
    .returning();
  return row;
}

export async function lockSmsSession(db: Db, id: string): Promise<SmsSessionRow | undefined> {
  const [row] = await db.select().from(smsSessions).where(eq(smsSessions.id, id)).for('update');
  return row;
}

/** The OCPP session an SMS session became, once the station reported it. */
export async function findOcppSession(db: Db, sms: SmsSessionRow) {
  const where = sms.sessionId === null ? eq(sessions.smsSessionId, sms.id) : eq(sessions.id, sms.sessionId);
  const [row] = await db
    .select({
      id: sessions.id,
      transactionId: sessions.transactionId,
      status: sessions.status,
      startedAt: sessions.startedAt,
      stoppedAt: sessions.stoppedAt,
    })
    .from(sessions)
    .where(where)
    .orderBy(desc(sessions.startedAt))
    .limit(1);
  return row;
}

/** Links an OCPP session to the SMS session whose PIN started it (station reported the start). */
export async function linkOcppSession(
  db: Db,
  sessionId: string,
  now: Date,
): Promise<SmsSessionRow | undefined> {
  const [session] = await db
    .select({ smsSessionId: sessions.smsSessionId, startedAt: sessions.startedAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  if (session?.smsSessionId === null || session?.smsSessionId === undefined) return undefined;
  const [row] = await db
    .update(smsSessions)
    .set({
      sessionId,
      startedAt: sql`coalesce(${smsSessions.startedAt}, ${session.startedAt.toISOString()}::timestamptz)`,
      state: sql`case when ${smsSessions.state} = 'starting' then 'active' else ${smsSessions.state} end`,
      updatedAt: now,
    })
    .where(and(eq(smsSessions.id, session.smsSessionId), isNull(smsSessions.sessionId)))
    .returning();
  return row;
}

export async function chargeRecordOfSession(db: Db, sessionId: string) {
  const [row] = await db
    .select({
      totalCents: chargeRecords.totalCents,
      currency: chargeRecords.currency,
      durationSeconds: chargeRecords.durationSeconds,
    })
    .from(chargeRecords)
    .where(and(eq(chargeRecords.sessionId, sessionId), eq(chargeRecords.kind, 'session')));
  return row;
}

export async function pendingStopsOfStation(db: Db, stationId: string): Promise<SmsSessionRow[]> {
  return db
    .select()
    .from(smsSessions)
    .where(and(eq(smsSessions.stationId, stationId), eq(smsSessions.state, 'stop_pending')));
}

/** Running sessions past their institution's maximum (or the platform default) that got no reminder yet. */
export async function overdueSessions(db: Db, now: Date, defaultMinutes: number, limit: number) {
  const rows = await db
    .select({ session: smsSessions, shortName: chargePoints.shortName })
    .from(smsSessions)
    .innerJoin(institutions, eq(institutions.id, smsSessions.institutionId))
    .innerJoin(chargePoints, eq(chargePoints.id, smsSessions.chargePointId))
    .where(
      and(
        eq(smsSessions.state, 'active'),
        isNull(smsSessions.reminderSentAt),
        isNotNull(smsSessions.startedAt),
        lt(
          sql`${smsSessions.startedAt} + make_interval(mins => coalesce(${institutions.smsMaxSessionMinutes}, ${defaultMinutes}::int))`,
          sql`${now.toISOString()}::timestamptz`,
        ),
      ),
    )
    .limit(limit);
  return rows.map((r) => ({ ...r.session, shortName: r.shortName }));
}

/** A session that ended recently at this station with this PIN (typed again after the end). */
export async function closedWithPin(db: Db, stationId: string, pin: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: smsSessions.id })
    .from(smsSessions)
    .where(
      and(
        eq(smsSessions.stationId, stationId),
        eq(smsSessions.receiptPin, pin),
        inArray(smsSessions.state, ['completed', 'failed']),
        gt(smsSessions.updatedAt, since),
      ),
    )
    .limit(1);
  return row !== undefined;
}

export async function findOpenByPin(db: Db, stationId: string, pin: string) {
  const [row] = await db
    .select()
    .from(smsSessions)
    .where(
      and(
        eq(smsSessions.stationId, stationId),
        eq(smsSessions.receiptPin, pin),
        inArray(smsSessions.state, [...OPEN_STATES]),
      ),
    );
  return row;
}

// ---- keypad guard ----

export async function keypadLockedUntil(db: Db, stationId: string, now: Date): Promise<Date | undefined> {
  const [row] = await db
    .select({ lockedUntil: keypadGuards.lockedUntil })
    .from(keypadGuards)
    .where(and(eq(keypadGuards.stationId, stationId), gt(keypadGuards.lockedUntil, now)));
  return row?.lockedUntil ?? undefined;
}

export interface GuardRules {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

/**
 * Counts one wrong PIN in a single atomic upsert (concurrent wrong PINs each count once). A count
 * whose window ran out, or whose lock expired, starts again at 1. Returns the new count, the lock,
 * and whether this PIN set it (the alert is raised once per lock).
 */
export async function countWrongPin(
  db: Db,
  input: { stationId: string; institutionId: string; now: Date },
  rules: GuardRules,
): Promise<{ failedAttempts: number; lockedUntil: Date | null; justLocked: boolean }> {
  const now = sql`${input.now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(input.now.getTime() - rules.windowMinutes * 60_000).toISOString()}::timestamptz`;
  const lockUntil = new Date(input.now.getTime() + rules.lockMinutes * 60_000);
  const restart: SQL = sql`(${keypadGuards.windowStartedAt} is null or ${keypadGuards.windowStartedAt} < ${windowStart} or (${keypadGuards.lockedUntil} is not null and ${keypadGuards.lockedUntil} <= ${now}))`;
  const next: SQL = sql`(case when ${restart} then 1 else ${keypadGuards.failedAttempts} + 1 end)`;
  const [row] = await db
    .insert(keypadGuards)
    .values({
      stationId: input.stationId,
      institutionId: input.institutionId,
      failedAttempts: 1,
      windowStartedAt: input.now,
      lockedUntil: rules.maxFailures <= 1 ? lockUntil : null,
    })
    .onConflictDoUpdate({
      target: keypadGuards.stationId,
      set: {
        failedAttempts: next,
        windowStartedAt: sql`case when ${restart} then ${now} else ${keypadGuards.windowStartedAt} end`,
        lockedUntil: sql`case when ${next} >= ${rules.maxFailures}::int and not (${keypadGuards.lockedUntil} is not null and ${keypadGuards.lockedUntil} > ${now}) then ${lockUntil.toISOString()}::timestamptz when ${restart} then null else ${keypadGuards.lockedUntil} end`,
      },
    })
    .returning({ failedAttempts: keypadGuards.failedAttempts, lockedUntil: keypadGuards.lockedUntil });
  // Counts are serialised by the row lock of the upsert, so exactly one wrong PIN reaches the
  // limit: that one locked the keypad and raises the alert.
  const justLocked = row!.failedAttempts === rules.maxFailures;
  return { ...row!, justLocked };
}

/** A correct PIN at the keypad: the count starts again (a running lock stays). */
export async function resetKeypadGuard(db: Db, stationId: string, now: Date): Promise<void> {
  await db
    .update(keypadGuards)
    .set({ failedAttempts: 0, windowStartedAt: null })
    .where(
      and(
        eq(keypadGuards.stationId, stationId),
        gt(keypadGuards.failedAttempts, 0),
        or(isNull(keypadGuards.lockedUntil), lte(keypadGuards.lockedUntil, now)),
      ),
    );
}

// ---- staff views ----

export interface SmsSessionFilter {
  state?: SmsSessionState;
  chargePointId?: string;
  stationId?: string;
  before?: Date;
  limit: number;
}

export interface SmsSessionListRow extends SmsSessionRow {
  shortName: string;
  chargeBoxId: string;
}

export async function listSmsSessions(
  db: Db,
  scope: InstitutionScope,
  filter: SmsSessionFilter,
): Promise<SmsSessionListRow[]> {
  const where: SQL[] = [];
  if (scope.kind === 'one') where.push(eq(smsSessions.institutionId, scope.institutionId));
  if (filter.state !== undefined) where.push(eq(smsSessions.state, filter.state));
  if (filter.chargePointId !== undefined) where.push(eq(smsSessions.chargePointId, filter.chargePointId));
  if (filter.stationId !== undefined) where.push(eq(smsSessions.stationId, filter.stationId));
  if (filter.before !== undefined) where.push(lt(smsSessions.createdAt, filter.before));
  const rows = await db
    .select({ session: smsSessions, shortName: chargePoints.shortName, chargeBoxId: stations.chargeBoxId })
    .from(smsSessions)
    .innerJoin(chargePoints, eq(chargePoints.id, smsSessions.chargePointId))
    .innerJoin(stations, eq(stations.id, smsSessions.stationId))
    .where(and(...where))
    .orderBy(desc(smsSessions.createdAt))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r.session, shortName: r.shortName, chargeBoxId: r.chargeBoxId }));
}

export async function findSmsSessionView(db: Db, id: string): Promise<SmsSessionListRow | undefined> {
  const [row] = await db
    .select({ session: smsSessions, shortName: chargePoints.shortName, chargeBoxId: stations.chargeBoxId })
    .from(smsSessions)
    .innerJoin(chargePoints, eq(chargePoints.id, smsSessions.chargePointId))
    .innerJoin(stations, eq(stations.id, smsSessions.stationId))
    .where(eq(smsSessions.id, id));
  return row === undefined
    ? undefined
    : { ...row.session, shortName: row.shortName, chargeBoxId: row.chargeBoxId };
}

/** SMS sessions linked to an OCPP session (a session whose token was no PIN has none). */
export async function smsSessionsOfOcppSession(db: Db, sessionId: string): Promise<Array<{ id: string }>> {
  return db.select({ id: smsSessions.id }).from(smsSessions).where(eq(smsSessions.sessionId, sessionId));
}

/** Claims the reminder of a session (once: reminder_sent_at guards it). */
export async function markReminded(db: Db, id: string, now: Date): Promise<Array<{ id: string }>> {
  return db
    .update(smsSessions)
    .set({ reminderSentAt: now, updatedAt: now })
    .where(and(eq(smsSessions.id, id), isNull(smsSessions.reminderSentAt), eq(smsSessions.state, 'active')))
    .returning({ id: smsSessions.id });
}
