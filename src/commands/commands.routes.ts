/** Remote commands over HTTP: send one to a station, read what was sent and answered. */
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses } from '../api/schemas.js';
import type { RoutesPlugin } from '../api/route-context.js';
import { CHARGE_BOX_ID_PATTERN } from '../stations/station-naming.js';
import { CommandBody, RemoteCommandSchema, SentCommandSchema, commandFromBody } from './commands.schemas.js';

const StationParams = Type.Object({
  stationId: Type.String({ pattern: CHARGE_BOX_ID_PATTERN, description: 'Station UUID or charge box id' }),
});
const CommandParams = Type.Object({ commandId: Type.String({ format: 'uuid' }) });

export const commandsRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/stations/:stationId/commands',
    {
      schema: {
        tags: ['commands'],
        summary: 'Send a remote command to a station and wait for its answer',
        description:
          "The command is translated to the station's OCPP version (see docs/commands.md). A station that is not " +
          'connected fails at once (409 station_offline); no answer within the timeout is 504 station_timeout; a ' +
          'CALLERROR is 502 station_rejected; a command the version lacks is 501 not_supported. Every command is ' +
          'recorded, an unlock needs a reason that goes into the audit log.',
        params: StationParams,
        body: CommandBody,
        response: {
          200: SentCommandSchema,
          ...errorResponses(
            'validation_failed',
            'forbidden',
            'not_found',
            'station_offline',
            'station_timeout',
            'station_rejected',
            'not_supported',
          ),
        },
      },
    },
    async (request) => {
      const { command, timeoutMs } = commandFromBody(request.body);
      return services.commands.send(request.ctx, request.params.stationId, command, {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    },
  );

  app.get(
    '/stations/:stationId/commands',
    {
      schema: {
        tags: ['commands'],
        summary: "The station's recent commands with their outcome, newest first",
        params: StationParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Array(RemoteCommandSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) =>
      services.commands.list(request.ctx, request.params.stationId, {
        ...(request.query.limit === undefined ? {} : { limit: request.query.limit }),
      }),
  );

  app.get(
    '/commands/:commandId',
    {
      schema: {
        tags: ['commands'],
        summary: 'One command: what was sent, what the station answered',
        params: CommandParams,
        response: { 200: RemoteCommandSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.commands.get(request.ctx, request.params.commandId),
  );
};
