/**
 * Staff accounts, their log-ins (cookie sessions) and their API tokens. Authentication lives here;
 * the HTTP layer (api/auth.ts) only carries cookies and headers to these verbs.
 */
import { canSee, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Db } from '../db/database.js';
import type { Actor, Ctx, StaffRole } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import type { Logger } from 'pino';
import {
  Conflict,
  FachwerkError,
  Forbidden,
  NotFound,
  Unauthenticated,
  ValidationFailed,
} from '../shared/errors.js';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../shared/passwords.js';
import { qrSvg } from '../labels/qr.js';
import * as repo from './staff.repository.js';
import { acceptedStep, newTotpSecret, totpUri } from './totp.js';

export type { StaffRow, ApiTokenRow } from './staff.repository.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A session is extended when less than this remains, so an active user is not logged out mid-shift. */
const SESSION_RENEW_BELOW_MS = SESSION_TTL_MS / 2;
export const API_TOKEN_PREFIX = 'fw_';
export const MIN_STAFF_PASSWORD = 12;
/** lastUsedAt is written at most this often per token, not on every request. */
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export interface StaffServiceDeps {
  db: Db;
  now: () => Date;
  log: Logger;
}

export interface CreateStaffInput {
  email: string;
  password: string;
  name?: string;
  role: StaffRole;
  /** Required for the platform admin unless the role is platform_admin; ignored/forced for others. */
  institutionId?: string;
}

export interface UpdateStaffInput {
  name?: string;
  role?: StaffRole;
  active?: boolean;
  password?: string;
}

/** The resolved identity of a request. */
export interface Authenticated {
  actor: Extract<Actor, { kind: 'staff' }>;
  staff: repo.StaffRow;
  /** Set when a cookie session was extended: the new expiry to send with a fresh cookie. */
  renewedUntil?: Date;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const staffActor = (row: repo.StaffRow): Authenticated['actor'] => ({
  kind: 'staff',
  staffId: row.id,
  role: row.role,
  institutionId: row.institutionId,
});

/** What an authenticator app needs to enrol: the secret, as text and as a QR code of its URI. */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** The password rule for everybody who logs in (staff and drivers). */
export function checkPassword(password: string): void {
  if (password.length < MIN_STAFF_PASSWORD) {
    throw new ValidationFailed(`The password must have at least ${MIN_STAFF_PASSWORD} characters`, {
      field: 'password',
    });
  }
}

export class StaffService {
  constructor(private readonly deps: StaffServiceDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  /** A new cookie session for a staff account whose credentials were checked (identity/login.service.ts). */
  async startSession(row: repo.StaffRow): Promise<{ token: string; expiresAt: Date }> {
    const now = this.deps.now();
    const token = randomSecret(32);
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await repo.insertSession(this.db, { tokenHash: sha256(token), staffId: row.id, expiresAt });
    // Expired sessions are cleared on log-in: cheap, and no background job is needed.
    await repo.deleteExpiredSessions(this.db, now);
    return { token, expiresAt };
  }

  /**
   * The second factor, checked after the password: throws `totp_required` when the account has
   * TOTP and no code came; false when the code is wrong or its time step was used before.
   */
  async checkSecondFactor(row: repo.StaffRow, totpCode: string | undefined): Promise<boolean> {
    if (row.totpEnabledAt === null || row.totpSecret === null) return true;
    if (totpCode === undefined)
      throw new FachwerkError('totp_required', 'Enter the code from your authenticator app');
    const step = acceptedStep(row.totpSecret, totpCode, this.deps.now().getTime(), row.totpLastStep);
    // The conditional update makes two log-ins racing with one code accept it once.
    return step !== undefined && (await repo.acceptTotpStep(this.db, row.id, step));
  }

  /** Starts enrolment: a new secret, stored but not in force until `enableTotp` confirms a code. */
  async setupTotp(ctx: Ctx): Promise<TotpEnrolment> {
    const row = await this.me(ctx);
    if (row.totpEnabledAt !== null)
      throw new Conflict('The second factor is already on; turn it off first to enrol a new device');
    const secret = newTotpSecret();
    await repo.setTotp(this.db, row.id, { totpSecret: secret, totpEnabledAt: null, totpLastStep: null });
    const otpauthUri = totpUri(secret, row.email);
    return { secret, otpauthUri, qrSvg: await qrSvg(otpauthUri) };
  }

  /** Ends enrolment with a code from the app, which proves the app holds the secret. */
  async enableTotp(ctx: Ctx, code: string): Promise<repo.StaffRow> {
    const row = await this.me(ctx);
    if (row.totpEnabledAt !== null) throw new Conflict('The second factor is already on');
    if (row.totpSecret === null) throw new Conflict('Set up the second factor first (POST /auth/totp/setup)');
    const step = acceptedStep(row.totpSecret, code, ctx.now().getTime(), null);
    if (step === undefined) {
      throw new ValidationFailed(
        'The code does not match; check the time on your phone and try the next code',
        {
          field: 'code',
        },
      );
    }
    const updated = await repo.setTotp(this.db, row.id, { totpEnabledAt: ctx.now(), totpLastStep: step });
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'staff.totp_enabled',
      target: `staff:${row.id}`,
    });
    return updated;
  }

