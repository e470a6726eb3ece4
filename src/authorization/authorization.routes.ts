import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { CHARGE_BOX_ID_PATTERN } from '../stations/station-naming.js';

const Status = StringEnum(
  [
    'Accepted',
    'Blocked',
    'Expired',
    'Invalid',
    'ConcurrentTx',
    'NoCredit',
    'NotAllowedTypeEVSE',
    'NotAtThisLocation',
    'NotAtThisTime',
    'Unknown',
  ],
  { description: 'The OCPP 2.0.1 status; an OCPP 1.6 station is sent Invalid for NoCredit' },
);

const CardAuthorizationSchema = Type.Object(
  {
    tokenId: Uuid,
    stationId: Nullable(Uuid),
    authorizationMode: StringEnum(['cards', 'free']),
    status: Status,
    reason: Type.String({
      description:
        'card_accepted, card_blocked, card_expired, user_blocked, company_suspended, no_payer, ' +
        'strategy_inactive, insufficient_balance or free_station (docs/authorization.md)',
    }),
    expiresAt: Nullable(Timestamp),
  },
  { title: 'CardAuthorization' },
);

export const authorizationRoutes: RoutesPlugin = async (app, { services }) => {
  app.get(
    '/auth-tokens/:tokenId/authorization',
    {
      schema: {
        tags: ['auth-tokens'],
        summary: 'Whether the card may charge now (at a station, or on any card station), and why',
        params: Type.Object({ tokenId: Uuid }),
        querystring: Type.Object({
          stationId: Type.Optional(
            Type.String({ pattern: CHARGE_BOX_ID_PATTERN, description: 'Station UUID or charge box id' }),
          ),
        }),
        response: { 200: CardAuthorizationSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => {
      const { decision, ...rest } = await services.authorization.explainCard(
        request.ctx,
        request.params.tokenId,
        request.query.stationId,
      );
      return {
        ...rest,
        status: decision.status,
        reason: decision.reason ?? 'unknown_card',
        expiresAt: decision.expiresAt ?? null,
      };
    },
  );
};
