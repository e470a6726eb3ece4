/**
 * The audit trail: who changed what, and when. Every service verb that changes tenant data writes
 * one row, in the same transaction as the change when it has one, so the trail cannot miss a change.
 */
import { and, desc, eq, gte, inArray, like, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { auditLog, staff, users } from '../db/schema.js';
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
  /** An action (`charge_point.unlocked`) or its context (`charge_point`: every `charge_point.` action). */
  action?: string;
  /** At or after. */
  from?: Date;
  /** Before. */
  to?: Date;
}

export interface AuditRow {
  id: number;
  institutionId: string | null;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  at: Date;
  /** The staff member's or driver's name (else e-mail) when the actor is a person; null otherwise. */
  actorName: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAudit(db: Db, actor: Actor, query: AuditQuery): Promise<AuditRow[]> {
  const scope = scopeOf(actor);
  const conditions: SQL[] = [];
  if (scope.kind === 'one') conditions.push(eq(auditLog.institutionId, scope.institutionId));
  if (query.institutionId !== undefined) conditions.push(eq(auditLog.institutionId, query.institutionId));
  if (query.beforeId !== undefined) conditions.push(lt(auditLog.id, query.beforeId));
  if (query.action !== undefined) {
    const action = query.action.replace(/\.$/, '');
    conditions.push(or(eq(auditLog.action, action), like(auditLog.action, `${escapeLike(action)}.%`)) as SQL);
  }
  if (query.from !== undefined) conditions.push(gte(auditLog.at, query.from));
  if (query.to !== undefined) conditions.push(lt(auditLog.at, query.to));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
  const names = await actorNames(
    db,
    rows.map((row) => row.actor),
  );
  return rows.map((row) => ({
    ...row,
    details: (row.details ?? null) as Record<string, unknown> | null,
    actorName: names.get(row.actor) ?? null,
  }));
}

/** `staff:{id}` and `user:{id}` → the person's name (or e-mail), so the trail reads "who", not an id. */
async function actorNames(db: Db, actors: string[]): Promise<Map<string, string>> {
  const idsOf = (prefix: string) => [
    ...new Set(
      actors
        .filter((actor) => actor.startsWith(prefix))
        .map((actor) => actor.slice(prefix.length))
        .filter((id) => /^[0-9a-f-]{36}$/.test(id)),
    ),
  ];
  const staffIds = idsOf('staff:');
  const userIds = idsOf('user:');
  const names = new Map<string, string>();
  if (staffIds.length > 0) {
    const rows = await db
      .select({ id: staff.id, name: staff.name, email: staff.email })
      .from(staff)
      .where(inArray(staff.id, staffIds));
    for (const row of rows) names.set(`staff:${row.id}`, row.name !== '' ? row.name : row.email);
  }
  if (userIds.length > 0) {
    const rows = await db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(inArray(users.id, userIds));
    for (const row of rows) names.set(`user:${row.id}`, row.name !== '' ? row.name : (row.email ?? row.name));
  }
  return names;
}

/** Reading the trail is for those who manage the institution's staff (admins and the platform). */
export class AuditService {
  constructor(private readonly deps: { db: Db }) {}

  async list(ctx: Ctx, query: AuditQuery) {
    requirePermission(ctx.actor, 'staff:manage');
    return listAudit(this.deps.db, ctx.actor, query);
  }
}
