import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Paging, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { CHARGE_POINT_STATES } from './charge-point-state.js';
import {
  CHARGE_BOX_ID_PATTERN,
  SHORT_NAME_MAX,
  STATION_PASSWORD_MAX,
  STATION_PASSWORD_MIN,
} from './station-naming.js';

const Kind = StringEnum(['locker', 'charge_point']);
const Registration = StringEnum(['accepted', 'pending', 'rejected']);

export const ChargePointSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    stationId: Uuid,
    evseId: Type.Integer(),
    shortName: Type.String(),
    status: Type.String({ description: 'Last reported OCPP status, e.g. Available, Occupied, Faulted' }),
    errorCode: Nullable(Type.String()),
    statusInfo: Nullable(Type.String()),
    statusAt: Nullable(Timestamp),
    door: Nullable(Type.String({ description: 'Lockers: open, closed or locked' })),
    doorAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'ChargePoint' },
);

const StationFields = {
  id: Uuid,
  institutionId: Uuid,
  chargeBoxId: Type.String(),
  name: Nullable(Type.String()),
  kind: Kind,
  locationId: Nullable(Uuid),
  groupId: Nullable(Uuid),
  registration: Registration,
  hasPassword: Type.Boolean(),
  online: Type.Boolean(),
  ocppVersion: Nullable(Type.String()),
  vendor: Nullable(Type.String()),
  model: Nullable(Type.String()),
  serialNumber: Nullable(Type.String()),
  firmwareVersion: Nullable(Type.String()),
  lastBootAt: Nullable(Timestamp),
  lastSeenAt: Nullable(Timestamp),
  connectedAt: Nullable(Timestamp),
  authorizationMode: StringEnum(['cards', 'free'], {
    description: 'cards: registered cards whose payer can pay; free: any card, nothing billed',
  }),
  localListEnabled: Type.Boolean({ description: 'Keep a local authorization list on the station' }),
  localListVersion: Type.Integer({
    description: 'The local list version the station last accepted (0: none)',
  }),
  localListSyncedAt: Nullable(Timestamp),
  createdAt: Timestamp,
};
const StationSchema = Type.Object(StationFields, { title: 'Station' });
const StationDetailSchema = Type.Object(
  { ...StationFields, chargePoints: Type.Array(ChargePointSchema) },
  { title: 'StationDetail' },
);
const WithPassword = Type.Object({
  station: StationDetailSchema,
  generatedPassword: Nullable(
    Type.String({ description: 'Set when the server generated the password; shown only in this answer' }),
  ),
});

const StatusSchema = Type.Object(
  {
    stationId: Uuid,
    chargeBoxId: Type.String(),
    online: Type.Boolean(),
    registration: Registration,
    ocppVersion: Nullable(Type.String()),
    lastSeenAt: Nullable(Timestamp),
    connectedAt: Nullable(Timestamp),
    lastBootAt: Nullable(Timestamp),
    chargePoints: Type.Array(
      Type.Object({
        id: Uuid,
        evseId: Type.Integer(),
        shortName: Type.String(),
        status: Type.String(),
        errorCode: Nullable(Type.String()),
        statusInfo: Nullable(Type.String()),
        statusAt: Nullable(Timestamp),
        door: Nullable(Type.String()),
        doorAt: Nullable(Timestamp),
        activeSessionId: Nullable(Uuid),
        state: StringEnum(CHARGE_POINT_STATES, {
          description: 'At a glance: free, occupied, charging, door_open, fault or unavailable',
        }),
      }),
    ),
  },
  { title: 'StationStatus' },
);

const Password = Type.String({ minLength: STATION_PASSWORD_MIN, maxLength: STATION_PASSWORD_MAX });
const ShortName = Type.String({
  minLength: 1,
  maxLength: SHORT_NAME_MAX,
  description: 'Stored upper case, e.g. P20-07',
});
const StationParams = Type.Object({
  stationId: Type.String({ pattern: CHARGE_BOX_ID_PATTERN, description: 'Station UUID or charge box id' }),
});
const ChargePointParams = Type.Object({ chargePointId: Uuid });
const Placement = {
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  kind: Type.Optional(Kind),
  locationId: Type.Optional(Nullable(Uuid)),
  groupId: Type.Optional(Nullable(Uuid)),
};

