/**
 * The mail outbox worker: claims due queued mails, hands them to SMTP and records the outcome.
 * Like the SMS dispatcher (sms/gateway/dispatcher.ts): claiming pushes `next_attempt_at` ahead by
 * a lease in one UPDATE over a `FOR UPDATE SKIP LOCKED` selection, so two rounds or two nodes never
 * claim the same mail, and a mail whose node died mid-send is due again once the lease ends.
 *
 * Logs carry the mail's id and purpose, never its text: reset and invitation links are secrets.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { OutboxLoop } from '../shared/outbox-loop.js';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { emails } from '../db/schema.js';
import { retryDelayMs } from '../sms/gateway/retry.js';
import { PermanentMailError, type MailTransport } from './smtp-transport.js';

export interface MailDispatcherOptions {
  pollIntervalMs: number;
  /** Attempts before a mail is given up as failed. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed mail is reserved for the send in flight; longer than the SMTP timeouts. */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_MAIL_DISPATCHER_OPTIONS: MailDispatcherOptions = {
  pollIntervalMs: 2_000,
  maxAttempts: 10,
  retryBaseMs: 10_000,
  retryMaxMs: 30 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 10,
};

type EmailRow = typeof emails.$inferSelect;

export class MailDispatcher {
  private readonly loop: OutboxLoop;

  constructor(
    private readonly deps: { db: Db; log: Logger; now: () => Date },
    private readonly transport: MailTransport,
    private readonly from: string,
    private readonly options: MailDispatcherOptions,
  ) {
    this.loop = new OutboxLoop({
      pollIntervalMs: options.pollIntervalMs,
      batchSize: options.batchSize,
      round: () => this.round(),
      log: deps.log,
      name: 'mail dispatch',
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.transport.close();
  }

  /** Runs a round now, or one more right after the round in progress. */
  kick(): void {
    this.loop.kick();
  }

  /** Resolves when no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    await this.loop.idle();
  }

  private async round(): Promise<number> {
    const now = this.deps.now();
    const due = this.deps.db
      .select({ id: emails.id })
      .from(emails)
      .where(and(eq(emails.status, 'queued'), lte(emails.nextAttemptAt, now)))
      .orderBy(asc(emails.nextAttemptAt))
      .limit(this.options.batchSize)
      .for('update', { skipLocked: true });
    const claimed = await this.deps.db
      .update(emails)
      .set({
        attempts: sql`${emails.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + this.options.leaseMs),
      })
      .where(and(inArray(emails.id, due), eq(emails.status, 'queued')))
      .returning();
    await Promise.all(claimed.map((row) => this.deliver(row)));
    return claimed.length;
  }

  private async deliver(row: EmailRow): Promise<void> {
    const log = this.deps.log.child({ emailId: row.id, purpose: row.purpose });
    try {
      await this.transport.send({
        id: row.id,
        from: this.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
      });
      await this.deps.db
        .update(emails)
        .set({ status: 'sent', sentAt: this.deps.now(), lastError: null })
        .where(and(eq(emails.id, row.id), eq(emails.status, 'queued')));
      log.info({ attempts: row.attempts }, 'mail sent');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = error instanceof PermanentMailError || row.attempts >= this.options.maxAttempts;
      const retryAt = new Date(
        this.deps.now().getTime() +
          retryDelayMs(row.attempts, this.options.retryBaseMs, this.options.retryMaxMs),
      );
      await this.deps.db
        .update(emails)
        .set(
          giveUp ? { status: 'failed', lastError: message } : { lastError: message, nextAttemptAt: retryAt },
        )
        .where(and(eq(emails.id, row.id), eq(emails.status, 'queued')));
      if (giveUp) log.error({ attempts: row.attempts, error: message }, 'mail could not be sent; given up');
      else log.warn({ attempts: row.attempts, retryAt, error: message }, 'mail send failed; will retry');
    }
  }
}
