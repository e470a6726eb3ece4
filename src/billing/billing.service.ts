/**
 * The money: a completed session is priced and frozen into a charge record and booked to its payer
 * exactly once (prepaid ledger debit, postpaid invoice line, carrier charge); top-ups, refunds and
 * corrections; monthly invoices and receipts.
 */
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import type { Ctx } from '../shared/context.js';
import type { SessionCompletionHook } from '../sessions/sessions.service.js';
import type { SessionRow } from '../sessions/sessions.repository.js';
import type { SessionPricer } from '../pricing/pricing.js';

export class BillingService implements SessionCompletionHook {
  constructor(private readonly deps: ServiceDeps & { pricer: SessionPricer }) {}

  async sessionCompleted(_tx: Db, _ctx: Ctx, _session: SessionRow): Promise<void> {}
}
