/** SMS sessions for staff: who charged where by SMS, in which state (docs/sms-flow.md). */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, TimestampInput, Uuid } from '../../api/schemas.js';

const STATES = ['starting', 'active', 'stopping', 'stop_pending', 'completed', 'failed'] as const;

const SmsSessionSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    stationId: Uuid,
    chargeBoxId: Type.String(),
    chargePointId: Uuid,
    evseId: Type.Integer(),
    shortName: Type.String({ description: 'The compartment, e.g. P20-07' }),
    serviceNumber: Type.String({ description: 'The number texted' }),
    phone: Type.String({ description: 'Digits; masked without sms:phone' }),
    phoneMasked: Type.Boolean(),
    language: StringEnum(['de', 'en']),
    state: StringEnum(STATES),
    receiptPin: Nullable(
      Type.String({ description: 'Only for sms:manage (admins), and only while the session is open' }),
    ),
    receiptUrl: Nullable(
      Type.String({ description: 'The receipt link of the closing SMS; only for sms:phone' }),
    ),
    sessionId: Nullable(Uuid),
    failureReason: Nullable(Type.String()),
    stopRequestedAt: Nullable(Timestamp),
    reminderSentAt: Nullable(Timestamp),
    startedAt: Nullable(Timestamp),
    endedAt: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'SmsSession' },
);

export const smsSessionsRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/sms/sessions',
    {
      schema: {
        tags: ['sms'],
        summary: 'Sessions started by SMS, newest first',
        querystring: Type.Object({
          state: Type.Optional(StringEnum(STATES)),
          chargePointId: Type.Optional(Uuid),
          stationId: Type.Optional(Uuid),
          before: Type.Optional(TimestampInput),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Array(SmsSessionSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { state, chargePointId, stationId, before, limit } = request.query;
      return services.smsFlow.list(request.ctx, {
        limit: limit ?? 100,
        ...(state === undefined ? {} : { state }),
        ...(chargePointId === undefined ? {} : { chargePointId }),
        ...(stationId === undefined ? {} : { stationId }),
        ...(before === undefined ? {} : { before: new Date(before) }),
      });
    },
  );

  app.get(
    '/sms/sessions/:smsSessionId',
    {
      schema: {
        tags: ['sms'],
        summary: 'One session started by SMS',
        params: Type.Object({ smsSessionId: Uuid }),
        response: { 200: SmsSessionSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.smsFlow.get(request.ctx, request.params.smsSessionId),
  );
};
