/**
 * What every part of the SMS flow shares: its dependencies and the way it answers. Every answer is
 * queued in the outbox (durable with the change it reports) and sent after commit.
 */
import type { ServiceDeps } from '../../app/services.js';
import type { AlertsService } from '../../alerts/alerts.service.js';
import type { CommandService } from '../../commands/commands.service.js';
import type { Db } from '../../db/database.js';
import type { SmsKind, SmsSessionState } from '../../db/schema.js';
import type { LiveEvent } from '../../live/live-events.js';
import type { ConnectionRegistry } from '../../ocpp/connections.js';
import type { PricingService } from '../../pricing/pricing.service.js';
import { systemActor, type Ctx } from '../../shared/context.js';
import type { Language, SmsOutbox } from '../sms.js';
import { renderReply, type Reply } from './replies.js';
import type { Compartment, SmsSessionRow } from './sms-sessions.repository.js';

export interface SmsFlowDeps extends ServiceDeps {
  outbox: SmsOutbox;
  commands: CommandService;
  pricing: PricingService;
  alerts: AlertsService;
  connections: ConnectionRegistry;
}

/** Where an answer goes: to the phone, from the number it texted, in its language. */
export interface Conversation {
  institutionId: string | null;
  serviceNumber: string;
  phone: string;
  language: Language;
  inReplyToId?: string;
}

const REPLY_KIND: Partial<Record<Reply['kind'], SmsKind>> = {
  confirmation: 'confirmation',
  closing: 'closing',
  reminder: 'reminder',
};

export class FlowContext {
  constructor(readonly deps: SmsFlowDeps) {}

  /** Queues the answer outside any transaction and sends it at once. */
  async reply(talk: Conversation, reply: Reply, smsSessionId?: string): Promise<void> {
    await this.queue(this.deps.db, this.systemCtx('SMS reply'), talk, reply, smsSessionId);
    this.deps.outbox.kick();
  }

  /** Queues the answer in `db` (a transaction: sent only if it commits); the caller kicks the outbox. */
  async queue(db: Db, ctx: Ctx, talk: Conversation, reply: Reply, smsSessionId?: string): Promise<void> {
    await this.deps.outbox.queue(db, ctx, {
      institutionId: talk.institutionId,
      from: talk.serviceNumber,
      to: talk.phone,
      text: renderReply(reply, talk.language, ctx.now()),
      language: talk.language,
      kind: REPLY_KIND[reply.kind] ?? 'reply',
      ...(talk.inReplyToId === undefined ? {} : { inReplyToId: talk.inReplyToId }),
      ...(smsSessionId === undefined ? {} : { smsSessionId }),
    });
  }

  sessionEvent(row: SmsSessionRow): LiveEvent {
    return {
      type: 'sms.session',
      institutionId: row.institutionId,
      smsSessionId: row.id,
      chargePointId: row.chargePointId,
      state: row.state satisfies SmsSessionState,
    };
  }

  announce(row: SmsSessionRow): void {
    this.deps.live.publish(this.sessionEvent(row));
  }

  systemCtx(reason: string): Ctx {
    return { actor: systemActor(reason), now: this.deps.now, log: this.deps.log };
  }

  online(compartment: Compartment): boolean {
    const link = this.deps.connections.get(compartment.chargeBoxId);
    return (
      link !== undefined &&
      link.stationId === compartment.stationId &&
      compartment.registration === 'accepted'
    );
  }

  /** The short price text of the compartment in the person's language; undefined: no tariff. */
  async priceText(ctx: Ctx, chargePointId: string, language: Language): Promise<string | undefined> {
    try {
      const text = await this.deps.pricing.priceText(this.systemCtx('SMS price'), chargePointId, language);
      return text.short ?? text.text;
    } catch (error) {
      ctx.log.warn({ err: error, chargePointId }, 'no price text for an SMS start');
      return undefined;
    }
  }
}
