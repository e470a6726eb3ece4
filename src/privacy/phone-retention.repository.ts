/** Queries of the phone-number retention job. */
import { and, eq, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { carrierCharges, chargeRecords, smsMessages, smsSessions } from '../db/schema.js';

/**
 * SMS sessions whose phone may go: ended before `cutoff`, not yet pseudonymised, and billing settled:
 * their carrier charge charged and on a credit note, waived, or failed before `cutoff`; without a
 * carrier charge, the session never started (failed) or its charge record books nothing to the phone
 * (a free station). A completed session not yet priced keeps its number (its charge may still come).
 */
export async function settledSessions(
  db: Db,
  cutoff: Date,
  institutionId: string | undefined,
  limit: number,
): Promise<{ id: string; phone: string }[]> {
  const s = smsSessions;
  const c = carrierCharges;
  const settledCharge = or(
    and(eq(c.status, 'charged'), isNotNull(c.creditNoteId)),
    eq(c.status, 'waived'),
    and(eq(c.status, 'failed'), lt(c.settledAt, cutoff)),
  );
  const noChargeDue = and(
    isNull(c.id),
    or(eq(s.state, 'failed'), and(isNotNull(chargeRecords.id), ne(chargeRecords.booking, 'carrier'))),
  );
  const conditions: (SQL | undefined)[] = [
    isNull(s.pseudonymisedAt),
    inArray(s.state, ['completed', 'failed']),
    lt(sql`coalesce(${s.endedAt}, ${s.createdAt})`, cutoff),
    or(and(isNotNull(c.id), settledCharge), noChargeDue),
  ];
  if (institutionId !== undefined) conditions.push(eq(s.institutionId, institutionId));
  return db
    .selectDistinct({ id: s.id, phone: s.phone })
    .from(s)
    .leftJoin(c, eq(c.smsSessionId, s.id))
    .leftJoin(chargeRecords, and(eq(chargeRecords.sessionId, s.sessionId), eq(chargeRecords.kind, 'session')))
    .where(and(...conditions))
    .limit(limit);
}

/** Replaces one SMS session's phone everywhere it is stored; the service number side is left alone. */
export async function pseudonymiseSession(
  db: Db,
  session: { id: string; phone: string },
  pseudonym: string,
  now: Date,
): Promise<{ smsSessions: number; smsMessages: number; carrierCharges: number }> {
  const sessions = await db
    .update(smsSessions)
    .set({ phone: pseudonym, pseudonymisedAt: now })
    .where(and(eq(smsSessions.id, session.id), isNull(smsSessions.pseudonymisedAt)))
    .returning({ id: smsSessions.id });
  if (sessions.length === 0) return { smsSessions: 0, smsMessages: 0, carrierCharges: 0 };
  const charges = await db
    .update(carrierCharges)
    .set({ phone: pseudonym, pseudonymisedAt: now })
    .where(and(eq(carrierCharges.smsSessionId, session.id), isNull(carrierCharges.pseudonymisedAt)))
    .returning({ id: carrierCharges.id });
  const messages = await pseudonymiseMessages(
    db,
    eq(smsMessages.smsSessionId, session.id),
    session.phone,
    pseudonym,
    now,
  );
  return { smsSessions: 1, smsMessages: messages, carrierCharges: charges.length };
}

/**
 * The phone side of messages matching `where`: the sender of an inbound message, the recipient of an
 * outbound one, and only where it is the given number (the service number is never touched).
 */
export async function pseudonymiseMessages(
  db: Db,
  where: SQL | undefined,
  phone: string,
  pseudonym: string,
  now: Date,
): Promise<number> {
  const inbound = await db
    .update(smsMessages)
    .set({ fromNumber: pseudonym, pseudonymisedAt: now })
    .where(
      and(
        where,
        eq(smsMessages.direction, 'inbound'),
        eq(smsMessages.fromNumber, phone),
        isNull(smsMessages.pseudonymisedAt),
      ),
    )
    .returning({ id: smsMessages.id });
  const outbound = await db
    .update(smsMessages)
    .set({ toNumber: pseudonym, pseudonymisedAt: now })
    .where(
      and(
        where,
        eq(smsMessages.direction, 'outbound'),
        eq(smsMessages.toNumber, phone),
        isNull(smsMessages.pseudonymisedAt),
      ),
    )
    .returning({ id: smsMessages.id });
  return inbound.length + outbound.length;
}

/**
 * Messages that belong to no SMS session (help requests, typos, refusals) older than `cutoff`: no
 * billing depends on them, so only their age counts. Returns the phone side of each.
 */
export async function looseMessages(
  db: Db,
  cutoff: Date,
  institutionId: string | undefined,
  limit: number,
): Promise<{ id: string; phone: string }[]> {
  const m = smsMessages;
  const conditions: (SQL | undefined)[] = [
    isNull(m.smsSessionId),
    isNull(m.pseudonymisedAt),
    lt(m.createdAt, cutoff),
  ];
  if (institutionId !== undefined) conditions.push(eq(m.institutionId, institutionId));
  return db
    .select({
      id: m.id,
      phone: sql<string>`case when ${m.direction} = 'inbound' then ${m.fromNumber} else ${m.toNumber} end`,
    })
    .from(m)
    .where(and(...conditions))
    .limit(limit);
}
