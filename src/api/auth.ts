/**
 * Who is calling: a staff member with a session cookie (the portal) or with an API token (machines).
 * Resolves the actor once per request and puts `request.ctx` in place for every route that is not
 * marked `config: { public: true }`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../app/services.js';
import type { Authenticated } from '../staff/staff.service.js';
import type { AuthenticatedDriver } from '../identity/login.service.js';
import { FachwerkError, Unauthenticated } from '../shared/errors.js';

export const SESSION_COOKIE = 'fw_session';

/** Secure cookies whenever the request came over TLS (security profile 2/3 setups, or HTTPS). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new Unauthenticated('The Authorization header must be "Bearer <token>"');
  return match[1];
}

async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
): Promise<Authenticated | AuthenticatedDriver> {
  const bearer = bearerToken(request);
  // A presented but wrong token is an error, never a fallback to the cookie: a script must learn it is broken.
  if (bearer !== undefined) {
    const found = await services.staff.authenticateApiToken(bearer);
    if (found === undefined) throw new Unauthenticated('Unknown or revoked API token');
    return found;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie !== undefined && cookie !== '') {
    const found =
      (await services.login.authenticateDriver(cookie)) ?? (await services.staff.authenticateSession(cookie));
    if (found !== undefined) {
      if (found.renewedUntil !== undefined) setSessionCookie(request, reply, cookie, found.renewedUntil);
      return found;
    }
    clearSessionCookie(request, reply);
    throw new Unauthenticated('Your session has ended; log in again');
  }
  throw new Unauthenticated();
}

/**
 * With TOTP_REQUIRED_FOR_PLATFORM_ADMINS, a platform admin without a second factor may only enrol
 * one (and see the session, change the password): the routes marked `config: { allowWithoutTotp: true }`.
 */
function requireSecondFactor(
  request: FastifyRequest,
  found: Authenticated | AuthenticatedDriver,
  services: Services,
): void {
  if (!services.deps.config.totpRequiredForPlatformAdmins) return;
  if (!('staff' in found) || found.staff.role !== 'platform_admin' || found.staff.totpEnabledAt !== null)
    return;
  if (request.routeOptions.config.allowWithoutTotp === true) return;
  throw new FachwerkError(
    'totp_setup_required',
    'Platform admins must set up a second factor (TOTP) first: POST /api/v1/auth/totp/setup',
  );
}

/** The onRequest hook of the /api/v1 scope. */
export function authHook(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.routeOptions.config.public === true) return;
    const found = await authenticate(request, reply, services);
    requireSecondFactor(request, found, services);
    const { actor } = found;
    request.ctx = {
      actor,
      now: services.deps.now,
      // The app runs on a pino instance (loggerInstance), so its request loggers are pino loggers.
      log: request.log.child(
        actor.kind === 'driver'
          ? { userId: actor.userId, institutionId: actor.institutionId }
          : { staffId: actor.staffId, institutionId: actor.institutionId },
      ) as unknown as Logger,
    };
  };
}
