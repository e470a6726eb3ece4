/**
 * One log-in form for everybody: staff accounts first, then drivers with a portal password.
 * Rate limiting, constant-cost failures and the session cookie's token live here; the staff and
 * driver services only create and resolve their own sessions.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Actor, Ctx } from '../shared/context.js';
import { sessionInfo, type SessionInfo } from './session-info.js';
import { FachwerkError, Unauthenticated } from '../shared/errors.js';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../shared/passwords.js';
import { LoginLimiter } from '../staff/login-limiter.js';
import * as staffRepo from '../staff/staff.repository.js';
import { normalizeEmail, SESSION_TTL_MS, type StaffService } from '../staff/staff.service.js';
import * as driversRepo from './drivers-login.repository.js';

/** Driver session tokens carry this prefix so a cookie is resolved with one lookup. */
export const DRIVER_SESSION_PREFIX = 'drv_';
const SESSION_RENEW_BELOW_MS = SESSION_TTL_MS / 2;

export interface LoginServiceDeps {
  config: { totpRequiredForPlatformAdmins: boolean };
  db: Db;
  now: () => Date;
  log: Logger;
  staff: StaffService;
}

export interface LoginInput {
  email: string;
  password: string;
  /** The second factor, when the account has one. */
  totpCode?: string;
  /** The client's address, for rate limiting. */
  ip: string;
}

export type LoginResult =
  | { kind: 'staff'; token: string; expiresAt: Date; staff: staffRepo.StaffRow }
  | { kind: 'driver'; token: string; expiresAt: Date; user: driversRepo.DriverRow };

export interface AuthenticatedDriver {
  actor: Extract<Actor, { kind: 'driver' }>;
  user: driversRepo.DriverRow;
  renewedUntil?: Date;
}

export const driverActor = (user: driversRepo.DriverRow): AuthenticatedDriver['actor'] => ({
  kind: 'driver',
  userId: user.id,
  institutionId: user.institutionId,
  companyId: user.companyId,
  companyAdmin: user.companyId !== null && user.companyAdmin,
});

/** A hash that verifies nothing, so an unknown e-mail costs as much time as a wrong password. */
let dummyHash: Promise<string> | undefined;

export class LoginService {
  private readonly byEmail = new LoginLimiter({ maxFailures: 10, windowMs: 15 * 60_000 });
  private readonly byAddress = new LoginLimiter({ maxFailures: 50, windowMs: 15 * 60_000 });

  constructor(private readonly deps: LoginServiceDeps) {}

  async login(input: LoginInput): Promise<LoginResult> {
    const email = normalizeEmail(input.email);
    const nowMs = this.deps.now().getTime();
    const wait = Math.max(
      this.byEmail.retryAfterMs(email, nowMs),
      this.byAddress.retryAfterMs(input.ip, nowMs),
    );
    if (wait > 0) {
      throw new FachwerkError('rate_limited', 'Too many failed log-ins; try again later', {
        retryAfterS: Math.ceil(wait / 1000),
      });
    }
    const result = await this.tryLogin(email, input);
    if (result === undefined || result === 'wrong_code') {
      // A wrong second factor counts like a wrong password: the code space is small.
      this.byEmail.fail(email, nowMs);
      this.byAddress.fail(input.ip, nowMs);
      throw new Unauthenticated(
        result === 'wrong_code' ? 'Wrong or already used code' : 'Wrong e-mail or password',
      );
    }
    this.byEmail.succeed(email);
    return result;
  }

  private async tryLogin(email: string, input: LoginInput): Promise<LoginResult | 'wrong_code' | undefined> {
    const staff = await staffRepo.findStaffByEmail(this.deps.db, email);
    if (staff !== undefined) {
      const ok = await verifyPassword(staff.passwordHash, input.password);
      if (!ok || !staff.active) return undefined;
      if (!(await this.deps.staff.checkSecondFactor(staff, input.totpCode))) return 'wrong_code';
      const session = await this.deps.staff.startSession(staff);
      return { kind: 'staff', ...session, staff };
    }
    const drivers = await driversRepo.findDriversForLogin(this.deps.db, email);
    for (const user of drivers) {
      if (await verifyPassword(user.passwordHash!, input.password)) {
        return { kind: 'driver', ...(await this.startDriverSession(user)), user };
      }
    }
    if (drivers.length === 0) {
      dummyHash ??= hashPassword(randomSecret());
      await verifyPassword(await dummyHash, input.password);
    }
    return undefined;
  }

  async startDriverSession(user: driversRepo.DriverRow): Promise<{ token: string; expiresAt: Date }> {
    const now = this.deps.now();
    const token = DRIVER_SESSION_PREFIX + randomSecret(32);
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await driversRepo.insertDriverSession(this.deps.db, {
      tokenHash: sha256(token),
      userId: user.id,
      expiresAt,
    });
    await driversRepo.deleteExpiredDriverSessions(this.deps.db, now);
    return { token, expiresAt };
  }

  /** The driver behind a session cookie; extends the session when it is past half its life. */
  async authenticateDriver(token: string): Promise<AuthenticatedDriver | undefined> {
    if (!token.startsWith(DRIVER_SESSION_PREFIX)) return undefined;
    const now = this.deps.now();
    const tokenHash = sha256(token);
    const found = await driversRepo.findDriverSession(this.deps.db, tokenHash, now);
    if (found === undefined) return undefined;
    const result: AuthenticatedDriver = { actor: driverActor(found.user), user: found.user };
    if (found.session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_BELOW_MS) {
      result.renewedUntil = new Date(now.getTime() + SESSION_TTL_MS);
      await driversRepo.extendDriverSession(this.deps.db, tokenHash, result.renewedUntil);
    }
    return result;
  }

  /** What the portal is told about a fresh log-in. */
  describe(result: LoginResult): SessionInfo {
    const required = this.deps.config.totpRequiredForPlatformAdmins;
    if (result.kind === 'driver') return sessionInfo(driverActor(result.user), result.user, required);
    const actor = {
      kind: 'staff' as const,
      staffId: result.staff.id,
      role: result.staff.role,
      institutionId: result.staff.institutionId,
    };
    return sessionInfo(actor, result.staff, required);
  }

  /** The logged-in person of a request. */
  async session(ctx: Ctx): Promise<SessionInfo> {
    const required = this.deps.config.totpRequiredForPlatformAdmins;
    const { actor } = ctx;
    if (actor.kind === 'driver') {
      const user = await driversRepo.findDriverById(this.deps.db, actor.userId);
      if (user === undefined) throw new Unauthenticated();
      return sessionInfo(actor, user, required);
    }
    const staff = await this.deps.staff.me(ctx);
    return sessionInfo(actor, staff, required);
  }

  async logout(token: string): Promise<void> {
    if (token.startsWith(DRIVER_SESSION_PREFIX))
      await driversRepo.deleteDriverSession(this.deps.db, sha256(token));
    else await this.deps.staff.logout(token);
  }
}
