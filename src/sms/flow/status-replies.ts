/** Answers about a compartment or a phone's sessions: free, taken, or (to its owner) how it runs. */
import type { Ctx } from '../../shared/context.js';
import { inUse } from './compartment-check.js';
import type { Conversation, FlowContext } from './flow-context.js';
import type { Money, Reply } from './replies.js';
import * as repo from './sms-sessions.repository.js';
import type { Compartment, SmsSessionRow } from './sms-sessions.repository.js';

const MAX_STATUS_REPLIES = 3;

export class StatusReplies {
  constructor(private readonly flow: FlowContext) {}

  async status(ctx: Ctx, talk: Conversation, compartment: Compartment): Promise<void> {
    const { db } = this.flow.deps;
    const name = compartment.shortName;
    const open = await repo.findOpenSession(db, compartment.id);
    if (open !== undefined && open.phone === talk.phone)
      return this.answerOpen(ctx, talk, compartment, open, 'start');
    if (compartment.status === 'Unavailable' || compartment.status === 'Faulted')
      return this.flow.reply(talk, { kind: 'outOfService', name });
    const busy = inUse({
      status: compartment.status,
      transactionRunning: await repo.hasActiveOcppSession(db, compartment.stationId, compartment.evseId),
      smsSessionOpen: open !== undefined,
    });
    return this.flow.reply(talk, busy ? { kind: 'statusBusy', name } : { kind: 'statusFree', name });
  }

  async statusOfPhone(ctx: Ctx, talk: Conversation): Promise<void> {
    const open = await repo.openSessionsOfPhone(this.flow.deps.db, talk.institutionId!, talk.phone);
    if (open.length === 0) return this.flow.reply(talk, { kind: 'nothingToStop', name: undefined });
    for (const sms of open.slice(0, MAX_STATUS_REPLIES)) {
      const compartment = await repo.findCompartment(this.flow.deps.db, sms.chargePointId);
      await this.answerOpen(ctx, talk, compartment!, sms, 'start');
    }
  }

  /** The compartment has an open session: the owner hears its state, anyone else that it is taken. */
  async answerOpen(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
    open: SmsSessionRow,
    intent: 'start' | 'name',
  ): Promise<void> {
    const name = compartment.shortName;
    if (open.phone !== talk.phone)
      return this.flow.reply(talk, intent === 'name' ? { kind: 'notYours', name } : { kind: 'busy', name });
    switch (open.state) {
      case 'starting':
        return this.flow.reply(talk, { kind: 'starting', name });
      case 'active':
        return this.flow.reply(talk, await this.ownerStatus(ctx, compartment, open));
      case 'stopping':
        return this.flow.reply(talk, { kind: 'stopping', name });
      default:
        return this.flow.reply(talk, { kind: 'stopPending', name });
    }
  }

  /** Running since, how long, and what it costs so far (priced as billing would, for an anonymous phone). */
  private async ownerStatus(ctx: Ctx, compartment: Compartment, sms: SmsSessionRow): Promise<Reply> {
    const now = ctx.now();
    const since = sms.startedAt ?? sms.createdAt;
    const seconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
    let cost: Money | null = null;
    try {
      const quote = await this.flow.deps.pricing.quote(this.flow.systemCtx('SMS status'), compartment.id, {
        duration: `PT${Math.max(1, Math.ceil(seconds / 60))}M`,
        at: since.toISOString(),
      });
      cost = { cents: quote.totalCents, currency: quote.currency };
    } catch (error) {
      ctx.log.warn({ err: error, smsSessionId: sms.id }, 'no price for the SMS status');
    }
    return { kind: 'statusOwner', name: compartment.shortName, since, durationSeconds: seconds, cost };
  }
}
