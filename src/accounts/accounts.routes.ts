/** Accounting strategies and payer accounts; users, user groups and companies (registered from here). */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Paging, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { companiesRoutes } from './companies.routes.js';
import { STRATEGY_KINDS } from './strategies.service.js';
import { usersRoutes } from './users.routes.js';

const Kind = StringEnum(STRATEGY_KINDS, {
  description:
    'prepaid (balance), postpaid (monthly invoice), carrier (mobile-carrier billing), free, roaming',
});

const StrategySchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    kind: Kind,
    minimumBalanceCents: Type.Integer({ description: 'prepaid: balance needed to start a session' }),
    paymentTermDays: Type.Integer({ description: 'postpaid: days from invoice date to due date' }),
    active: Type.Boolean(),
    createdAt: Timestamp,
  },
  { title: 'AccountingStrategy' },
);

const StrategyFields = {
  minimumBalanceCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  paymentTermDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  active: Type.Optional(Type.Boolean()),
};

const HolderKind = StringEnum(['user', 'company'] as const);

const AccountSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    number: Type.String({ description: 'Kundennummer, unique per institution' }),
    holderKind: HolderKind,
    holderId: Type.Union([Type.Null(), Uuid], { description: 'The user or company holding the account' }),
    holderName: Type.Union([Type.Null(), Type.String()]),
    strategyId: Uuid,
    strategyName: Type.String(),
    strategyKind: Kind,
    createdAt: Timestamp,
  },
  { title: 'Account' },
);

const StrategyParams = Type.Object({ strategyId: Uuid });
const AccountParams = Type.Object({ accountId: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const accountsRoutes: RoutesPlugin = async (app, options) => {
  const { services } = options;
  const strategies = services.accounts.strategies;
  const accounts = services.accounts.accounts;

  app.post(
    '/accounting-strategies',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an accounting strategy (Abrechnungsstrategie)',
        body: Type.Object({ institutionId: Type.Optional(Uuid), name: Name, kind: Kind, ...StrategyFields }),
        response: {
          201: StrategySchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await strategies.createStrategy(request.ctx, request.body)),
  );

  app.get(
    '/accounting-strategies',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Accounting strategies',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          kind: Type.Optional(Kind),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Array(StrategySchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => strategies.listStrategies(request.ctx, request.query),
  );

  app.get(
    '/accounting-strategies/:strategyId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One accounting strategy',
        params: StrategyParams,
        response: { 200: StrategySchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => strategies.getStrategy(request.ctx, request.params.strategyId),
  );

  app.patch(
    '/accounting-strategies/:strategyId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Change an accounting strategy (kind, minimum balance, payment term, active)',
        params: StrategyParams,
        body: Type.Object({ name: Type.Optional(Name), kind: Type.Optional(Kind), ...StrategyFields }),
        response: {
          200: StrategySchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => strategies.updateStrategy(request.ctx, request.params.strategyId, request.body),
  );

  app.delete(
    '/accounting-strategies/:strategyId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Delete an unused accounting strategy',
        params: StrategyParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await strategies.deleteStrategy(request.ctx, request.params.strategyId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Payer accounts, searched by number or holder name',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          strategyId: Type.Optional(Uuid),
          holderKind: Type.Optional(HolderKind),
          ...Paging,
        }),
        response: { 200: Type.Array(AccountSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => accounts.listAccounts(request.ctx, request.query),
  );

  app.get(
    '/accounts/:accountId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One payer account with its holder and strategy',
        params: AccountParams,
        response: { 200: AccountSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => accounts.getAccount(request.ctx, request.params.accountId),
  );

  app.patch(
    '/accounts/:accountId',
    {
      schema: {
        tags: ['accounts'],
        summary: "Change an account's accounting strategy",
        params: AccountParams,
        body: Type.Object({ strategyId: Type.Optional(Uuid) }),
        response: {
          200: AccountSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found'),
        },
      },
    },
    async (request) => accounts.updateAccount(request.ctx, request.params.accountId, request.body),
  );

  await usersRoutes(app, options);
  await companiesRoutes(app, options);
};
