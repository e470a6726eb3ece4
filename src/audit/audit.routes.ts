import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Timestamp, TimestampInput, Uuid } from '../api/schemas.js';

const AuditSchema = Type.Object(
  {
    id: Type.Integer(),
    institutionId: Nullable(Uuid),
    actor: Type.String({ description: 'staff:{id}, station:{id} or system:{reason}' }),
    action: Type.String(),
    target: Nullable(Type.String()),
    details: Nullable(Type.Record(Type.String(), Type.Unknown())),
    at: Timestamp,
    actorName: Nullable(
      Type.String({
        description: "The staff member's or driver's name (or e-mail); null for stations and the system",
      }),
    ),
  },
  { title: 'AuditEntry' },
);

export const auditRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first, filtered by action and time (admins)',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          beforeId: Type.Optional(
            Type.Integer({ minimum: 1, description: 'Keyset paging: entries older than this id' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          action: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 100,
              pattern: '^[a-z0-9_.]+$',
              description:
                'An action (charge_point.unlocked) or its context (charge_point): every action in it',
            }),
          ),
          from: Type.Optional(TimestampInput),
          to: Type.Optional(TimestampInput),
        }),
        response: { 200: Type.Array(AuditSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) =>
      services.audit.list(request.ctx, {
        limit: request.query.limit ?? 100,
        ...(request.query.beforeId === undefined ? {} : { beforeId: request.query.beforeId }),
        ...(request.query.institutionId === undefined ? {} : { institutionId: request.query.institutionId }),
        ...(request.query.action === undefined ? {} : { action: request.query.action }),
        ...(request.query.from === undefined ? {} : { from: new Date(request.query.from) }),
        ...(request.query.to === undefined ? {} : { to: new Date(request.query.to) }),
      }),
  );
};