  /** Turns the second factor off; the password proves it is the account's owner at the keyboard. */
  async disableTotp(ctx: Ctx, password: string): Promise<repo.StaffRow> {
    const row = await this.me(ctx);
    if (!(await verifyPassword(row.passwordHash, password))) {
      throw new ValidationFailed('The password is wrong', { field: 'password' });
    }
    const updated = await repo.setTotp(this.db, row.id, {
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'staff.totp_disabled',
      target: `staff:${row.id}`,
    });
    return updated;
  }

  /** An admin removes the second factor of another account (a lost phone); the person enrols again. */
  async resetTotp(ctx: Ctx, id: string): Promise<repo.StaffRow> {
    requirePermission(ctx.actor, 'staff:manage');
    const row = this.visible(ctx.actor, await repo.findStaffById(this.db, id), id);
    if (ctx.actor.kind === 'staff' && ctx.actor.staffId === id) {
      throw new Conflict('Turn off your own second factor with your password (POST /auth/totp/disable)');
    }
    const updated = await repo.setTotp(this.db, id, {
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'staff.totp_reset',
      target: `staff:${id}`,
    });
    return updated;
  }

  async logout(sessionToken: string): Promise<void> {
    await repo.deleteSession(this.db, sha256(sessionToken));
  }

  /** The staff member behind a session cookie; extends the session when it is past half its life. */
  async authenticateSession(sessionToken: string): Promise<Authenticated | undefined> {
    const now = this.deps.now();
    const tokenHash = sha256(sessionToken);
    const found = await repo.findSession(this.db, tokenHash, now);
    if (found === undefined) return undefined;
    const result: Authenticated = { actor: staffActor(found.staff), staff: found.staff };
    if (found.session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_BELOW_MS) {
      const renewedUntil = new Date(now.getTime() + SESSION_TTL_MS);
      await repo.extendSession(this.db, tokenHash, renewedUntil);
      result.renewedUntil = renewedUntil;
    }
    return result;
  }

