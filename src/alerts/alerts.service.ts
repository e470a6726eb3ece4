/**
 * Alerts: what staff should look at now (a keypad locked after wrong PINs, a stop waiting for an
 * offline station). Raised by any context inside its own transaction, listed and acknowledged by
 * staff, announced live so an open portal shows them at once.
 */
import { and, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { actorLabel, recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { alerts, type AlertSeverity } from '../db/schema.js';
import type { LiveEvents } from '../live/live-events.js';
import type { Ctx } from '../shared/context.js';

export interface RaiseAlert {
  institutionId: string;
  stationId?: string | null;
  chargePointId?: string | null;
  kind: string;
  severity: AlertSeverity;
  message: { de: string; en: string };
  payload?: Record<string, unknown>;
}

export type AlertRow = typeof alerts.$inferSelect;

export interface AlertQuery {
  open?: boolean;
  stationId?: string;
  /** Keyset paging: alerts created before this one. */
  before?: Date;
  limit: number;
}

export class AlertsService {
  constructor(private readonly deps: { db: Db; live: LiveEvents }) {}

  /** Stores an alert in the caller's transaction (or on its own) and announces it. */
  async raise(ctx: Ctx, input: RaiseAlert, db: Db = this.deps.db): Promise<AlertRow> {
    const [row] = await db
      .insert(alerts)
      .values({
        institutionId: input.institutionId,
        stationId: input.stationId ?? null,
        chargePointId: input.chargePointId ?? null,
        kind: input.kind,
        severity: input.severity,
        message: input.message,
        payload: input.payload ?? {},
        createdAt: ctx.now(),
      })
      .returning();
    ctx.log.warn(
      { alertId: row!.id, kind: input.kind, stationId: input.stationId ?? undefined },
      `alert: ${input.message.en}`,
    );
    this.deps.live.publish({
      type: 'alert.raised',
      institutionId: input.institutionId,
      alertId: row!.id,
      kind: input.kind,
      stationId: input.stationId ?? null,
    });
    return row!;
  }

  async list(ctx: Ctx, query: AlertQuery): Promise<AlertRow[]> {
    requirePermission(ctx.actor, 'sms:read');
    const scope = scopeOf(ctx.actor);
    const where: SQL[] = [];
    if (scope.kind === 'one') where.push(eq(alerts.institutionId, scope.institutionId));
    if (query.open === true) where.push(isNull(alerts.acknowledgedAt));
    if (query.stationId !== undefined) where.push(eq(alerts.stationId, query.stationId));
    if (query.before !== undefined) where.push(lt(alerts.createdAt, query.before));
    return this.deps.db
      .select()
      .from(alerts)
      .where(and(...where))
      .orderBy(desc(alerts.createdAt))
      .limit(query.limit);
  }

  async get(ctx: Ctx, alertId: string): Promise<AlertRow> {
    requirePermission(ctx.actor, 'sms:read');
    const [row] = await this.deps.db.select().from(alerts).where(eq(alerts.id, alertId));
    return assertVisible(ctx.actor, row, 'alert', alertId);
  }

  /** Marks an alert as seen; acknowledging twice keeps the first acknowledgement. */
  async acknowledge(ctx: Ctx, alertId: string): Promise<AlertRow> {
    const current = await this.get(ctx, alertId);
    if (current.acknowledgedAt !== null) return current;
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(alerts)
        .set({ acknowledgedAt: ctx.now(), acknowledgedBy: actorLabel(ctx.actor) })
        .where(and(eq(alerts.id, alertId), isNull(alerts.acknowledgedAt)))
        .returning();
      if (row === undefined) return this.get(ctx, alertId);
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'alert.acknowledged',
        target: `alert:${row.id}`,
        details: { kind: row.kind },
      });
      return row;
    });
  }
}
