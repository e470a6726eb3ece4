/** Queries of the monthly credit notes: carrier charges to pay out, the institution, the statement. */
import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { carrierCharges, chargeRecords, documentLines, documents, institutions } from '../db/schema.js';
import type { CreditNoteSession } from './credit-note.js';

/** Institutions with charged carrier charges settled in [start, end) and not yet on a credit note. */
export async function institutionsToCredit(db: Db, start: Date, end: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ institutionId: carrierCharges.institutionId })
    .from(carrierCharges)
    .where(dueCondition(start, end));
  return rows.map((r) => r.institutionId).sort();
}

const dueCondition = (start: Date, end: Date) =>
  and(
    eq(carrierCharges.status, 'charged'),
    isNull(carrierCharges.creditNoteId),
    gte(carrierCharges.settledAt, start),
    lt(carrierCharges.settledAt, end),
  );

/** The institution's charges to pay out for the month, locked so a parallel run waits. */
export async function chargesToCredit(
  db: Db,
  institutionId: string,
  start: Date,
  end: Date,
): Promise<CreditNoteSession[]> {
  const rows = await db
    .select({
      carrierChargeId: carrierCharges.id,
      chargeRecordId: carrierCharges.chargeRecordId,
      phone: carrierCharges.phone,
      grossCents: carrierCharges.amountCents,
      startedAt: chargeRecords.startedAt,
      chargePointName: chargeRecords.chargePointName,
      durationSeconds: chargeRecords.durationSeconds,
      recordTotalCents: chargeRecords.totalCents,
      netCents: chargeRecords.netCents,
      vatCents: chargeRecords.vatCents,
      vatRateBp: chargeRecords.vatRateBp,
    })
    .from(carrierCharges)
    .innerJoin(chargeRecords, eq(chargeRecords.id, carrierCharges.chargeRecordId))
    .where(and(eq(carrierCharges.institutionId, institutionId), dueCondition(start, end)))
    .orderBy(asc(chargeRecords.startedAt), asc(carrierCharges.id))
    .for('update', { of: carrierCharges });
  return rows.map(({ recordTotalCents, ...row }) => {
    if (recordTotalCents !== row.grossCents)
      throw new Error(`carrier charge ${row.carrierChargeId}: amount differs from its charge record`);
    return row;
  });
}

/** Serializes credit-note runs of one institution (the per-period unique index is the second guard). */
export async function lockInstitution(db: Db, institutionId: string) {
  const [row] = await db
    .select({ id: institutions.id, platformFeeBp: institutions.platformFeeBp })
    .from(institutions)
    .where(eq(institutions.id, institutionId))
    .for('update');
  return row;
}

export async function creditNoteOfPeriod(db: Db, institutionId: string, periodStart: Date) {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.institutionId, institutionId),
        eq(documents.kind, 'credit_note'),
        eq(documents.periodStart, periodStart),
      ),
    );
  return row;
}

export async function markCredited(
  db: Db,
  carrierChargeIds: string[],
  creditNoteId: string,
): Promise<number> {
  if (carrierChargeIds.length === 0) return 0;
  const rows = await db
    .update(carrierCharges)
    .set({ creditNoteId })
    .where(and(inArray(carrierCharges.id, carrierChargeIds), isNull(carrierCharges.creditNoteId)))
    .returning({ id: carrierCharges.id });
  return rows.length;
}

/** A document's lines with the session facts of their charge records and the phone of their carrier charge. */
export async function statementRows(db: Db, documentId: string) {
  return db
    .select({
      position: documentLines.position,
      description: documentLines.description,
      netCents: documentLines.netCents,
      vatRateBp: documentLines.vatRateBp,
      vatCents: documentLines.vatCents,
      grossCents: documentLines.grossCents,
      startedAt: chargeRecords.startedAt,
      chargePoint: chargeRecords.chargePointName,
      durationSeconds: chargeRecords.durationSeconds,
      phone: carrierCharges.phone,
    })
    .from(documentLines)
    .leftJoin(chargeRecords, eq(chargeRecords.id, documentLines.chargeRecordId))
    .leftJoin(carrierCharges, eq(carrierCharges.chargeRecordId, documentLines.chargeRecordId))
    .where(eq(documentLines.documentId, documentId))
    .orderBy(asc(documentLines.position));
}
