/**
 * The operations dashboard: what a service technician looks at first. Stations online, offline and
 * faulted, compartments by state, running sessions, open alerts, and the stations needing someone.
 */
import { can, requirePermission, scopeOf } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import type { Ctx } from '../shared/context.js';
import { overview, summarizeStations, type Overview, type StationSummary } from './dashboard.js';
import * as repo from './dashboard.repository.js';

export interface Dashboard extends Overview {
  /** Unacknowledged alerts; null for a role that may not read alerts. */
  openAlerts: number | null;
  /** The newest unacknowledged alerts. */
  alerts: repo.OpenAlertRow[];
  generatedAt: Date;
}

const NEWEST_ALERTS = 5;

export class DashboardService {
  constructor(private readonly deps: { db: Db }) {}

  /** `institutionId` narrows a platform admin's view to one institution (others see only their own anyway). */
  async dashboard(ctx: Ctx, query: { institutionId?: string } = {}): Promise<Dashboard> {
    requirePermission(ctx.actor, 'stations:read');
    const filter = this.filterOf(ctx, query);
    const seesAlerts = can(ctx.actor, 'sms:read');
    const [stations, chargePoints, sessions, alerts] = await Promise.all([
      repo.stationFacts(this.deps.db, filter),
      repo.chargePointFacts(this.deps.db, filter),
      repo.activeSessions(this.deps.db, filter),
      seesAlerts ? repo.openAlerts(this.deps.db, filter, NEWEST_ALERTS) : undefined,
    ]);
    return {
      ...overview(stations, chargePoints, sessions),
      openAlerts: alerts?.count ?? null,
      alerts: alerts?.newest ?? [],
      generatedAt: ctx.now(),
    };
  }

  /** Every visible station's compartment states, for the badges of the station list. */
  async stationSummaries(ctx: Ctx, query: { institutionId?: string } = {}): Promise<StationSummary[]> {
    requirePermission(ctx.actor, 'stations:read');
    const filter = this.filterOf(ctx, query);
    const [stations, chargePoints, sessions] = await Promise.all([
      repo.stationFacts(this.deps.db, filter),
      repo.chargePointFacts(this.deps.db, filter),
      repo.activeSessions(this.deps.db, filter),
    ]);
    return [...summarizeStations(stations, chargePoints, sessions).values()];
  }

  private filterOf(ctx: Ctx, query: { institutionId?: string }): repo.DashboardFilter {
    return {
      scope: scopeOf(ctx.actor),
      ...(query.institutionId === undefined ? {} : { institutionId: query.institutionId }),
    };
  }
}
