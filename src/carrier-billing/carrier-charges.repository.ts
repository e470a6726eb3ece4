/** The carrier-charge outbox's queries: claiming due rows, recording outcomes, listing. */
import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import { carrierCharges, chargeRecords, type CarrierChargeStatus } from '../db/schema.js';
import type { AttemptResult } from './outbox-rules.js';

export type CarrierChargeRow = typeof carrierCharges.$inferSelect;

/**
 * Takes up to `limit` due pending rows for one attempt each: counts the attempt and pushes
 * next_attempt_at to `leaseUntil`, in one statement. `FOR UPDATE SKIP LOCKED` lets parallel
 * workers (other nodes) pass over rows being claimed; a claimed row is not due again until its lease
 * ends, so one row never has two attempts in flight.
 */
export async function claimDue(
  db: Db,
  now: Date,
  leaseUntil: Date,
  adapter: string,
  limit: number,
): Promise<CarrierChargeRow[]> {
  const due = db
    .select({ id: carrierCharges.id })
    .from(carrierCharges)
    .where(and(eq(carrierCharges.status, 'pending'), lte(carrierCharges.nextAttemptAt, now)))
    .orderBy(asc(carrierCharges.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(carrierCharges)
    .set({ attempts: sql`${carrierCharges.attempts} + 1`, nextAttemptAt: leaseUntil, adapter })
    .where(and(inArray(carrierCharges.id, due), eq(carrierCharges.status, 'pending')))
    .returning();
}

/**
 * Writes an attempt's outcome, only if the row is still the one this worker claimed (same attempt
 * count, still pending). false: someone else took it over after the lease ended.
 */
export async function recordAttempt(
  db: Db,
  claimed: CarrierChargeRow,
  result: AttemptResult,
): Promise<boolean> {
  const rows = await db
    .update(carrierCharges)
    .set(result)
    .where(
      and(
        eq(carrierCharges.id, claimed.id),
        eq(carrierCharges.attempts, claimed.attempts),
        eq(carrierCharges.status, 'pending'),
      ),
    )
    .returning({ id: carrierCharges.id });
  return rows.length === 1;
}

/** A failed charge goes back to the outbox: due now, attempts counted afresh. */
export async function requeueFailed(db: Db, id: string, now: Date): Promise<CarrierChargeRow | undefined> {
  const [row] = await db
    .update(carrierCharges)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, settledAt: null })
    .where(and(eq(carrierCharges.id, id), eq(carrierCharges.status, 'failed')))
    .returning();
  return row;
}

/** What a list shows: the charge with the session facts of its charge record. */
const viewColumns = {
  charge: carrierCharges,
  sessionId: chargeRecords.sessionId,
  chargePointName: chargeRecords.chargePointName,
  startedAt: chargeRecords.startedAt,
  stoppedAt: chargeRecords.stoppedAt,
  durationSeconds: chargeRecords.durationSeconds,
};

export type CarrierChargeView = CarrierChargeRow & {
  sessionId: string;
  chargePointName: string | null;
  startedAt: Date;
  stoppedAt: Date;
  durationSeconds: number;
};

function toView(row: {
  charge: CarrierChargeRow;
  sessionId: string;
  chargePointName: string | null;
  startedAt: Date;
  stoppedAt: Date;
  durationSeconds: number;
}): CarrierChargeView {
  const { charge, ...session } = row;
  return { ...charge, ...session };
}

export async function findCarrierCharge(db: Db, id: string): Promise<CarrierChargeView | undefined> {
  const [row] = await db
    .select(viewColumns)
    .from(carrierCharges)
    .innerJoin(chargeRecords, eq(chargeRecords.id, carrierCharges.chargeRecordId))
    .where(eq(carrierCharges.id, id));
  return row === undefined ? undefined : toView(row);
}

export interface CarrierChargeFilter {
  status?: CarrierChargeStatus;
  /** On the charge's creation (the session's stop). */
  from?: Date;
  to?: Date;
  smsSessionId?: string;
  creditNoteId?: string;
}

export async function listCarrierCharges(
  db: Db,
  scope: InstitutionScope,
  filter: CarrierChargeFilter,
  page: { limit: number; offset: number },
): Promise<CarrierChargeView[]> {
  const c = carrierCharges;
  const conditions: (SQL | undefined)[] = [];
  if (scope.kind === 'one') conditions.push(eq(c.institutionId, scope.institutionId));
  if (filter.status !== undefined) conditions.push(eq(c.status, filter.status));
  if (filter.from !== undefined) conditions.push(gte(c.createdAt, filter.from));
  if (filter.to !== undefined) conditions.push(lt(c.createdAt, filter.to));
  if (filter.smsSessionId !== undefined) conditions.push(eq(c.smsSessionId, filter.smsSessionId));
  if (filter.creditNoteId !== undefined) conditions.push(eq(c.creditNoteId, filter.creditNoteId));
  const rows = await db
    .select(viewColumns)
    .from(c)
    .innerJoin(chargeRecords, eq(chargeRecords.id, c.chargeRecordId))
    .where(and(...conditions))
    .orderBy(desc(c.createdAt), desc(c.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toView);
}
