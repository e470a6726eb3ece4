/** The rows labels and QR codes are made of: SMS numbers of an institution, a station's compartments. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { smsNumbers } from '../db/schema.js';

export { findChargePoint, findStationByRef, listChargePointsOf } from '../stations/stations.repository.js';

/** The institution's active numbers, oldest first: the first is the one labels show by default. */
export async function activeNumbersOf(db: Db, institutionId: string): Promise<string[]> {
  const rows = await db
    .select({ number: smsNumbers.number })
    .from(smsNumbers)
    .where(and(eq(smsNumbers.institutionId, institutionId), eq(smsNumbers.active, true)))
    .orderBy(asc(smsNumbers.createdAt), asc(smsNumbers.number));
  return rows.map((row) => row.number);
}
