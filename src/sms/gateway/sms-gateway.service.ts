/**
 * The SMS gateway: stores every inbound SMS once (idempotent on the provider's message id) and hands
 * it to the flow; queues outbound SMS in the caller's transaction and sends them through the
 * configured provider (log, smpp, http) after commit; keeps the SMS log and the institutions' numbers.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, like, lt } from 'drizzle-orm';
import { assertVisible, requirePermission } from '../../access/tenant-scope.js';
import type { ServiceDeps } from '../../app/services.js';
import type { Db } from '../../db/database.js';
import { smsMessages, smsNumbers } from '../../db/schema.js';
import { systemActor, type Ctx } from '../../shared/context.js';
import { ValidationFailed } from '../../shared/errors.js';
import { normalizePhone } from '../phone.js';
import type { InboundSms, InboundSmsHandler, OutboundSms, SmsOutbox, StoredInboundSms } from '../sms.js';
import { DEFAULT_DISPATCHER_OPTIONS, SmsDispatcher, type DispatcherOptions } from './dispatcher.js';
import { segmentCount } from './encoding.js';
import { inboundProvider } from './inbound-auth.js';
import { createProvider } from './providers/create-provider.js';
import type { DeliveryReceipt, SmsProvider } from './providers/provider.js';
import { SmsLog } from './sms-log.service.js';
import { SmsNumbers } from './sms-numbers.service.js';

export interface ReceiveResult {
  id: string;
  /** The provider delivered this message id before: nothing was handled again. */
  duplicate: boolean;
}

export interface ReceiveOptions {
  /**
   * For providers without a stable message id (SMPP without one, see docs/sms.md): the id is
   * "<content hash>@<time>", and the same hash within this many seconds counts as a redelivery.
   */
  redeliveryWindowS?: number;
}

export interface SmsGatewayOptions extends Partial<DispatcherOptions> {
  /** Replaces the provider config.sms.provider names (tests). */
  provider?: SmsProvider;
  /** Inbound messages left 'received' by a crash, handled at start. */
  recoveryBatch?: number;
}

/** Longest inbound text stored; longer ones are cut (10 concatenated parts of 160). */
export const MAX_INBOUND_TEXT = 1600;

type MessageRow = typeof smsMessages.$inferSelect;

