/**
 * The SMS log as staff read it: every message in and out, scoped by institution, phone numbers masked
 * for roles without sms:phone. Only the person's side is masked: the service side (the number they
 * texted, a short code or the institution's long number) is never personal data.
 */
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { can, requirePermission, scopeOf } from '../../access/tenant-scope.js';
import type { Db } from '../../db/database.js';
import { smsMessages } from '../../db/schema.js';
import type { Actor, Ctx } from '../../shared/context.js';
import { NotFound, ValidationFailed } from '../../shared/errors.js';
import { maskPhone, normalizePhone } from '../phone.js';

type MessageRow = typeof smsMessages.$inferSelect;

export interface SmsMessageView extends Omit<MessageRow, 'fromNumber' | 'toNumber' | 'pseudonymisedAt'> {
  from: string;
  to: string;
  /** The person's number is shown masked (the actor lacks sms:phone). */
  phoneMasked: boolean;
}

export interface SmsMessageQuery {
  direction?: 'inbound' | 'outbound';
  status?: MessageRow['status'];
  /** Matches sender or recipient; needs sms:phone (a masked search would reveal numbers). */
  phone?: string;
  smsSessionId?: string;
  /** Keyset paging: messages created before this time. */
  before?: Date;
  limit: number;
}

export function viewOf(actor: Actor, row: MessageRow): SmsMessageView {
  const { fromNumber, toNumber, pseudonymisedAt: _pseudonymised, ...rest } = row;
  const masked = !can(actor, 'sms:phone');
  const hide = (digits: string) => (masked ? maskPhone(digits) : digits);
  // Confirmations and reminders carry the receipt PIN, which opens the compartment: only admins read it.
  const text =
    row.direction === 'outbound' && !can(actor, 'sms:manage')
      ? row.text.replace(/\b\d{6}\b/g, '••••••')
      : row.text;
  return {
    ...rest,
    text,
    // Inbound: the person sent it; outbound: the person receives it.
    from: row.direction === 'inbound' ? hide(fromNumber) : fromNumber,
    to: row.direction === 'outbound' ? hide(toNumber) : toNumber,
    phoneMasked: masked,
  };
}

export class SmsLog {
  constructor(private readonly deps: { db: Db }) {}

  async list(ctx: Ctx, query: SmsMessageQuery): Promise<SmsMessageView[]> {
    requirePermission(ctx.actor, 'sms:read');
    const scope = scopeOf(ctx.actor);
    const where: SQL[] = [];
    if (scope.kind === 'one') where.push(eq(smsMessages.institutionId, scope.institutionId));
    if (query.direction !== undefined) where.push(eq(smsMessages.direction, query.direction));
    if (query.status !== undefined) where.push(eq(smsMessages.status, query.status));
    if (query.smsSessionId !== undefined) where.push(eq(smsMessages.smsSessionId, query.smsSessionId));
    if (query.before !== undefined) where.push(lt(smsMessages.createdAt, query.before));
    if (query.phone !== undefined) {
      requirePermission(ctx.actor, 'sms:phone');
      const phone = normalizePhone(query.phone);
      if (phone === undefined) throw new ValidationFailed(`"${query.phone}" is not a phone number`);
      where.push(or(eq(smsMessages.fromNumber, phone), eq(smsMessages.toNumber, phone))!);
    }
    const rows = await this.deps.db
      .select()
      .from(smsMessages)
      .where(and(...where))
      .orderBy(desc(smsMessages.createdAt), desc(smsMessages.id))
      .limit(query.limit);
    return rows.map((row) => viewOf(ctx.actor, row));
  }

  async get(ctx: Ctx, messageId: string): Promise<SmsMessageView> {
    requirePermission(ctx.actor, 'sms:read');
    const [row] = await this.deps.db.select().from(smsMessages).where(eq(smsMessages.id, messageId));
    const scope = scopeOf(ctx.actor);
    // A message to a number nobody owns (institution null) is for the platform's eyes only.
    if (row === undefined || (scope.kind === 'one' && row.institutionId !== scope.institutionId))
      throw new NotFound('SMS message', messageId);
    return viewOf(ctx.actor, row);
  }
}
