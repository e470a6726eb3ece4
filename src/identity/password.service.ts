/**
 * Passwords of everybody who logs in (staff and drivers): change with the current one, reset by an
 * e-mailed one-time link, and a driver's invitation (the same link, longer valid). Only a link's
 * SHA-256 is stored; the link itself lives in the mail.
 *
 * The reset request answers the same whether or not the e-mail belongs to an account, so it
 * cannot be used to find out who has one.
 */
import type { Logger } from 'pino';
import { assertVisible, requirePermission } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { PasswordTokenPurpose } from '../db/schema.js';
import { mailText, setPasswordLink, type MailLocale } from '../mail/mail-texts.js';
import type { MailService } from '../mail/mail.service.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { Conflict, FachwerkError, Forbidden, NotFound, ValidationFailed } from '../shared/errors.js';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../shared/passwords.js';
import { LoginLimiter } from '../staff/login-limiter.js';
import * as staffRepo from '../staff/staff.repository.js';
import { checkPassword, normalizeEmail } from '../staff/staff.service.js';
import * as driversRepo from './drivers-login.repository.js';
import * as tokensRepo from './password-tokens.repository.js';

export const RESET_TTL_MS = 60 * 60_000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export interface PasswordServiceDeps {
  config: { publicUrl: string };
  db: Db;
  now: () => Date;
  log: Logger;
  mail: MailService;
}

type Owner = { kind: 'staff'; staff: staffRepo.StaffRow } | { kind: 'driver'; user: driversRepo.DriverRow };

export interface ResetRequest {
  email: string;
  /** The requester's portal language; a driver's mail uses the driver's own language. */
  locale?: MailLocale;
  /** The client's address, for rate limiting. */
  ip: string;
}

export interface Invitation {
  sentTo: string;
  expiresAt: Date;
  /** `logged` when no SMTP server is configured: the mail is in the mail log only. */
  mailStatus: 'queued' | 'logged';
}

const tooMany = (waitMs: number) =>
  new FachwerkError('rate_limited', 'Too many requests; try again later', {
    retryAfterS: Math.ceil(waitMs / 1000),
  });

export class PasswordService {
  private readonly resetsByEmail = new LoginLimiter({ maxFailures: 5, windowMs: 60 * 60_000 });
  private readonly resetsByAddress = new LoginLimiter({ maxFailures: 20, windowMs: 60 * 60_000 });
  private readonly wrongCurrent = new LoginLimiter({ maxFailures: 10, windowMs: 15 * 60_000 });

  constructor(private readonly deps: PasswordServiceDeps) {}

  /**
   * A logged-in person sets a new password; their other sessions end, the one in use
   * (`sessionToken`, when the request came with a cookie) stays.
   */
  async changePassword(
    ctx: Ctx,
    input: { currentPassword: string; newPassword: string },
    sessionToken?: string,
  ): Promise<void> {
    const owner = await this.ownerOf(ctx);
    const key = owner.kind === 'staff' ? `staff:${owner.staff.id}` : `user:${owner.user.id}`;
    const nowMs = ctx.now().getTime();
    const wait = this.wrongCurrent.retryAfterMs(key, nowMs);
    if (wait > 0) throw tooMany(wait);
    const currentHash = owner.kind === 'staff' ? owner.staff.passwordHash : owner.user.passwordHash;
    // A wrong current password is a form error, not a lost session (401 would log the person out).
    if (currentHash === null || !(await verifyPassword(currentHash, input.currentPassword))) {
      this.wrongCurrent.fail(key, nowMs);
      throw new ValidationFailed('The current password is wrong', { field: 'currentPassword' });
    }
    this.wrongCurrent.succeed(key);
    checkNewPassword(input.newPassword);
    const hash = await hashPassword(input.newPassword);
    const keep = sha256(sessionToken ?? '');
    await this.deps.db.transaction(async (tx) => {
      if (owner.kind === 'staff') {
        await staffRepo.setPasswordHash(tx, owner.staff.id, hash);
        await staffRepo.deleteOtherSessionsOf(tx, owner.staff.id, keep);
        await tokensRepo.spendTokensOf(tx, { staffId: owner.staff.id }, ctx.now());
      } else {
        await driversRepo.setDriverPasswordHash(tx, owner.user.id, hash);
        await driversRepo.deleteOtherDriverSessionsOf(tx, owner.user.id, keep);
        await tokensRepo.spendTokensOf(tx, { userId: owner.user.id }, ctx.now());
      }
      await recordAudit(tx, ctx, {
        institutionId: owner.kind === 'staff' ? owner.staff.institutionId : owner.user.institutionId,
        action: 'password.changed',
        target: owner.kind === 'staff' ? `staff:${owner.staff.id}` : `user:${owner.user.id}`,
      });
    });
  }

