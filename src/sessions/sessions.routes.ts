import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import {
  errorResponses,
  Nullable,
  Paging,
  StringEnum,
  Timestamp,
  TimestampInput,
  Uuid,
} from '../api/schemas.js';

const SessionStatus = StringEnum(['active', 'completed']);

export const SessionSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    stationId: Uuid,
    chargeBoxId: Type.String(),
    chargePointId: Nullable(Uuid),
    shortName: Nullable(Type.String({ description: 'Public short name of the charge point, e.g. P20-07' })),
    evseId: Nullable(Type.Integer({ description: '1.6 connectorId / 2.0.1 EVSE id' })),
    transactionId: Type.String({ description: 'OCPP transaction id (numeric for 1.6)' }),
    ocppVersion: StringEnum(['ocpp1.6', 'ocpp2.0.1']),
    idTag: Nullable(
      Type.String({
        description:
          'The id token that started the session; for a session started by SMS (the receipt PIN) shown only to sms:manage, otherwise ••••••',
      }),
    ),
    idTagType: Nullable(Type.String()),
    authorizationStatus: Nullable(
      Type.String({ description: 'The decision on the token: Accepted, Invalid, Blocked, ...' }),
    ),
    authorizationReason: Nullable(
      Type.String({
        description:
          'Why: card_accepted, card_blocked, insufficient_balance, no_payer, … (docs/authorization.md)',
      }),
    ),
    tokenId: Nullable(Uuid),
    status: SessionStatus,
    startedAt: Timestamp,
    stoppedAt: Nullable(Timestamp),
    meterStartWh: Nullable(Type.Integer()),
    meterStopWh: Nullable(Type.Integer()),
    energyWh: Type.Integer({ description: 'Energy delivered so far, Wh' }),
    stopReason: Nullable(Type.String()),
    offline: Type.Boolean({ description: 'Some of its messages were sent while the station was offline' }),
    remoteStartId: Nullable(Type.Integer()),
    smsSessionId: Nullable(Uuid),
    updatedAt: Timestamp,
  },
  { title: 'Session' },
);

const MeterValueSchema = Type.Object(
  {
    sampledAt: Timestamp,
    evseId: Nullable(Type.Integer()),
    measurand: Type.String({ description: 'e.g. Energy.Active.Import.Register' }),
    phase: Nullable(Type.String()),
    location: Nullable(Type.String()),
    context: Nullable(Type.String({ description: 'e.g. Sample.Periodic, Transaction.Begin' })),
    unit: Nullable(Type.String()),
    value: Type.String({ description: 'Decimal value as the station reported it' }),
  },
  { title: 'MeterValue' },
);

const Params = Type.Object({ sessionId: Uuid });

export const sessionsRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Sessions, newest first, filtered by station, compartment, token, status and start time',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          stationId: Type.Optional(Uuid),
          chargePointId: Type.Optional(Uuid),
          shortName: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 50,
              description: "The compartment's short name or its beginning, any case (P20-07, p20)",
            }),
          ),
          idTag: Type.Optional(
            Type.String({ minLength: 1, maxLength: 255, description: 'Exactly the token that started it' }),
          ),
          tokenId: Type.Optional(Uuid),
          status: Type.Optional(SessionStatus),
          from: Type.Optional(TimestampInput),
          to: Type.Optional(TimestampInput),
          ...Paging,
        }),
        response: { 200: Type.Array(SessionSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { limit, offset, from, to, ...filter } = request.query;
      return services.sessions.list(
        request.ctx,
        {
          ...filter,
          ...(from === undefined ? {} : { from: new Date(from) }),
          ...(to === undefined ? {} : { to: new Date(to) }),
        },
        { limit: limit ?? 200, offset: offset ?? 0 },
      );
    },
  );

  app.get(
    '/sessions/:sessionId',
    {
      schema: {
        tags: ['sessions'],
        summary: 'One session',
        params: Params,
        response: { 200: SessionSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.sessions.get(request.ctx, request.params.sessionId),
  );

  app.get(
    '/sessions/:sessionId/meter-values',
    {
      schema: {
        tags: ['sessions'],
        summary: "A session's meter values in the order they were sampled",
        params: Params,
        querystring: Type.Object({ ...Paging }),
        response: { 200: Type.Array(MeterValueSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) =>
      services.sessions.meterValues(request.ctx, request.params.sessionId, {
        limit: request.query.limit ?? 200,
        offset: request.query.offset ?? 0,
      }),
  );
};