  /** The staff member behind an `Authorization: Bearer fw_...` token. */
  async authenticateApiToken(token: string): Promise<Authenticated | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const found = await repo.findApiToken(this.db, sha256(token));
    if (found === undefined) return undefined;
    const now = this.deps.now();
    const last = found.token.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - last > TOKEN_TOUCH_INTERVAL_MS)
      await repo.touchApiToken(this.db, found.token.id, now);
    return { actor: staffActor(found.staff), staff: found.staff };
  }

  async me(ctx: Ctx): Promise<repo.StaffRow> {
    if (ctx.actor.kind !== 'staff') throw new Forbidden('Only staff accounts have a profile');
    const row = await repo.findStaffById(this.db, ctx.actor.staffId);
    if (row === undefined) throw new Unauthenticated();
    return row;
  }

  private visible(actor: Actor, row: repo.StaffRow | undefined, id: string): repo.StaffRow {
    const ok =
      row !== undefined &&
      (row.institutionId === null ? scopeOf(actor).kind === 'all' : canSee(actor, row.institutionId));
    if (!ok) throw new NotFound('staff', id);
    return row;
  }

  async createStaff(ctx: Ctx, input: CreateStaffInput): Promise<repo.StaffRow> {
    requirePermission(ctx.actor, 'staff:manage');
    let institutionId: string | null;
    if (input.role === 'platform_admin') {
      if (scopeOf(ctx.actor).kind !== 'all')
        throw new Forbidden('Only the platform may create platform admins');
      if (input.institutionId !== undefined) {
        throw new ValidationFailed('A platform admin belongs to no institution', { field: 'institutionId' });
      }
      institutionId = null;
    } else {
      institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    }
    checkPassword(input.password);
    const email = normalizeEmail(input.email);
    let row: repo.StaffRow;
    try {
      row = await repo.insertStaff(this.db, {
        email,
        name: input.name ?? '',
        role: input.role,
        institutionId,
        passwordHash: await hashPassword(input.password),
      });
    } catch (error) {
      if (uniqueViolation(error))
        throw new Conflict(`A staff account with e-mail ${email} exists`, { email });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId,
      action: 'staff.created',
      target: `staff:${row.id}`,
      details: { email, role: input.role },
    });
    return row;
  }

  async listStaff(ctx: Ctx, query: { institutionId?: string } = {}): Promise<repo.StaffRow[]> {
    requirePermission(ctx.actor, 'staff:manage');
    return repo.listStaff(this.db, scopeOf(ctx.actor), query.institutionId);
  }

  async getStaff(ctx: Ctx, id: string): Promise<repo.StaffRow> {
    const self = ctx.actor.kind === 'staff' && ctx.actor.staffId === id;
    if (!self) requirePermission(ctx.actor, 'staff:manage');
    return this.visible(ctx.actor, await repo.findStaffById(this.db, id), id);
  }

  async updateStaff(ctx: Ctx, id: string, input: UpdateStaffInput): Promise<repo.StaffRow> {
    requirePermission(ctx.actor, 'staff:manage');
    const row = this.visible(ctx.actor, await repo.findStaffById(this.db, id), id);
    if (input.role !== undefined && (input.role === 'platform_admin') !== (row.role === 'platform_admin')) {
      throw new ValidationFailed(
        'A platform admin stays a platform admin, and no other role can become one',
        {
          field: 'role',
        },
      );
    }
    if (ctx.actor.kind === 'staff' && ctx.actor.staffId === id && input.active === false) {
      throw new Conflict('You cannot deactivate your own account');
    }
    const values: repo.UpdateStaffValues = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.role !== undefined) values.role = input.role;
    if (input.active !== undefined) values.active = input.active;
    if (input.password !== undefined) {
      checkPassword(input.password);
      values.passwordHash = await hashPassword(input.password);
    }
    const updated = Object.keys(values).length === 0 ? row : await repo.updateStaff(this.db, id, values);
    // A deactivated account or a changed password ends every open log-in.
    if (input.active === false || input.password !== undefined) await repo.deleteSessionsOf(this.db, id);
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'staff.updated',
      target: `staff:${id}`,
      details: {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.role === undefined ? {} : { role: input.role }),
        ...(input.active === undefined ? {} : { active: input.active }),
        ...(input.password === undefined ? {} : { passwordChanged: true }),
      },
    });
    return updated;
  }

  /**
   * Start-up and CLI: makes sure the configured platform admin exists (ADMIN_EMAIL/ADMIN_PASSWORD).
   * An existing account is left as it is, so a changed password in the portal survives restarts.
   */
  async ensurePlatformAdmin(email: string, password: string): Promise<{ created: boolean; staffId: string }> {
    const normalized = normalizeEmail(email);
    const existing = await repo.findStaffByEmail(this.db, normalized);
    if (existing !== undefined) {
      if (existing.role !== 'platform_admin') {
        throw new Conflict(`${normalized} exists and is not a platform admin`, { email: normalized });
      }
      return { created: false, staffId: existing.id };
    }
    checkPassword(password);
    const row = await repo.insertStaff(this.db, {
      email: normalized,
      name: 'Platform admin',
      role: 'platform_admin',
      institutionId: null,
      passwordHash: await hashPassword(password),
    });
    await recordAudit(this.db, this.systemCtx(), {
      institutionId: null,
      action: 'staff.created',
      target: `staff:${row.id}`,
      details: { email: normalized, role: 'platform_admin' },
    });
    return { created: true, staffId: row.id };
  }

  /**
   * When no platform admin exists at all (first start without ADMIN_EMAIL), creates one with a
   * generated password and returns the credentials, to be shown exactly once.
   */
  async ensureAnyPlatformAdmin(
    email = 'admin@fachwerk.local',
  ): Promise<{ created: false } | { created: true; email: string; password: string }> {
    if ((await repo.countPlatformAdmins(this.db)) > 0) return { created: false };
    const password = randomSecret(18);
    const result = await this.ensurePlatformAdmin(email, password);
    if (!result.created) return { created: false };
    return { created: true, email: normalizeEmail(email), password };
  }

  async hasPlatformAdmin(): Promise<boolean> {
    return (await repo.countPlatformAdmins(this.db)) > 0;
  }

  async createApiToken(ctx: Ctx, name: string): Promise<{ row: repo.ApiTokenRow; token: string }> {
    if (ctx.actor.kind !== 'staff') throw new Forbidden('Only staff accounts hold API tokens');
    const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
    const row = await repo.insertApiToken(this.db, {
      staffId: ctx.actor.staffId,
      name,
      tokenHash: sha256(token),
      createdAt: ctx.now(),
    });
    await recordAudit(this.db, ctx, {
      institutionId: ctx.actor.institutionId,
      action: 'api_token.created',
      target: `api_token:${row.id}`,
      details: { name },
    });
    return { row, token };
  }

  async listApiTokens(ctx: Ctx): Promise<repo.ApiTokenRow[]> {
    if (ctx.actor.kind !== 'staff') throw new Forbidden('Only staff accounts hold API tokens');
    return repo.listApiTokens(this.db, ctx.actor.staffId);
  }

  /** Each account manages only its own tokens; someone else's token is "not found". */
  async revokeApiToken(ctx: Ctx, id: string): Promise<void> {
    if (ctx.actor.kind !== 'staff') throw new Forbidden('Only staff accounts hold API tokens');
    const row = await repo.findApiTokenById(this.db, id);
    if (row === undefined || row.staffId !== ctx.actor.staffId || row.revokedAt !== null) {
      throw new NotFound('API token', id);
    }
    await repo.revokeApiToken(this.db, id, ctx.now());
    await recordAudit(this.db, ctx, {
      institutionId: ctx.actor.institutionId,
      action: 'api_token.revoked',
      target: `api_token:${id}`,
    });
  }

  private systemCtx(): Ctx {
    return { actor: { kind: 'system', reason: 'bootstrap' }, now: this.deps.now, log: this.deps.log };
  }
}
