/**
 * Carrier billing: every finished SMS session is charged to the phone exactly once through the
 * carrier-billing adapter (dev records it; http calls the aggregator). Charges are outbox rows written
 * with their charge record (billing/freeze) and sent after commit by a worker, retried with backoff,
 * each outcome recorded. This service also carries the monthly credit notes to institutions
 * (billing/credit-notes.service.ts) and the phone-number retention job (privacy/), which it starts
 * and stops with itself. docs/carrier-billing.md explains the rules.
 */
import { assertVisible, can, requirePermission, scopeOf } from '../access/tenant-scope.js';
import type { ServiceDeps } from '../app/services.js';
import { recordAudit } from '../audit/audit.js';
import { CreditNoteService } from '../billing/credit-notes.service.js';
import { ConfigError } from '../config/config.js';
import { PhoneRetentionService } from '../privacy/phone-retention.service.js';
import { formatDateTime } from '../shared/berlin-time.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { Conflict, NotFound } from '../shared/errors.js';
import { maskPhone } from '../sms/phone.js';
import type { CarrierBillingAdapter, CarrierChargeOutcome } from './carrier-billing-adapter.js';
import * as repo from './carrier-charges.repository.js';
import { DevCarrierBillingAdapter } from './dev-adapter.js';
import { HttpCarrierBillingAdapter } from './http-adapter.js';
import { afterAttempt, CLAIM_LEASE_MS, MAX_ATTEMPTS } from './outbox-rules.js';

export type { CarrierChargeView, CarrierChargeFilter } from './carrier-charges.repository.js';

export interface CarrierBillingOptions {
  /** Default: from config.carrierBilling (CARRIER_BILLING). */
  adapter?: CarrierBillingAdapter;
  /** How often the worker looks for due charges besides being kicked (default 10 s). */
  pollIntervalMs?: number;
  /** Rows claimed per round (default 20). */
  batchSize?: number;
  maxAttempts?: number;
}

export const POLL_INTERVAL_MS = 10_000;

/** The adapter CARRIER_BILLING names; `http` without CARRIER_BILLING_URL is a configuration error. */
export function adapterFromConfig(config: ServiceDeps['config']['carrierBilling']): CarrierBillingAdapter {
  if (config.adapter === 'dev') return new DevCarrierBillingAdapter();
  if (config.url === undefined) throw new ConfigError('CARRIER_BILLING=http needs CARRIER_BILLING_URL');
  return new HttpCarrierBillingAdapter({ url: config.url, token: config.token });
}

