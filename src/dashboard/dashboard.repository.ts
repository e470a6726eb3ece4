/** The rows the operations overview is computed from, read once per request within the actor's scope. */
import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import { alerts, chargePoints, sessions, stations } from '../db/schema.js';
import type { ActiveSessionFacts, ChargePointFactsRow, StationFacts } from './dashboard.js';

export interface DashboardFilter {
  scope: InstitutionScope;
  /** A platform admin's choice of one institution. */
  institutionId?: string;
}

function institutionCondition(column: AnyPgColumn, filter: DashboardFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.scope.kind === 'one') conditions.push(eq(column, filter.scope.institutionId));
  if (filter.institutionId !== undefined) conditions.push(eq(column, filter.institutionId));
  return and(...conditions);
}

export async function stationFacts(db: Db, filter: DashboardFilter): Promise<StationFacts[]> {
  const rows = await db
    .select({
      id: stations.id,
      institutionId: stations.institutionId,
      chargeBoxId: stations.chargeBoxId,
      name: stations.name,
      registration: stations.registration,
      connectedNode: stations.connectedNode,
      lastSeenAt: stations.lastSeenAt,
    })
    .from(stations)
    .where(institutionCondition(stations.institutionId, filter));
  return rows.map(({ connectedNode, ...row }) => ({ ...row, online: connectedNode !== null }));
}

export async function chargePointFacts(db: Db, filter: DashboardFilter): Promise<ChargePointFactsRow[]> {
  return db
    .select({
      id: chargePoints.id,
      stationId: chargePoints.stationId,
      evseId: chargePoints.evseId,
      shortName: chargePoints.shortName,
      status: chargePoints.status,
      errorCode: chargePoints.errorCode,
      door: chargePoints.door,
    })
    .from(chargePoints)
    .where(institutionCondition(chargePoints.institutionId, filter));
}

export async function activeSessions(db: Db, filter: DashboardFilter): Promise<ActiveSessionFacts[]> {
  return db
    .select({ stationId: sessions.stationId, chargePointId: sessions.chargePointId, evseId: sessions.evseId })
    .from(sessions)
    .where(and(eq(sessions.status, 'active'), institutionCondition(sessions.institutionId, filter)));
}

export type OpenAlertRow = Pick<
  typeof alerts.$inferSelect,
  'id' | 'institutionId' | 'stationId' | 'chargePointId' | 'kind' | 'severity' | 'message' | 'createdAt'
> & { chargeBoxId: string | null };

/** Alerts nobody acknowledged yet: how many, and the newest few with their station's charge box id. */
export async function openAlerts(
  db: Db,
  filter: DashboardFilter,
  limit: number,
): Promise<{ count: number; newest: OpenAlertRow[] }> {
  const where = and(isNull(alerts.acknowledgedAt), institutionCondition(alerts.institutionId, filter));
  const [total] = await db.select({ n: count() }).from(alerts).where(where);
  const newest = await db
    .select({
      id: alerts.id,
      institutionId: alerts.institutionId,
      stationId: alerts.stationId,
      chargePointId: alerts.chargePointId,
      kind: alerts.kind,
      severity: alerts.severity,
      message: alerts.message,
      createdAt: alerts.createdAt,
      chargeBoxId: stations.chargeBoxId,
    })
    .from(alerts)
    .leftJoin(stations, eq(stations.id, alerts.stationId))
    .where(where)
    .orderBy(desc(alerts.createdAt))
    .limit(limit);
  return { count: total?.n ?? 0, newest };
}
