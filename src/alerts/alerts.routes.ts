import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, TimestampInput, Uuid } from '../api/schemas.js';

const AlertSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    stationId: Nullable(Uuid),
    chargePointId: Nullable(Uuid),
    kind: Type.String({ description: 'e.g. keypad_locked, sms_stop_pending' }),
    severity: StringEnum(['info', 'warning', 'critical']),
    message: Type.Object({ de: Type.String(), en: Type.String() }),
    payload: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    acknowledgedAt: Nullable(Timestamp),
    acknowledgedBy: Nullable(Type.String()),
  },
  { title: 'Alert' },
);

const AlertParams = Type.Object({ alertId: Uuid });

export const alertsRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts for staff, newest first',
        querystring: Type.Object({
          open: Type.Optional(Type.Boolean({ description: 'Only alerts nobody acknowledged yet' })),
          stationId: Type.Optional(Uuid),
          before: Type.Optional(TimestampInput),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Array(AlertSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { open, stationId, before, limit } = request.query;
      return services.alerts.list(request.ctx, {
        limit: limit ?? 100,
        ...(open === undefined ? {} : { open }),
        ...(stationId === undefined ? {} : { stationId }),
        ...(before === undefined ? {} : { before: new Date(before) }),
      });
    },
  );

  app.get(
    '/alerts/:alertId',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert',
        params: AlertParams,
        response: { 200: AlertSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.alerts.get(request.ctx, request.params.alertId),
  );

  app.post(
    '/alerts/:alertId/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Mark an alert as seen (audited; repeated calls keep the first)',
        params: AlertParams,
        response: { 200: AlertSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.alerts.acknowledge(request.ctx, request.params.alertId),
  );
};
