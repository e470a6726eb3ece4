/**
 * The numbers people text (short codes, long numbers), each owned by one institution. Changes are
 * audited. A number still used by an open SMS session cannot be deleted (its answers go out from it);
 * deactivating it is always possible and stops new inbound SMS from reaching the institution.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { assertVisible, requirePermission, scopeOf, targetInstitution } from '../../access/tenant-scope.js';
import { recordAudit } from '../../audit/audit.js';
import type { Db } from '../../db/database.js';
import { institutions, smsNumbers, smsSessions } from '../../db/schema.js';
import type { Ctx } from '../../shared/context.js';
import { Conflict, NotFound, ValidationFailed } from '../../shared/errors.js';
import { normalizePhone } from '../phone.js';

export type SmsNumberRow = typeof smsNumbers.$inferSelect;

export interface CreateSmsNumber {
  number: string;
  label?: string | null;
  /** For platform admins: the institution that owns it. */
  institutionId?: string;
}

export interface UpdateSmsNumber {
  label?: string | null;
  active?: boolean;
}

const OPEN_STATES = ['starting', 'active', 'stopping', 'stop_pending'] as const;

export class SmsNumbers {
  constructor(private readonly deps: { db: Db }) {}

  async list(ctx: Ctx): Promise<SmsNumberRow[]> {
    requirePermission(ctx.actor, 'sms:read');
    const scope = scopeOf(ctx.actor);
    return this.deps.db
      .select()
      .from(smsNumbers)
      .where(scope.kind === 'one' ? eq(smsNumbers.institutionId, scope.institutionId) : undefined)
      .orderBy(asc(smsNumbers.number));
  }

  async get(ctx: Ctx, numberId: string): Promise<SmsNumberRow> {
    requirePermission(ctx.actor, 'sms:read');
    const [row] = await this.deps.db.select().from(smsNumbers).where(eq(smsNumbers.id, numberId));
    return assertVisible(ctx.actor, row, 'SMS number', numberId);
  }

  async create(ctx: Ctx, input: CreateSmsNumber): Promise<SmsNumberRow> {
    requirePermission(ctx.actor, 'sms:manage');
    const institutionId = targetInstitution(ctx.actor, input.institutionId);
    const number = normalizePhone(input.number);
    if (number === undefined)
      throw new ValidationFailed(`"${input.number}" is not a phone number or short code`, {
        field: 'number',
      });
    return this.deps.db.transaction(async (tx) => {
      const [institution] = await tx
        .select({ id: institutions.id })
        .from(institutions)
        .where(eq(institutions.id, institutionId));
      if (institution === undefined) throw new NotFound('institution', institutionId);
      const [row] = await tx
        .insert(smsNumbers)
        .values({ institutionId, number, label: input.label ?? null })
        .onConflictDoNothing()
        .returning();
      // Numbers are unique across institutions: whose it is, is not revealed.
      if (row === undefined) throw new Conflict(`The number ${number} is already registered`, { number });
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'sms_number.created',
        target: `sms_number:${row.id}`,
        details: { number, label: row.label },
      });
      return row;
    });
  }

  async update(ctx: Ctx, numberId: string, input: UpdateSmsNumber): Promise<SmsNumberRow> {
    requirePermission(ctx.actor, 'sms:manage');
    const current = await this.get(ctx, numberId);
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(smsNumbers)
        .set({
          ...(input.label === undefined ? {} : { label: input.label }),
          ...(input.active === undefined ? {} : { active: input.active }),
        })
        .where(eq(smsNumbers.id, numberId))
        .returning();
      await recordAudit(tx, ctx, {
        institutionId: current.institutionId,
        action: 'sms_number.updated',
        target: `sms_number:${numberId}`,
        details: {
          number: current.number,
          ...(input.label === undefined ? {} : { label: { from: current.label, to: input.label } }),
          ...(input.active === undefined ? {} : { active: { from: current.active, to: input.active } }),
        },
      });
      return row!;
    });
  }

  async remove(ctx: Ctx, numberId: string): Promise<void> {
    requirePermission(ctx.actor, 'sms:manage');
    const current = await this.get(ctx, numberId);
    await this.deps.db.transaction(async (tx) => {
      const [open] = await tx
        .select({ id: smsSessions.id })
        .from(smsSessions)
        .where(
          and(eq(smsSessions.serviceNumber, current.number), inArray(smsSessions.state, [...OPEN_STATES])),
        )
        .limit(1);
      if (open !== undefined)
        throw new Conflict('Open SMS sessions still use this number; deactivate it instead', {
          number: current.number,
        });
      await tx.delete(smsNumbers).where(eq(smsNumbers.id, numberId));
      await recordAudit(tx, ctx, {
        institutionId: current.institutionId,
        action: 'sms_number.deleted',
        target: `sms_number:${numberId}`,
        details: { number: current.number },
      });
    });
  }
}
