/** What a compartment's public page reads: the number's institution, its compartments, one compartment's state. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { chargePoints, locations, sessions, smsNumbers, smsSessions, stations } from '../db/schema.js';

const OPEN_SMS_STATES = ['starting', 'active', 'stopping', 'stop_pending'] as const;

/** The institution of an active SMS number. */
export async function institutionOfNumber(db: Db, number: string): Promise<string | undefined> {
  const [row] = await db
    .select({ institutionId: smsNumbers.institutionId })
    .from(smsNumbers)
    .where(and(eq(smsNumbers.number, number), eq(smsNumbers.active, true)));
  return row?.institutionId;
}

/** Short names of the institution's compartments on accepted stations. */
export async function shortNamesOf(db: Db, institutionId: string): Promise<string[]> {
  const rows = await db
    .select({ shortName: chargePoints.shortName })
    .from(chargePoints)
    .innerJoin(stations, eq(stations.id, chargePoints.stationId))
    .where(and(eq(chargePoints.institutionId, institutionId), eq(stations.registration, 'accepted')));
  return rows.map((row) => row.shortName);
}

export async function compartmentByName(db: Db, institutionId: string, shortName: string) {
  const [row] = await db
    .select({
      chargePoint: chargePoints,
      stationName: stations.name,
      stationOnline: stations.connectedNode,
      registration: stations.registration,
      location: locations,
    })
    .from(chargePoints)
    .innerJoin(stations, eq(stations.id, chargePoints.stationId))
    .leftJoin(locations, eq(locations.id, stations.locationId))
    .where(and(eq(chargePoints.institutionId, institutionId), eq(chargePoints.shortName, shortName)));
  return row;
}

/** An OCPP session or an SMS session is open on the compartment. */
export async function inUse(db: Db, chargePointId: string): Promise<boolean> {
  const [session] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.chargePointId, chargePointId), eq(sessions.status, 'active')))
    .limit(1);
  if (session !== undefined) return true;
  const [sms] = await db
    .select({ id: smsSessions.id })
    .from(smsSessions)
    .where(
      and(eq(smsSessions.chargePointId, chargePointId), inArray(smsSessions.state, [...OPEN_SMS_STATES])),
    )
    .limit(1);
  return sms !== undefined;
}
