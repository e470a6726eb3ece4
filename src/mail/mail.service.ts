/**
 * Outgoing e-mail as an outbox in the `emails` table: `queue` stores a mail in the caller's
 * transaction; the dispatcher sends it after commit when SMTP_URL is set. Without SMTP_URL a mail is
 * stored as `logged` and never leaves the database (the mail log is then its only reader, like the
 * SMS provider `log`).
 */
import { and, desc, eq, ilike, lt, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import { requirePermission } from '../access/tenant-scope.js';
import type { MailConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import { emails, type EmailStatus } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import {
  DEFAULT_MAIL_DISPATCHER_OPTIONS,
  MailDispatcher,
  type MailDispatcherOptions,
} from './mail-dispatcher.js';
import { redactSecrets } from './mail-texts.js';
import { smtpTransport, type MailTransport } from './smtp-transport.js';

export interface QueuedMail {
  institutionId: string | null;
  to: string;
  subject: string;
  text: string;
  /** What the mail is for, e.g. password_reset, invitation. */
  purpose: string;
}

export interface MailServiceDeps {
  config: { mail: MailConfig };
  db: Db;
  log: Logger;
  now: () => Date;
}

export interface MailServiceOptions extends Partial<MailDispatcherOptions> {
  /** Replaces the SMTP transport of config.mail.smtpUrl (tests). */
  transport?: MailTransport;
}

export type EmailRow = typeof emails.$inferSelect;

export interface EmailQuery {
  status?: EmailStatus;
  purpose?: string;
  /** Part of the recipient address. */
  to?: string;
  institutionId?: string;
  /** Only mails created before this time (paging, newest first). */
  before?: Date;
  limit: number;
}

export class MailService {
  private readonly dispatcher: MailDispatcher | undefined;

  constructor(
    private readonly deps: MailServiceDeps,
    options: MailServiceOptions = {},
  ) {
    const smtpUrl = deps.config.mail.smtpUrl;
    const transport = options.transport ?? (smtpUrl === undefined ? undefined : smtpTransport(smtpUrl));
    if (transport !== undefined) {
      this.dispatcher = new MailDispatcher(deps, transport, deps.config.mail.from, {
        ...DEFAULT_MAIL_DISPATCHER_OPTIONS,
        ...options,
      });
    }
  }

  /** Whether mails leave the database (SMTP_URL is set). */
  get sending(): boolean {
    return this.dispatcher !== undefined;
  }

  /** Stores a mail in `db` (a transaction or the database); call `kick()` after the commit. */
  async queue(db: Db, mail: QueuedMail): Promise<EmailRow> {
    const [row] = await db
      .insert(emails)
      .values({ ...mail, status: this.sending ? 'queued' : 'logged', nextAttemptAt: this.deps.now() })
      .returning();
    if (!this.sending)
      this.deps.log.info({ emailId: row!.id, purpose: mail.purpose }, 'mail logged, not sent (no SMTP_URL)');
    return row!;
  }

  /** Sends what is due now instead of at the next poll. */
  kick(): void {
    this.dispatcher?.kick();
  }

  start(): void {
    this.dispatcher?.start();
  }

  async stop(): Promise<void> {
    await this.dispatcher?.stop();
  }

  /** Resolves when no send round is running (tests). */
  async idle(): Promise<void> {
    await this.dispatcher?.idle();
  }

  /**
   * The mail log, newest first, for platform operators. Links with secrets are masked in mails that
   * left (or will leave) by SMTP; a `logged` mail went nowhere else, so its link is shown in full.
   */
  async list(ctx: Ctx, query: EmailQuery): Promise<EmailRow[]> {
    requirePermission(ctx.actor, 'institutions:manage');
    const conditions: SQL[] = [];
    if (query.status !== undefined) conditions.push(eq(emails.status, query.status));
    if (query.purpose !== undefined) conditions.push(eq(emails.purpose, query.purpose));
    if (query.to !== undefined) conditions.push(ilike(emails.to, `%${escapeLike(query.to)}%`));
    if (query.institutionId !== undefined) conditions.push(eq(emails.institutionId, query.institutionId));
    if (query.before !== undefined) conditions.push(lt(emails.createdAt, query.before));
    const rows = await this.deps.db
      .select()
      .from(emails)
      .where(and(...conditions))
      .orderBy(desc(emails.createdAt), desc(emails.id))
      .limit(query.limit);
    return rows.map((row) => (row.status === 'logged' ? row : { ...row, text: redactSecrets(row.text) }));
  }
}

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