export class SmsGateway implements SmsOutbox {
  private handler: InboundSmsHandler | undefined;
  readonly provider: SmsProvider;
  private readonly dispatcher: SmsDispatcher;
  private readonly inFlight = new Set<Promise<void>>();
  private startedAt: Date | undefined;
  private recovery: Promise<void> | undefined;
  /** The SMS log (list, get with masking). */
  readonly log: SmsLog;
  /** The institutions' numbers. */
  readonly numbers: SmsNumbers;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: SmsGatewayOptions = {},
  ) {
    this.provider = options.provider ?? createProvider(deps.config.sms, deps.log);
    this.dispatcher = new SmsDispatcher(deps, this.provider, { ...DEFAULT_DISPATCHER_OPTIONS, ...options });
    this.log = new SmsLog(deps);
    this.numbers = new SmsNumbers(deps);
  }

  /** The flow registers here (app/services.ts). */
  setHandler(handler: InboundSmsHandler): void {
    this.handler = handler;
  }

  /** Stores an inbound SMS (once per provider message id), then lets the flow answer it. */
  async receive(ctx: Ctx, inbound: InboundSms, options: ReceiveOptions = {}): Promise<ReceiveResult> {
    const from = normalizePhone(inbound.from);
    if (from === undefined)
      throw new ValidationFailed(`The sender "${inbound.from}" is not a phone number`, { field: 'from' });
    const to = normalizePhone(inbound.to);
    if (to === undefined)
      throw new ValidationFailed(`The recipient "${inbound.to}" is not a phone number or short code`, {
        field: 'to',
      });
    if (inbound.text.trim() === '') throw new ValidationFailed('The SMS text is empty', { field: 'text' });
    if (inbound.providerMessageId.trim() === '')
      throw new ValidationFailed('The provider message id is empty', { field: 'id' });
    const receivedAt = inbound.receivedAt ?? ctx.now();
    const db = this.deps.db;

    if (options.redeliveryWindowS !== undefined) {
      const hash = inbound.providerMessageId.split('@')[0]!;
      const [earlier] = await db
        .select({ id: smsMessages.id })
        .from(smsMessages)
        .where(
          and(
            eq(smsMessages.direction, 'inbound'),
            eq(smsMessages.provider, inbound.provider),
            like(smsMessages.providerMessageId, `${hash}@%`),
            gte(smsMessages.receivedAt, new Date(receivedAt.getTime() - options.redeliveryWindowS * 1000)),
          ),
        )
        .limit(1);
      if (earlier !== undefined) return { id: earlier.id, duplicate: true };
    }

    const [number] = await db
      .select({ institutionId: smsNumbers.institutionId })
      .from(smsNumbers)
      .where(and(eq(smsNumbers.number, to), eq(smsNumbers.active, true)));
    const institutionId = number?.institutionId ?? null;
    const [row] = await db
      .insert(smsMessages)
      .values({
        institutionId,
        direction: 'inbound',
        provider: inbound.provider,
        providerMessageId: inbound.providerMessageId,
        fromNumber: from,
        toNumber: to,
        text: inbound.text.slice(0, MAX_INBOUND_TEXT),
        status: 'received',
        receivedAt,
        createdAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (row === undefined) {
      const [existing] = await db
        .select({ id: smsMessages.id })
        .from(smsMessages)
        .where(
          and(
            eq(smsMessages.direction, 'inbound'),
            eq(smsMessages.provider, inbound.provider),
            eq(smsMessages.providerMessageId, inbound.providerMessageId),
          ),
        );
      if (existing === undefined) throw new Error('Inbound SMS neither stored nor found');
      ctx.log.info(
        { smsMessageId: existing.id, provider: inbound.provider },
        'inbound SMS repeated; ignored',
      );
      return { id: existing.id, duplicate: true };
    }
    ctx.log.info({ smsMessageId: row.id, provider: row.provider, institutionId }, 'inbound SMS stored');
    this.announce(row);
    // The webhook (or deliver_sm_resp) answers now; a start command may take seconds at the station.
    this.track(this.handle(row));
    return { id: row.id, duplicate: false };
  }

  /** Stores an outbound SMS in the caller's transaction; `kick()` after commit sends it. */
  async queue(db: Db, ctx: Ctx, message: OutboundSms): Promise<{ id: string }> {
    const to = normalizePhone(message.to);
    if (to === undefined)
      throw new ValidationFailed(`Cannot send an SMS to "${message.to}"`, { field: 'to' });
    const from = normalizePhone(message.from) ?? message.from;
    if (message.text === '') throw new ValidationFailed('An SMS needs a text', { field: 'text' });
    const now = ctx.now();
    const [row] = await db
      .insert(smsMessages)
      .values({
        institutionId: message.institutionId,
        direction: 'outbound',
        provider: this.provider.name,
        fromNumber: from,
        toNumber: to,
        text: message.text,
        language: message.language,
        kind: message.kind,
        status: 'queued',
        segments: segmentCount(message.text),
        inReplyToId: message.inReplyToId ?? null,
        smsSessionId: message.smsSessionId ?? null,
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: smsMessages.id });
    return { id: row!.id };
  }

  /** The provider name an inbound webhook's Authorization header belongs to (SMS_INBOUND_TOKENS). */
  inboundProvider(authorization: string | undefined): string | undefined {
    return inboundProvider(this.deps.config.sms.inboundTokens, authorization);
  }

  /**
   * Staff simulate an inbound SMS to one of their institution's numbers (provider `portal`), so the
   * whole flow can be tried with the log provider. Answers go to `from` like any other.
   */
  async testInbound(ctx: Ctx, input: { from: string; to: string; text: string }): Promise<ReceiveResult> {
    requirePermission(ctx.actor, 'sms:manage');
    const to = normalizePhone(input.to);
    const [number] =
      to === undefined ? [] : await this.deps.db.select().from(smsNumbers).where(eq(smsNumbers.number, to));
    // Only a number of the actor's own institution: a test must not reach another institution's flow.
    assertVisible(ctx.actor, number, 'SMS number', input.to);
    return this.receive(ctx, { provider: 'portal', providerMessageId: randomUUID(), ...input });
  }

  /** Wakes the dispatcher (call after the transaction that queued committed). */
  kick(): void {
    this.dispatcher.kick();
  }

  /** Queues on the gateway's own database and sends at once. */
  async send(ctx: Ctx, message: OutboundSms): Promise<{ id: string }> {
    const queued = await this.queue(this.deps.db, ctx, message);
    this.kick();
    return queued;
  }

  /** Records a delivery receipt (SMPP deliver_sm receipt, or a provider's callback). */
  async receipt(receipt: DeliveryReceipt): Promise<void> {
    await this.dispatcher.receipt(receipt);
  }

  /** Starts the dispatcher and the provider's connection (SMPP bind). */
  start(): void {
    this.startedAt = this.deps.now();
    const ctx = this.systemCtx('sms provider');
    this.provider.start({
      inbound: (message, options) => this.receive(ctx, message, options),
      receipt: (receipt) => this.receipt(receipt),
      ready: () => this.kick(),
    });
    this.dispatcher.start();
    this.recovery = this.recover().catch((error: unknown) =>
      this.deps.log.error({ err: error }, 'handling of inbound SMS left from before failed'),
    );
  }

  /** Stops the dispatcher, waits for messages in flight and closes the provider. */
  async stop(): Promise<void> {
    await this.recovery;
    await this.dispatcher.stop();
    await this.provider.stop();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves once nothing is being handled or sent right now (tests). */
  async idle(): Promise<void> {
    await this.recovery;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.dispatcher.idle();
  }

  /**
   * Inbound messages a crash left 'received' (stored, never answered) are handled once at start; a
   * message that failed in handling stays failed: retrying it could start a second session.
   */
  private async recover(): Promise<void> {
    const rows = await this.deps.db
      .select()
      .from(smsMessages)
      .where(
        and(
          eq(smsMessages.direction, 'inbound'),
          eq(smsMessages.status, 'received'),
          lt(smsMessages.createdAt, this.startedAt ?? this.deps.now()),
        ),
      )
      .orderBy(asc(smsMessages.createdAt))
      .limit(this.options.recoveryBatch ?? 100);
    if (rows.length > 0) this.deps.log.warn({ count: rows.length }, 'handling inbound SMS left unanswered');
    for (const row of rows) this.track(this.handle(row));
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(row: MessageRow): Promise<void> {
    const handler = this.handler;
    const ctx = this.systemCtx('sms inbound', row.id);
    if (handler === undefined) {
      ctx.log.warn('no handler for inbound SMS; left as received');
      return;
    }
    const stored: StoredInboundSms = {
      id: row.id,
      institutionId: row.institutionId,
      provider: row.provider,
      from: row.fromNumber,
      to: row.toNumber,
      text: row.text,
      receivedAt: row.receivedAt ?? row.createdAt,
    };
    let error: string | null = null;
    try {
      await handler.handleInbound(ctx, stored);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      ctx.log.error({ err: caught }, 'handling an inbound SMS failed');
    }
    try {
      const [updated] = await this.deps.db
        .update(smsMessages)
        .set({ status: error === null ? 'handled' : 'failed', error })
        .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, 'received')))
        .returning();
      if (updated !== undefined) this.announce(updated);
    } catch (caught) {
      ctx.log.error({ err: caught }, 'could not record the outcome of an inbound SMS');
    }
  }

  private systemCtx(reason: string, smsMessageId?: string): Ctx {
    return {
      actor: systemActor(reason),
      now: this.deps.now,
      log: smsMessageId === undefined ? this.deps.log : this.deps.log.child({ smsMessageId }),
    };
  }

  private announce(row: MessageRow): void {
    if (row.institutionId === null) return;
    this.deps.live.publish({
      type: 'sms.message',
      institutionId: row.institutionId,
      messageId: row.id,
      direction: row.direction,
      status: row.status,
      smsSessionId: row.smsSessionId,
    });
  }
}
