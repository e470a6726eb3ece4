/**
 * The audit trail: who changed what, and when. Every service verb that changes tenant data writes
 * one row, in the same transaction as the change when it has one, so the trail cannot miss a change.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { auditLog } from '../db/schema.js';
import { requirePermission, scopeOf } from '../access/tenant-scope.js';
import type { Actor, Ctx } from '../shared/context.js';

export interface AuditEntry {
  /** null for platform-level changes (e.g. a platform admin account). */
  institutionId: string | null;
  /** Dotted verb, e.g. `station.created`, `charge_point.renamed`. */
  action: string;
  /** What was changed, e.g. `station:<uuid>`. */
  target?: string;
  details?: Record<string, unknown>;
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `staff:${actor.staffId}`;
    case 'station':
      return `station:${actor.stationId}`;
    case 'driver':
      return `user:${actor.userId}`;
    case 'system':
      return `system:${actor.reason}`;
  }
}

export async function recordAudit(db: Db, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    institutionId: entry.institutionId,
    actor: actorLabel(ctx.actor),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
    at: ctx.now(),
  });
}

export interface AuditQuery {
  limit: number;
  /** Only rows with a smaller id (keyset pagination, newest first). */
  beforeId?: number;
  institutionId?: string;
}

export interface AuditRow {
  id: number;
  institutionId: string | null;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  at: Date;
}

export async function listAudit(db: Db, actor: Actor, query: AuditQuery): Promise<AuditRow[]> {
  const scope = scopeOf(actor);
  const conditions: SQL[] = [];
  if (scope.kind === 'one') conditions.push(eq(auditLog.institutionId, scope.institutionId));
  if (query.institutionId !== undefined) conditions.push(eq(auditLog.institutionId, query.institutionId));
  if (query.beforeId !== undefined) conditions.push(lt(auditLog.id, query.beforeId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
  return rows.map((row) => ({ ...row, details: (row.details ?? null) as Record<string, unknown> | null }));
}

/** Reading the trail is for those who manage the institution's staff (admins and the platform). */
export class AuditService {
  constructor(private readonly deps: { db: Db }) {}

  async list(ctx: Ctx, query: AuditQuery) {
    requirePermission(ctx.actor, 'staff:manage');
    return listAudit(this.deps.db, ctx.actor, query);
  }
}
