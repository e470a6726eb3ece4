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
import { AUTH_TOKEN_TYPES } from './token-value.js';

const TokenType = StringEnum(AUTH_TOKEN_TYPES);
const Status = StringEnum(['accepted', 'blocked']);

export const AuthTokenSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    value: Type.String({ description: 'RFID UIDs in upper-case hex without separators' }),
    type: TokenType,
    status: Status,
    label: Nullable(Type.String()),
    expiresAt: Nullable(Timestamp),
    userId: Nullable(Uuid),
    companyId: Nullable(
      Type.String({ format: 'uuid', description: "Set on a company's own cards (its master card)" }),
    ),
    updatedAt: Timestamp,
    createdAt: Timestamp,
  },
  { title: 'AuthToken' },
);

const AuthTokenListItemSchema = Type.Object(
  {
    ...AuthTokenSchema.properties,
    holderName: Nullable(Type.String({ description: "The holding user's or company's name" })),
  },
  { title: 'AuthTokenListItem' },
);

const Params = Type.Object({ tokenId: Uuid });
const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

export const authTokensRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/auth-tokens',
    {
      schema: {
        tags: ['auth-tokens'],
        summary: 'Register an id token (RFID card, key code, app token)',
        body: Type.Object({
          institutionId: Type.Optional(Uuid),
          value: Type.String({ minLength: 1, maxLength: 64 }),
          type: Type.Optional(TokenType),
          status: Type.Optional(Status),
          label: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          expiresAt: Type.Optional(Nullable(TimestampInput)),
          userId: Type.Optional(Nullable(Uuid)),
          companyId: Type.Optional(Nullable(Uuid)),
        }),
        response: {
          201: AuthTokenSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await services.authTokens.createToken(request.ctx, {
          ...request.body,
          expiresAt: toDate(request.body.expiresAt),
        }),
      ),
  );

  app.get(
    '/auth-tokens',
    {
      schema: {
        tags: ['auth-tokens'],
        summary: 'Id tokens with their holder, searched by value or label',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          institutionId: Type.Optional(Uuid),
          status: Type.Optional(Status),
          type: Type.Optional(TokenType),
          userId: Type.Optional(Uuid),
          companyId: Type.Optional(Uuid),
          holder: Type.Optional(
            StringEnum(['user', 'company', 'none'] as const, {
              description: 'Held by a user, by a company directly, or by nobody',
            }),
          ),
          ...Paging,
        }),
        response: { 200: Type.Array(AuthTokenListItemSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.authTokens.listTokens(request.ctx, request.query),
  );

  app.get(
    '/auth-tokens/:tokenId',
    {
      schema: {
        tags: ['auth-tokens'],
        summary: 'One id token',
        params: Params,
        response: { 200: AuthTokenSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.authTokens.getToken(request.ctx, request.params.tokenId),
  );

  app.patch(
    '/auth-tokens/:tokenId',
    {
      schema: {
        tags: ['auth-tokens'],
        summary: 'Block or unblock, relabel, change expiry, reassign to another user or company',
        params: Params,
        body: Type.Object({
          status: Type.Optional(Status),
          label: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          expiresAt: Type.Optional(Nullable(TimestampInput)),
          userId: Type.Optional(Nullable(Uuid)),
          companyId: Type.Optional(Nullable(Uuid)),
        }),
        response: {
          200: AuthTokenSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) =>
      services.authTokens.updateToken(request.ctx, request.params.tokenId, {
        ...request.body,
        expiresAt: toDate(request.body.expiresAt),
      }),
  );

  app.delete(
    '/auth-tokens/:tokenId',
    {
      schema: {
        tags: ['auth-tokens'],
        summary: 'Delete an id token',
        params: Params,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await services.authTokens.deleteToken(request.ctx, request.params.tokenId);
      return reply.status(204).send(null);
    },
  );
};
