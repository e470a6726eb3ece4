/**
 * Phone numbers are personal data: once an SMS session's billing is settled and the retention period
 * (PHONE_RETENTION_DAYS) is over, its number is replaced by a pseudonym (PHONE_PSEUDONYM_KEY) or
 * erased, in the SMS session, its messages and its carrier charge. Runs daily and on demand.
 * docs/carrier-billing.md ("Privacy") explains the rules.
 */
import { eq } from 'drizzle-orm';
import { can, scopeOf } from '../access/tenant-scope.js';
import type { ServiceDeps } from '../app/services.js';
import { recordAudit } from '../audit/audit.js';
import { smsMessages } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { Forbidden } from '../shared/errors.js';
import * as repo from './phone-retention.repository.js';
import { pseudonymFor } from './pseudonym.js';

export interface RetentionResult {
  /** `pseudonym` with PHONE_PSEUDONYM_KEY, `erase` without. */
  mode: 'pseudonym' | 'erase';
  /** Rows that ended before this instant were considered. */
  cutoff: Date;
  institutionId: string | null;
  smsSessions: number;
  smsMessages: number;
  carrierCharges: number;
}

const DAY_MS = 86_400_000;
const BATCH = 500;
/** The first daily run waits a little after start-up, so starting is not slowed down. */
const FIRST_RUN_DELAY_MS = 60_000;

export class PhoneRetentionService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  start(): void {
    if (this.timer !== undefined) return;
    const tick = () => {
      if (this.running !== undefined) return;
      const ctx: Ctx = { actor: systemActor('phone retention'), now: this.deps.now, log: this.deps.log };
      this.running = this.apply(ctx, undefined)
        .catch((error: unknown) => this.deps.log.error({ err: error }, 'phone retention run failed'))
        .finally(() => (this.running = undefined));
    };
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, DAY_MS);
      this.timer.unref();
    }, FIRST_RUN_DELAY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * `POST /privacy/phone-retention/run`: platform admins for every institution (or the one named);
   * institution staff who may see full numbers and manage billing (admin, accountant) for their own.
   * Only does what the daily run would do; audited.
   */
  async run(ctx: Ctx, input: { institutionId?: string }): Promise<RetentionResult> {
    if (!(can(ctx.actor, 'sms:phone') && can(ctx.actor, 'billing:manage')))
      throw new Forbidden('Your role may not run the phone retention (sms:phone and billing:manage)');
    const all = scopeOf(ctx.actor).kind === 'all' && input.institutionId === undefined;
    const institutionId = all
      ? undefined
      : await resolveTargetInstitution(this.deps.db, ctx, input.institutionId);
    const result = await this.apply(ctx, institutionId);
    await recordAudit(this.deps.db, ctx, {
      institutionId: institutionId ?? null,
      action: 'privacy.phone_retention_run',
      details: { ...result, cutoff: result.cutoff.toISOString() },
    });
    return result;
  }

  /** The job itself, for one institution or all. */
  async apply(ctx: Ctx, institutionId: string | undefined): Promise<RetentionResult> {
    const { phoneRetentionDays, phonePseudonymKey } = this.deps.config.privacy;
    const now = ctx.now();
    const cutoff = new Date(now.getTime() - phoneRetentionDays * DAY_MS);
    const result: RetentionResult = {
      mode: phonePseudonymKey === undefined ? 'erase' : 'pseudonym',
      cutoff,
      institutionId: institutionId ?? null,
      smsSessions: 0,
      smsMessages: 0,
      carrierCharges: 0,
    };
    const db = this.deps.db;
    for (;;) {
      const batch = await repo.settledSessions(db, cutoff, institutionId, BATCH);
      await db.transaction(async (tx) => {
        for (const session of batch) {
          const counts = await repo.pseudonymiseSession(
            tx,
            session,
            pseudonymFor(session.phone, phonePseudonymKey),
            now,
          );
          result.smsSessions += counts.smsSessions;
          result.smsMessages += counts.smsMessages;
          result.carrierCharges += counts.carrierCharges;
        }
      });
      if (batch.length < BATCH) break;
    }
    for (;;) {
      const batch = await repo.looseMessages(db, cutoff, institutionId, BATCH);
      await db.transaction(async (tx) => {
        for (const message of batch)
          result.smsMessages += await repo.pseudonymiseMessages(
            tx,
            eq(smsMessages.id, message.id),
            message.phone,
            pseudonymFor(message.phone, phonePseudonymKey),
            now,
          );
      });
      if (batch.length < BATCH) break;
    }
    if (result.smsSessions + result.smsMessages + result.carrierCharges > 0)
      ctx.log.info({ ...result }, 'phone numbers pseudonymised after retention');
    return result;
  }
}