  /**
   * Mails a one-time link to the staff account with this e-mail, or else to each driver with this
   * e-mail and a portal password (the same accounts the log-in tries). Says nothing about whether
   * one exists.
   */
  async requestReset(input: ResetRequest): Promise<void> {
    const email = normalizeEmail(input.email);
    const nowMs = this.deps.now().getTime();
    const wait = Math.max(
      this.resetsByEmail.retryAfterMs(email, nowMs),
      this.resetsByAddress.retryAfterMs(input.ip, nowMs),
    );
    if (wait > 0) throw tooMany(wait);
    this.resetsByEmail.fail(email, nowMs);
    this.resetsByAddress.fail(input.ip, nowMs);

    const staff = await staffRepo.findStaffByEmail(this.deps.db, email);
    const owners: Owner[] =
      staff !== undefined
        ? staff.active
          ? [{ kind: 'staff', staff }]
          : []
        : (await driversRepo.findDriversForLogin(this.deps.db, email)).map((user) => ({
            kind: 'driver',
            user,
          }));
    for (const owner of owners) {
      const locale = owner.kind === 'driver' ? owner.user.locale : (input.locale ?? 'de');
      await this.sendLink(owner, 'reset', locale);
    }
    if (owners.length > 0) this.deps.mail.kick();
  }

