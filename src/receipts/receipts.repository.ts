/** The rows a receipt is made of: the SMS session, its compartment and place, the session and its charge record. */
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.js';
import {
  chargePoints,
  chargeRecords,
  institutions,
  locations,
  sessions,
  smsSessions,
  stations,
} from '../db/schema.js';

export type SmsSessionRow = typeof smsSessions.$inferSelect;
export type ChargeRecordRow = typeof chargeRecords.$inferSelect;
export type InstitutionRow = typeof institutions.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export interface ReceiptRows {
  smsSession: SmsSessionRow;
  shortName: string;
  stationName: string | null;
  location: LocationRow | null;
  institution: InstitutionRow;
  session: SessionRow | null;
  chargeRecord: ChargeRecordRow | null;
}

const record = alias(chargeRecords, 'receipt_record');

export async function findByToken(db: Db, token: string): Promise<ReceiptRows | undefined> {
  const [row] = await db
    .select({
      smsSession: smsSessions,
      shortName: chargePoints.shortName,
      stationName: stations.name,
      location: locations,
      institution: institutions,
      session: sessions,
      chargeRecord: record,
    })
    .from(smsSessions)
    .innerJoin(chargePoints, eq(chargePoints.id, smsSessions.chargePointId))
    .innerJoin(stations, eq(stations.id, smsSessions.stationId))
    .innerJoin(institutions, eq(institutions.id, smsSessions.institutionId))
    .leftJoin(locations, eq(locations.id, stations.locationId))
    .leftJoin(sessions, eq(sessions.id, smsSessions.sessionId))
    .leftJoin(record, and(eq(record.sessionId, smsSessions.sessionId), eq(record.kind, 'session')))
    .where(eq(smsSessions.receiptToken, token))
    .limit(1);
  return row;
}

/**
 * The receipt token of the most recent SMS session at a compartment whose short name has the
 * given key (letters and digits, upper case: "P20-07" → "P2007") and with that receipt PIN,
 * created at or after `since`.
 */
export async function findTokenByNameAndPin(
  db: Db,
  nameKey: string,
  pin: string,
  since: Date,
): Promise<string | undefined> {
  const [row] = await db
    .select({ token: smsSessions.receiptToken })
    .from(smsSessions)
    .innerJoin(chargePoints, eq(chargePoints.id, smsSessions.chargePointId))
    .where(
      and(
        eq(smsSessions.receiptPin, pin),
        gte(smsSessions.createdAt, since),
        eq(sql`upper(regexp_replace(${chargePoints.shortName}, '[^A-Za-z0-9]', '', 'g'))`, nameKey),
      ),
    )
    .orderBy(desc(smsSessions.createdAt))
    .limit(1);
  return row?.token;
}