export class CarrierBillingService {
  readonly creditNotes: CreditNoteService;
  readonly privacy: PhoneRetentionService;
  private adapter: CarrierBillingAdapter;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly deps: ServiceDeps,
    options: CarrierBillingOptions = {},
  ) {
    this.adapter = options.adapter ?? adapterFromConfig(deps.config.carrierBilling);
    this.pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
    this.batchSize = options.batchSize ?? 20;
    this.maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
    this.creditNotes = new CreditNoteService(deps);
    this.privacy = new PhoneRetentionService(deps);
  }

  /** Replaces the adapter (tests; a contract change at run time). */
  useAdapter(adapter: CarrierBillingAdapter): void {
    this.adapter = adapter;
  }

  // ---- the outbox worker ----

  start(): void {
    if (this.running) return;
    this.running = true;
    // SessionsService publishes session.stopped after the stop (and its carrier charge) committed.
    this.unsubscribe = this.deps.live.subscribe((event) => {
      if (event.type === 'session.stopped') this.kick();
    });
    this.timer = setInterval(() => this.kick(), this.pollIntervalMs);
    this.timer.unref();
    this.privacy.start();
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.privacy.stop();
    await this.loop;
  }

  /** Look for due charges now (after a stop, a retry); coalesces while a round runs. */
  kick(): void {
    if (!this.running) return;
    if (this.loop !== undefined) {
      this.again = true;
      return;
    }
    this.loop = this.drain().finally(() => {
      this.loop = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.running && (await this.runOnce()) > 0);
    } catch (error) {
      this.deps.log.error({ err: error }, 'carrier billing round failed');
    }
  }

  /** One round: claims due charges and attempts each once. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const now = this.deps.now();
    const adapter = this.adapter;
    const claimed = await repo.claimDue(
      this.deps.db,
      now,
      new Date(now.getTime() + CLAIM_LEASE_MS),
      adapter.name,
      this.batchSize,
    );
    for (const row of claimed) await this.attempt(adapter, row);
    return claimed.length;
  }

  private async attempt(adapter: CarrierBillingAdapter, row: repo.CarrierChargeRow): Promise<void> {
    const log = this.deps.log.child({ carrierChargeId: row.id, smsSessionId: row.smsSessionId });
    const view = await repo.findCarrierCharge(this.deps.db, row.id);
    const what = view?.chargePointName ?? 'Ladevorgang';
    let outcome: CarrierChargeOutcome;
    try {
      outcome = await adapter.charge({
        idempotencyKey: row.id,
        phone: row.phone,
        amountCents: row.amountCents,
        currency: row.currency,
        description: `Laden ${what}${view === undefined ? '' : ` ${formatDateTime(view.startedAt)}`}`,
        institutionId: row.institutionId,
      });
    } catch (error) {
      // An adapter bug must not lose the charge: it is tried again like a network error.
      outcome = { kind: 'failed', retryable: true, error: `adapter error: ${(error as Error).message}` };
    }
    const result = afterAttempt(outcome, row.attempts, this.deps.now(), this.maxAttempts);
    const recorded = await repo.recordAttempt(this.deps.db, row, result);
    const details = {
      attempts: row.attempts,
      status: result.status,
      error: result.error,
      adapter: adapter.name,
    };
    if (!recorded) log.warn(details, 'carrier charge outcome not recorded: the row was taken over');
    else if (result.status === 'charged')
      log.info({ ...details, reference: result.providerReference }, 'carrier charge charged');
    else if (result.status === 'failed') log.warn(details, 'carrier charge failed');
    else
      log.info(
        { ...details, nextAttemptAt: result.nextAttemptAt },
        'carrier charge attempt failed; will retry',
      );
  }

  // ---- the API ----

  async list(
    ctx: Ctx,
    filter: repo.CarrierChargeFilter,
    page: { limit: number; offset: number },
  ): Promise<repo.CarrierChargeView[]> {
    requirePermission(ctx.actor, 'billing:read');
    const rows = await repo.listCarrierCharges(this.deps.db, scopeOf(ctx.actor), filter, page);
    return rows.map((row) => this.shown(ctx, row));
  }

  async get(ctx: Ctx, carrierChargeId: string): Promise<repo.CarrierChargeView> {
    requirePermission(ctx.actor, 'billing:read');
    const row = assertVisible(
      ctx.actor,
      await repo.findCarrierCharge(this.deps.db, carrierChargeId),
      'carrier charge',
      carrierChargeId,
    );
    return this.shown(ctx, row);
  }

  /** A failed charge is tried again (e.g. after the aggregator fixed a contract problem); audited. */
  async retry(ctx: Ctx, carrierChargeId: string): Promise<repo.CarrierChargeView> {
    requirePermission(ctx.actor, 'billing:manage');
    const before = await this.get(ctx, carrierChargeId);
    if (before.status !== 'failed')
      throw new Conflict(`Only a failed carrier charge can be retried (this one is ${before.status})`, {
        status: before.status,
      });
    await this.deps.db.transaction(async (tx) => {
      const row = await repo.requeueFailed(tx, carrierChargeId, ctx.now());
      if (row === undefined) throw new Conflict('The carrier charge changed meanwhile; reload it');
      await recordAudit(tx, ctx, {
        institutionId: before.institutionId,
        action: 'carrier_charge.retried',
        target: `carrier_charge:${carrierChargeId}`,
        details: { previousAttempts: before.attempts, previousError: before.error },
      });
    });
    this.kick();
    const after = await repo.findCarrierCharge(this.deps.db, carrierChargeId);
    if (after === undefined) throw new NotFound('carrier charge', carrierChargeId);
    return this.shown(ctx, after);
  }

  /** Phone numbers in full only for roles that need them (sms:phone); masked otherwise. */
  private shown(ctx: Ctx, row: repo.CarrierChargeView): repo.CarrierChargeView {
    return can(ctx.actor, 'sms:phone') ? row : { ...row, phone: maskPhone(row.phone) };
  }

  /** A context for the worker's own log lines and jobs. */
  systemCtx(reason: string): Ctx {
    return { actor: systemActor(reason), now: this.deps.now, log: this.deps.log };
  }
}
