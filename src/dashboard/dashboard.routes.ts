import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { CHARGE_POINT_STATES } from '../stations/charge-point-state.js';

const State = StringEnum(CHARGE_POINT_STATES, {
  description:
    'free, occupied, charging, door_open, fault (Faulted or an error code), unavailable (switched off, never reported, or its station offline)',
});
const StateCounts = Type.Object(
  Object.fromEntries(CHARGE_POINT_STATES.map((state) => [state, Type.Integer({ minimum: 0 })])) as Record<
    (typeof CHARGE_POINT_STATES)[number],
    ReturnType<typeof Type.Integer>
  >,
  { title: 'ChargePointStateCounts' },
);
const Query = Type.Object({
  institutionId: Type.Optional(Uuid),
});

const DashboardSchema = Type.Object(
  {
    stations: Type.Object({
      total: Type.Integer({ description: 'Accepted stations' }),
      online: Type.Integer(),
      offline: Type.Integer(),
      faulted: Type.Integer({
        description: 'Stations with a charge point in Faulted or reporting an error code',
      }),
      pending: Type.Integer({ description: 'Connected unknown, waiting to be adopted' }),
    }),
    compartments: Type.Object({ total: Type.Integer(), byState: StateCounts }),
    activeSessions: Type.Integer(),
    openAlerts: Nullable(Type.Integer({ description: 'Unacknowledged alerts; null without sms:read' })),
    attention: Type.Array(
      Type.Object({
        stationId: Uuid,
        institutionId: Uuid,
        chargeBoxId: Type.String(),
        name: Nullable(Type.String()),
        online: Type.Boolean(),
        lastSeenAt: Nullable(Timestamp),
        reasons: Type.Array(StringEnum(['offline', 'faulted', 'door_open'])),
        chargePoints: Type.Array(
          Type.Object({
            id: Uuid,
            shortName: Type.String(),
            evseId: Type.Integer(),
            state: State,
            status: Type.String(),
            errorCode: Nullable(Type.String()),
            door: Nullable(Type.String()),
          }),
        ),
      }),
      { description: 'Stations offline, faulted or with a door open; offline first' },
    ),
    alerts: Type.Array(
      Type.Object({
        id: Uuid,
        institutionId: Uuid,
        stationId: Nullable(Uuid),
        chargeBoxId: Nullable(Type.String()),
        chargePointId: Nullable(Uuid),
        kind: Type.String(),
        severity: StringEnum(['info', 'warning', 'critical']),
        message: Type.Object({ de: Type.String(), en: Type.String() }),
        createdAt: Timestamp,
      }),
      { description: 'The newest unacknowledged alerts (at most 5)' },
    ),
    generatedAt: Timestamp,
  },
  { title: 'Dashboard' },
);

const StationSummarySchema = Type.Object(
  {
    stationId: Uuid,
    online: Type.Boolean(),
    faulted: Type.Boolean(),
    doorOpen: Type.Boolean(),
    byState: StateCounts,
    chargePoints: Type.Array(
      Type.Object({ id: Uuid, shortName: Type.String(), evseId: Type.Integer(), state: State }),
    ),
  },
  { title: 'StationStateSummary' },
);

export const dashboardRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Operations overview: stations, compartments by state, sessions, open alerts, attention list',
        description:
          'Within the caller’s institution; a platform admin sees all institutions or the one named by institutionId.',
        querystring: Query,
        response: { 200: DashboardSchema, ...errorResponses('forbidden') },
      },
    },
    async (request) => services.dashboard.dashboard(request.ctx, request.query),
  );

  app.get(
    '/dashboard/stations',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Each visible station’s compartments by state, with fault and open-door flags',
        querystring: Query,
        response: { 200: Type.Array(StationSummarySchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.dashboard.stationSummaries(request.ctx, request.query),
  );
};