  /** Sets the password of a link's owner, once; all their sessions and other links end. */
  async confirmReset(input: {
    token: string;
    newPassword: string;
  }): Promise<{ kind: 'staff' | 'driver'; email: string }> {
    checkNewPassword(input.newPassword);
    const hash = await hashPassword(input.newPassword);
    const now = this.deps.now();
    const tokenHash = sha256(input.token);
    const ctx: Ctx = { actor: systemActor('password link'), now: this.deps.now, log: this.deps.log };
    const result = await this.deps.db.transaction(async (tx) => {
      const token = await tokensRepo.consumePasswordToken(tx, tokenHash, now);
      if (token === undefined) return undefined;
      if (token.staffId !== null) {
        const row = await staffRepo.findStaffById(tx, token.staffId);
        if (row === undefined || !row.active)
          throw new Conflict('This account is deactivated', { reason: 'inactive' });
        await staffRepo.setPasswordHash(tx, row.id, hash);
        await staffRepo.deleteSessionsOf(tx, row.id);
        await tokensRepo.spendTokensOf(tx, { staffId: row.id }, now);
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'password.reset',
          target: `staff:${row.id}`,
          details: { purpose: token.purpose },
        });
        return { kind: 'staff' as const, email: row.email };
      }
      const user = await driversRepo.findDriverById(tx, token.userId!);
      if (user === undefined || user.status !== 'active' || user.email === null) {
        throw new Conflict('This account is blocked', { reason: 'inactive' });
      }
      await driversRepo.setDriverPasswordHash(tx, user.id, hash);
      await driversRepo.deleteDriverSessionsOf(tx, user.id);
      await tokensRepo.spendTokensOf(tx, { userId: user.id }, now);
      await recordAudit(tx, ctx, {
        institutionId: user.institutionId,
        action: token.purpose === 'invitation' ? 'password.invitation_accepted' : 'password.reset',
        target: `user:${user.id}`,
        details: { purpose: token.purpose },
      });
      return { kind: 'driver' as const, email: user.email };
    });
    if (result !== undefined) return result;
    const token = await tokensRepo.findPasswordToken(this.deps.db, tokenHash);
    if (token === undefined) throw new NotFound('password link');
    if (token.usedAt !== null) {
      throw new Conflict('This link was used already; request a new one', { reason: 'used' });
    }
    throw new Conflict('This link has expired; request a new one', { reason: 'expired' });
  }

  /** Mails a driver the link to set a portal password: how a driver gets a portal log-in. */
  async invite(ctx: Ctx, userId: string): Promise<Invitation> {
    requirePermission(ctx.actor, 'accounts:manage');
    const user = assertVisible(
      ctx.actor,
      await driversRepo.findDriverById(this.deps.db, userId),
      'user',
      userId,
    );
    if (user.email === null || user.email === '') {
      throw new ValidationFailed('The user has no e-mail address; add one first', { field: 'email' });
    }
    if (user.status !== 'active') throw new Conflict('The user is blocked');
    const { expiresAt, mailStatus } = await this.sendLink(
      { kind: 'driver', user },
      'invitation',
      user.locale,
      ctx,
    );
    this.deps.mail.kick();
    return { sentTo: user.email, expiresAt, mailStatus };
  }

  private async sendLink(
    owner: Owner,
    purpose: PasswordTokenPurpose,
    locale: MailLocale,
    ctx?: Ctx,
  ): Promise<{ expiresAt: Date; mailStatus: 'queued' | 'logged' }> {
    const now = this.deps.now();
    const token = randomSecret(32);
    const expiresAt = new Date(now.getTime() + (purpose === 'reset' ? RESET_TTL_MS : INVITATION_TTL_MS));
    const link = setPasswordLink(this.deps.config.publicUrl, token);
    const institutionId = owner.kind === 'staff' ? owner.staff.institutionId : owner.user.institutionId;
    const to = owner.kind === 'staff' ? owner.staff.email : owner.user.email!;
    const name = owner.kind === 'staff' ? owner.staff.name : owner.user.name;
    const text =
      purpose === 'reset'
        ? mailText(locale, { kind: 'password_reset', name, link, validHours: RESET_TTL_MS / 3_600_000 })
        : mailText(locale, {
            kind: 'invitation',
            name,
            link,
            validDays: INVITATION_TTL_MS / 86_400_000,
            institutionName: await tokensRepo.institutionName(this.deps.db, institutionId!),
          });
    const mail = await this.deps.db.transaction(async (tx) => {
      await tokensRepo.insertPasswordToken(tx, {
        tokenHash: sha256(token),
        staffId: owner.kind === 'staff' ? owner.staff.id : null,
        userId: owner.kind === 'driver' ? owner.user.id : null,
        purpose,
        expiresAt,
      });
      const row = await this.deps.mail.queue(tx, {
        institutionId,
        to,
        ...text,
        purpose: purpose === 'reset' ? 'password_reset' : 'invitation',
      });
      if (ctx !== undefined) {
        await recordAudit(tx, ctx, {
          institutionId,
          action: 'user.invited',
          target: `user:${owner.kind === 'driver' ? owner.user.id : owner.staff.id}`,
          details: { email: to, emailId: row.id },
        });
      }
      return row;
    });
    return { expiresAt, mailStatus: mail.status === 'logged' ? 'logged' : 'queued' };
  }

  private async ownerOf(ctx: Ctx): Promise<Owner> {
    const { actor } = ctx;
    if (actor.kind === 'staff') {
      const row = await staffRepo.findStaffById(this.deps.db, actor.staffId);
      if (row === undefined) throw new NotFound('staff', actor.staffId);
      return { kind: 'staff', staff: row };
    }
    if (actor.kind === 'driver') {
      const user = await driversRepo.findDriverById(this.deps.db, actor.userId);
      if (user === undefined) throw new NotFound('user', actor.userId);
      return { kind: 'driver', user };
    }
    throw new Forbidden('Only people have passwords');
  }
}

function checkNewPassword(password: string): void {
  try {
    checkPassword(password);
  } catch (error) {
    if (error instanceof ValidationFailed)
      throw new ValidationFailed(error.message, { field: 'newPassword' });
    throw error;
  }
}
