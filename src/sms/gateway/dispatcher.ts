/**
 * The outbox dispatcher: claims due queued messages, sends them through the provider and records the
 * outcome. Woken by `kick()` after a commit and by a poll, so a message queued by another node or left
 * by a crash still goes out.
 *
 * Claiming pushes `next_attempt_at` ahead by a lease inside one UPDATE over a `FOR UPDATE SKIP LOCKED`
 * selection: two rounds (or two nodes) never claim the same row, and a node that dies mid-send leaves
 * the row due again once the lease ends (at-least-once; a duplicate SMS beats a lost one).
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { OutboxLoop } from '../../shared/outbox-loop.js';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import { smsMessages } from '../../db/schema.js';
import type { LiveEvents } from '../../live/live-events.js';
import { PermanentSendError, type DeliveryReceipt, type SmsProvider } from './providers/provider.js';
import { retryDelayMs } from './retry.js';

export interface DispatcherOptions {
  /** How often due messages are looked for without a kick. */
  pollIntervalMs: number;
  /** Attempts before a message is given up as failed. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed message is reserved for the send in flight. */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollIntervalMs: 1_000,
  maxAttempts: 8,
  retryBaseMs: 5_000,
  retryMaxMs: 10 * 60_000,
  leaseMs: 60_000,
  batchSize: 20,
};

type MessageRow = typeof smsMessages.$inferSelect;

/** A receipt that arrived before its submit was recorded waits this long for it. */
const EARLY_RECEIPT_TTL_MS = 5 * 60_000;

export class SmsDispatcher {
  private readonly earlyReceipts = new Map<string, { receipt: DeliveryReceipt; expires: number }>();

  private readonly loop: OutboxLoop;

  constructor(
    private readonly deps: { db: Db; log: Logger; live: LiveEvents; now: () => Date },
    private readonly provider: SmsProvider,
    private readonly options: DispatcherOptions,
  ) {
    this.loop = new OutboxLoop({
      pollIntervalMs: options.pollIntervalMs,
      batchSize: options.batchSize,
      round: () => this.round(),
      log: deps.log,
      name: 'SMS dispatch',
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Runs a round now, or one more right after the round in progress. */
  kick(): void {
    this.loop.kick();
  }

  /** Resolves when no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    await this.loop.idle();
  }

  /** Claims and sends one batch; returns how many it claimed. */
  private async round(): Promise<number> {
    const now = this.deps.now();
    const due = this.deps.db
      .select({ id: smsMessages.id })
      .from(smsMessages)
      .where(
        and(
          eq(smsMessages.status, 'queued'),
          eq(smsMessages.direction, 'outbound'),
          lte(smsMessages.nextAttemptAt, now),
        ),
      )
      .orderBy(asc(smsMessages.nextAttemptAt))
      .limit(this.options.batchSize)
      .for('update', { skipLocked: true });
    const claimed = await this.deps.db
      .update(smsMessages)
      .set({
        attempts: sql`${smsMessages.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + this.options.leaseMs),
      })
      .where(and(inArray(smsMessages.id, due), eq(smsMessages.status, 'queued')))
      .returning();
    await Promise.all(claimed.map((row) => this.deliver(row)));
    return claimed.length;
  }

  private async deliver(row: MessageRow): Promise<void> {
    const log = this.deps.log.child({ smsMessageId: row.id });
    let updated: MessageRow | undefined;
    try {
      const sent = await this.provider.send({
        id: row.id,
        from: row.fromNumber,
        to: row.toNumber,
        text: row.text,
      });
      [updated] = await this.deps.db
        .update(smsMessages)
        .set({
          status: 'sent',
          provider: this.provider.name,
          providerMessageId: sent.providerMessageId,
          sentAt: this.deps.now(),
          nextAttemptAt: null,
          error: null,
        })
        .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, 'queued')))
        .returning();
      log.info({ providerMessageId: sent.providerMessageId, provider: this.provider.name }, 'SMS sent');
      const early = this.earlyReceipts.get(sent.providerMessageId);
      if (early !== undefined) {
        this.earlyReceipts.delete(sent.providerMessageId);
        await this.receipt(early.receipt);
        return;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentSendError;
      const giveUp = permanent || row.attempts >= this.options.maxAttempts;
      const retryAt = new Date(
        this.deps.now().getTime() +
          retryDelayMs(row.attempts, this.options.retryBaseMs, this.options.retryMaxMs),
      );
      [updated] = await this.deps.db
        .update(smsMessages)
        .set(
          giveUp
            ? { status: 'failed', error: message, nextAttemptAt: null }
            : { error: message, nextAttemptAt: retryAt },
        )
        .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, 'queued')))
        .returning();
      if (giveUp) log.error({ err: error, attempts: row.attempts }, 'SMS could not be sent; given up');
      else log.warn({ err: error, attempts: row.attempts, retryAt }, 'SMS send failed; will retry');
    }
    if (updated !== undefined) this.announce(updated);
  }

  /** Records a delivery receipt on the outbound message it belongs to. */
  async receipt(receipt: DeliveryReceipt): Promise<void> {
    const [row] = await this.deps.db
      .update(smsMessages)
      .set({
        status: receipt.delivered ? 'delivered' : 'undeliverable',
        deliveredAt: receipt.delivered ? receipt.at : null,
        error: receipt.delivered ? null : `delivery receipt: ${receipt.state}`,
      })
      .where(
        and(
          eq(smsMessages.direction, 'outbound'),
          eq(smsMessages.provider, this.provider.name),
          eq(smsMessages.providerMessageId, receipt.providerMessageId),
          eq(smsMessages.status, 'sent'),
        ),
      )
      .returning();
    if (row !== undefined) {
      this.announce(row);
      return;
    }
    const [known] = await this.deps.db
      .select({ id: smsMessages.id })
      .from(smsMessages)
      .where(
        and(
          eq(smsMessages.direction, 'outbound'),
          eq(smsMessages.provider, this.provider.name),
          eq(smsMessages.providerMessageId, receipt.providerMessageId),
        ),
      );
    if (known !== undefined) return; // a repeated receipt: already recorded
    // The receipt may overtake the recording of its submit; it waits for it a while.
    const now = this.deps.now().getTime();
    for (const [id, entry] of this.earlyReceipts) if (entry.expires < now) this.earlyReceipts.delete(id);
    this.earlyReceipts.set(receipt.providerMessageId, { receipt, expires: now + EARLY_RECEIPT_TTL_MS });
  }

  private announce(row: MessageRow): void {
    if (row.institutionId === null) return;
    this.deps.live.publish({
      type: 'sms.message',
      institutionId: row.institutionId,
      messageId: row.id,
      direction: 'outbound',
      status: row.status,
      smsSessionId: row.smsSessionId,
    });
  }
}
