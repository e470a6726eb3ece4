import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, TimestampInput, Uuid } from '../api/schemas.js';

export const EmailSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Nullable(Uuid),
    to: Type.String(),
    subject: Type.String(),
    text: Type.String({
      description: 'Plain-text body; links with secrets are masked unless the mail was only logged',
    }),
    purpose: Type.String({ description: 'e.g. password_reset, invitation' }),
    status: StringEnum(['queued', 'sent', 'failed', 'logged']),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Timestamp,
    sentAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'Email' },
);

/** The mail log: what Fachwerk sent, queued or only logged (platform operators). */
export const mailRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/emails',
    {
      schema: {
        tags: ['mail'],
        summary: 'Outgoing e-mails, newest first (platform admins)',
        querystring: Type.Object({
          status: Type.Optional(StringEnum(['queued', 'sent', 'failed', 'logged'])),
          purpose: Type.Optional(Type.String({ maxLength: 64 })),
          to: Type.Optional(Type.String({ maxLength: 320, description: 'Part of the recipient address' })),
          institutionId: Type.Optional(Uuid),
          before: Type.Optional(TimestampInput),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Array(EmailSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { before, limit, ...filters } = request.query;
      return services.mail.list(request.ctx, {
        ...filters,
        ...(before === undefined ? {} : { before: new Date(before) }),
        limit: limit ?? 100,
      });
    },
  );
};
