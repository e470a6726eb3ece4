import { Type } from '@fastify/type-provider-typebox';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../api/auth.js';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { StaffSchema } from '../staff/staff.routes.js';
import { passwordRoutes } from './password.routes.js';
import { totpRoutes } from './totp.routes.js';

export const SessionInfoSchema = Type.Object(
  {
    kind: StringEnum(['staff', 'driver']),
    id: Uuid,
    name: Type.String(),
    email: Type.String(),
    institutionId: Nullable(Uuid),
    role: Type.String({ description: 'A staff role, or driver / company_admin' }),
    permissions: Type.Array(Type.String()),
    companyId: Nullable(Uuid),
    locale: Nullable(StringEnum(['de', 'en'])),
    totpEnabled: Type.Boolean(),
    totpSetupRequired: Type.Boolean(),
  },
  { title: 'SessionInfo' },
);

/** Log-in (staff and drivers), log-out and who-am-I. */
export const identityRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password (staff or driver); sets the fw_session cookie',
        description:
          'An account with a second factor answers 401 `totp_required` until `totpCode` is sent with the password.',
        security: [],
        body: Type.Object({
          email: Type.String({ minLength: 3, maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
          totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
        }),
        response: {
          200: Type.Object({
            kind: StringEnum(['staff', 'driver']),
            session: SessionInfoSchema,
            expiresAt: Timestamp,
          }),
          ...errorResponses('unauthenticated', 'totp_required', 'rate_limited'),
        },
      },
    },
    async (request, reply) => {
      const result = await services.login.login({ ...request.body, ip: request.ip });
      setSessionCookie(request, reply, result.token, result.expiresAt);
      return { kind: result.kind, session: services.login.describe(result), expiresAt: result.expiresAt };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'End the current session and clear the cookie',
        security: [],
        response: { 204: Type.Null(), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined && token !== '') await services.login.logout(token);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { allowWithoutTotp: true },
      schema: {
        tags: ['auth'],
        summary: 'Who is logged in (staff or driver), with the permissions the portal shapes its menu by',
        response: { 200: SessionInfoSchema, ...errorResponses() },
      },
    },
    async (request) => services.login.session(request.ctx),
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in staff account',
        response: { 200: StaffSchema, ...errorResponses('forbidden') },
      },
    },
    async (request) => services.staff.me(request.ctx),
  );

  await app.register(passwordRoutes, { services });
  await app.register(totpRoutes, { services });
};
