import { Type } from '@fastify/type-provider-typebox';
import { SESSION_COOKIE } from '../api/auth.js';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, StringEnum, Timestamp, Uuid } from '../api/schemas.js';

const NewPassword = Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters' });

/** Password change, reset by e-mail, and drivers' invitations to the portal. */
export const passwordRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/auth/password',
    {
      config: { allowWithoutTotp: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (staff and drivers); your other sessions end',
        body: Type.Object({
          currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
          newPassword: NewPassword,
        }),
        response: { 204: Type.Null(), ...errorResponses('validation_failed', 'forbidden', 'rate_limited') },
      },
    },
    async (request, reply) => {
      await services.passwords.changePassword(request.ctx, request.body, request.cookies[SESSION_COOKIE]);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password link by e-mail (staff and drivers with a portal password)',
        description:
          'Always 202, whether or not the e-mail belongs to an account. The link is valid for one hour and once.',
        security: [],
        body: Type.Object({
          email: Type.String({ minLength: 3, maxLength: 320 }),
          locale: Type.Optional(StringEnum(['de', 'en'], { description: "The mail's language for staff" })),
        }),
        response: { 202: Type.Null(), ...errorResponses('rate_limited') },
      },
    },
    async (request, reply) => {
      await services.passwords.requestReset({ ...request.body, ip: request.ip });
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with the token of a reset or invitation link; every session of the person ends',
        description:
          '404 for an unknown link; 409 with `details.reason` `used` or `expired` for a spent one, `inactive` for a blocked account.',
        security: [],
        body: Type.Object({
          token: Type.String({ minLength: 16, maxLength: 200 }),
          newPassword: NewPassword,
        }),
        response: {
          200: Type.Object({ kind: StringEnum(['staff', 'driver']), email: Type.String() }),
          ...errorResponses('validation_failed', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => services.passwords.confirmReset(request.body),
  );

  app.post(
    '/users/:userId/invitation',
    {
      schema: {
        tags: ['accounts'],
        summary: "Mail a driver the link to set a portal password (valid 7 days): the driver's portal log-in",
        params: Type.Object({ userId: Uuid }),
        response: {
          202: Type.Object({
            sentTo: Type.String(),
            expiresAt: Timestamp,
            mailStatus: StringEnum(['queued', 'logged'], {
              description: '`logged`: no SMTP server is configured, the mail is in the mail log only',
            }),
          }),
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await services.passwords.invite(request.ctx, request.params.userId)),
  );
};