export const stationsRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/stations',
    {
      schema: {
        tags: ['stations'],
        summary: 'Create a station with its charge points',
        body: Type.Object({
          institutionId: Type.Optional(Uuid),
          chargeBoxId: Type.String({ pattern: CHARGE_BOX_ID_PATTERN }),
          password: Type.Optional(Password),
          ...Placement,
          chargePoints: Type.Optional(
            Type.Union(
              [Type.Integer({ minimum: 0, maximum: 200 }), Type.Array(ShortName, { maxItems: 200 })],
              {
                description: 'A count (numbered short names) or the short names for EVSE 1..n; default 1',
              },
            ),
          ),
          shortNamePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 28 })),
        }),
        response: {
          201: WithPassword,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) => {
      const { station, generatedPassword } = await services.stations.createStation(request.ctx, request.body);
      return reply.status(201).send({ station, generatedPassword: generatedPassword ?? null });
    },
  );

  app.get(
    '/stations',
    {
      schema: {
        tags: ['stations'],
        summary:
          'Stations, searched by charge box id, name or short name, filtered by location, group, state',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          institutionId: Type.Optional(Uuid),
          locationId: Type.Optional(Uuid),
          groupId: Type.Optional(Uuid),
          online: Type.Optional(Type.Boolean()),
          kind: Type.Optional(Kind),
          registration: Type.Optional(Registration),
          ...Paging,
        }),
        response: { 200: Type.Array(StationSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.stations.listStations(request.ctx, request.query),
  );

  app.get(
    '/stations/pending',
    {
      schema: {
        tags: ['stations'],
        summary: 'Stations that connected unknown and wait to be adopted',
        response: { 200: Type.Array(StationSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.stations.listPending(request.ctx),
  );

  app.get(
    '/stations/:stationId',
    {
      schema: {
        tags: ['stations'],
        summary: 'One station with its charge points',
        params: StationParams,
        response: { 200: StationDetailSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.stations.getStation(request.ctx, request.params.stationId),
  );

  app.patch(
    '/stations/:stationId',
    {
      schema: {
        tags: ['stations'],
        summary: 'Rename a station, change its kind, location, group or how it authorizes cards',
        params: StationParams,
        body: Type.Object({
          ...Placement,
          authorizationMode: Type.Optional(StringEnum(['cards', 'free'])),
          localListEnabled: Type.Optional(Type.Boolean()),
        }),
        response: { 200: StationDetailSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.stations.updateStation(request.ctx, request.params.stationId, request.body),
  );

  app.put(
    '/stations/:stationId/password',
    {
      schema: {
        tags: ['stations'],
        summary: "Set or rotate the station's HTTP Basic password (generated when absent)",
        params: StationParams,
        body: Type.Object({ password: Type.Optional(Password) }),
        response: { 200: WithPassword, ...errorResponses('validation_failed', 'forbidden', 'not_found') },
      },
    },
    async (request) => {
      const { generatedPassword } = await services.stations.setPassword(
        request.ctx,
        request.params.stationId,
        request.body.password,
      );
      const station = await services.stations.getStation(request.ctx, request.params.stationId);
      return { station, generatedPassword: generatedPassword ?? null };
    },
  );

  app.post(
    '/stations/:stationId/adopt',
    {
      schema: {
        tags: ['stations'],
        summary: 'Accept a pending station into its institution, optionally with a new password',
        params: StationParams,
        body: Type.Object({ password: Type.Optional(Password), ...Placement }),
        response: {
          200: WithPassword,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => {
      const { station, generatedPassword } = await services.stations.adoptStation(
        request.ctx,
        request.params.stationId,
        request.body,
      );
      return { station, generatedPassword: generatedPassword ?? null };
    },
  );

  app.get(
    '/stations/:stationId/status',
    {
      schema: {
        tags: ['stations'],
        summary: 'Live status: connection, each charge point’s status, door and active session',
        params: StationParams,
        response: { 200: StatusSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.stations.stationStatus(request.ctx, request.params.stationId),
  );

  app.get(
    '/stations/:stationId/charge-points',
    {
      schema: {
        tags: ['stations'],
        summary: 'The charge points (connectors, EVSEs, compartments) of a station',
        params: StationParams,
        response: { 200: Type.Array(ChargePointSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.stations.listStationChargePoints(request.ctx, request.params.stationId),
  );

  app.post(
    '/stations/:stationId/charge-points',
    {
      schema: {
        tags: ['stations'],
        summary: 'Add a charge point; its short name must be unique in the institution',
        params: StationParams,
        body: Type.Object({
          shortName: ShortName,
          evseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: {
          201: ChargePointSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await services.stations.addChargePoint(request.ctx, request.params.stationId, request.body)),
  );

  app.get(
    '/charge-points',
    {
      schema: {
        tags: ['stations'],
        summary: 'All charge points, searched by short name',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          institutionId: Type.Optional(Uuid),
        }),
        response: { 200: Type.Array(ChargePointSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.stations.listChargePoints(request.ctx, request.query),
  );

  app.get(
    '/charge-points/:chargePointId',
    {
      schema: {
        tags: ['stations'],
        summary: 'One charge point',
        params: ChargePointParams,
        response: { 200: ChargePointSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.stations.getChargePoint(request.ctx, request.params.chargePointId),
  );

  app.patch(
    '/charge-points/:chargePointId',
    {
      schema: {
        tags: ['stations'],
        summary: 'Rename a charge point (its public short name)',
        params: ChargePointParams,
        body: Type.Object({ shortName: ShortName }),
        response: {
          200: ChargePointSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) =>
      services.stations.renameChargePoint(request.ctx, request.params.chargePointId, request.body.shortName),
  );
};
