/**
 * The SMS locker flow (DESIGN "The SMS locker flow"): a text with a compartment's name starts a
 * session at the station with a receipt PIN as its token; the same name from the same phone, or the
 * PIN at the keypad, ends it. Every other case gets a short answer in the sender's language.
 */
import type { ServiceDeps } from '../../app/services.js';
import type { AlertsService } from '../../alerts/alerts.service.js';
import type { CommandService } from '../../commands/commands.service.js';
import type { Db } from '../../db/database.js';
import type { SessionRow } from '../../sessions/sessions.repository.js';
import type { SessionCompletionHook } from '../../sessions/sessions.service.js';
import type { PricingService } from '../../pricing/pricing.service.js';
import type { Ctx } from '../../shared/context.js';
import type { InboundSmsHandler, SmsOutbox, StoredInboundSms } from '../sms.js';

export interface SmsFlowDeps extends ServiceDeps {
  outbox: SmsOutbox;
  commands: CommandService;
  pricing: PricingService;
  alerts: AlertsService;
}

export class SmsFlow implements InboundSmsHandler, SessionCompletionHook {
  constructor(private readonly deps: SmsFlowDeps) {}

  async handleInbound(_ctx: Ctx, _message: StoredInboundSms): Promise<void> {
    void this.deps;
    throw new Error('not built yet');
  }

  /** Runs inside the stop's transaction, after billing froze the charge record: queues the closing SMS. */
  async sessionCompleted(_tx: Db, _ctx: Ctx, _session: SessionRow): Promise<void> {}

  /** Watches stations coming back (pending stops) and overdue sessions (reminders). */
  start(): void {}

  async stop(): Promise<void> {}
}
