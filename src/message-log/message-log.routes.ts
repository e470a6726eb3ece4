import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Timestamp, Uuid } from '../api/schemas.js';

const OcppMessageSchema = Type.Object(
  {
    id: Type.Integer({ description: 'Increases with time; pass as beforeId to page back' }),
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')], {
      description: 'Who sent the frame: in = the station, out = the central system',
    }),
    messageType: Type.Integer({ description: '2 CALL, 3 CALLRESULT, 4 CALLERROR' }),
    messageId: Type.String(),
    action: Nullable(Type.String()),
    payload: Type.Unknown({
      description: 'CALL params, CALLRESULT payload, or {errorCode, errorDescription, errorDetails}',
    }),
    at: Timestamp,
    response: Type.Union(
      [
        Type.Null(),
        Type.Object({
          messageType: Type.Integer({ description: '3 CALLRESULT, 4 CALLERROR' }),
          payload: Type.Unknown(),
          at: Timestamp,
        }),
      ],
      { description: 'The answer to this CALL (an answer that came late is an entry of its own)' },
    ),
  },
  { title: 'OcppMessage' },
);

export const messageLogRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/stations/:stationId/messages',
    {
      schema: {
        tags: ['stations'],
        summary:
          "The station's recent OCPP messages, newest first (the log keeps OCPP_MESSAGE_LOG_SIZE per station)",
        params: Type.Object({ stationId: Uuid }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Type.Array(OcppMessageSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) =>
      services.messageLog.listForStation(request.ctx, request.params.stationId, {
        limit: request.query.limit ?? 100,
        ...(request.query.beforeId === undefined ? {} : { beforeId: request.query.beforeId }),
      }),
  );
};
