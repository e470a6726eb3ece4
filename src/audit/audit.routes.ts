import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Timestamp, Uuid } from '../api/schemas.js';

const AuditSchema = Type.Object(
  {
    id: Type.Integer(),
    institutionId: Nullable(Uuid),
    actor: Type.String({ description: 'staff:{id}, station:{id} or system:{reason}' }),
    action: Type.String(),
    target: Nullable(Type.String()),
    details: Nullable(Type.Record(Type.String(), Type.Unknown())),
    at: Timestamp,
  },
  { title: 'AuditEntry' },
);

export const auditRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first (admins)',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          beforeId: Type.Optional(
            Type.Integer({ minimum: 1, description: 'Keyset paging: entries older than this id' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: { 200: Type.Array(AuditSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) =>
      services.audit.list(request.ctx, {
        limit: request.query.limit ?? 100,
        ...(request.query.beforeId === undefined ? {} : { beforeId: request.query.beforeId }),
        ...(request.query.institutionId === undefined ? {} : { institutionId: request.query.institutionId }),
      }),
  );
};
