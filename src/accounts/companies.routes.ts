/** Companies (master card, collective billing) and user groups. */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Paging, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { AuthTokenSchema } from '../tokens/tokens.routes.js';
import { UserSchema } from './users.routes.js';

const CompanyStatus = StringEnum(['active', 'suspended'] as const);

const CompanySchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    country: Type.String(),
    vatId: Nullable(Type.String()),
    email: Nullable(Type.String()),
    accountId: Uuid,
    accountNumber: Type.String(),
    strategyId: Uuid,
    masterTokenId: Nullable(Uuid),
    status: CompanyStatus,
    createdAt: Timestamp,
  },
  { title: 'Company' },
);

const CompanyFields = {
  street: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  postalCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  city: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  vatId: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'USt-IdNr., e.g. DE123456789' }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  status: Type.Optional(CompanyStatus),
  masterTokenId: Type.Optional(
    Type.Union([Type.Null(), Uuid], {
      description: 'A card of the institution held by no user or other company',
    }),
  ),
};

const UserGroupSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    tariffId: Type.Union([Type.Null(), Uuid], { description: "The group's own tariff" }),
    createdAt: Timestamp,
  },
  { title: 'UserGroup' },
);

const CompanyParams = Type.Object({ companyId: Uuid });
const GroupParams = Type.Object({ userGroupId: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const companiesRoutes: RoutesPlugin = async (app, { services }) => {
  const companies = services.accounts.companies;
  const groups = services.accounts.userGroups;

  app.post(
    '/companies',
    {
      schema: {
        tags: ['companies'],
        summary: 'Create a company with its account (and master card)',
        body: Type.Object({
          institutionId: Type.Optional(Uuid),
          name: Name,
          strategyId: Uuid,
          accountNumber: Type.Optional(
            Type.String({ maxLength: 32, description: 'Kundennummer; generated when absent' }),
          ),
          ...CompanyFields,
        }),
        response: {
          201: CompanySchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await companies.createCompany(request.ctx, request.body)),
  );

  app.get(
    '/companies',
    {
      schema: {
        tags: ['companies'],
        summary: 'Companies, searched by name, e-mail or VAT id',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          status: Type.Optional(CompanyStatus),
        }),
        response: { 200: Type.Array(CompanySchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => companies.listCompanies(request.ctx, request.query),
  );

  app.get(
    '/companies/:companyId',
    {
      schema: {
        tags: ['companies'],
        summary: 'One company',
        params: CompanyParams,
        response: { 200: CompanySchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => companies.getCompany(request.ctx, request.params.companyId),
  );

  app.get(
    '/companies/:companyId/cards',
    {
      schema: {
        tags: ['companies'],
        summary: "The company's master card and own cards and all its members' cards",
        params: CompanyParams,
        response: { 200: Type.Array(AuthTokenSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => companies.listCompanyCards(request.ctx, request.params.companyId),
  );

  app.patch(
    '/companies/:companyId',
    {
      schema: {
        tags: ['companies'],
        summary: 'Change a company: details, strategy, master card, suspend or reactivate',
        params: CompanyParams,
        body: Type.Object({ name: Type.Optional(Name), strategyId: Type.Optional(Uuid), ...CompanyFields }),
        response: {
          200: CompanySchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => companies.updateCompany(request.ctx, request.params.companyId, request.body),
  );

  app.delete(
    '/companies/:companyId',
    {
      schema: {
        tags: ['companies'],
        summary: 'Delete a company without members, cards and bookings',
        params: CompanyParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await companies.deleteCompany(request.ctx, request.params.companyId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/user-groups',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user group',
        body: Type.Object({
          institutionId: Type.Optional(Uuid),
          name: Name,
          tariffId: Type.Optional(Nullable(Uuid)),
        }),
        response: {
          201: UserGroupSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await groups.createUserGroup(request.ctx, request.body)),
  );

  app.get(
    '/user-groups',
    {
      schema: {
        tags: ['users'],
        summary: 'User groups',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Type.Array(UserGroupSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => groups.listUserGroups(request.ctx, request.query),
  );

  app.get(
    '/user-groups/:userGroupId',
    {
      schema: {
        tags: ['users'],
        summary: 'One user group',
        params: GroupParams,
        response: { 200: UserGroupSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => groups.getUserGroup(request.ctx, request.params.userGroupId),
  );

  app.get(
    '/user-groups/:userGroupId/members',
    {
      schema: {
        tags: ['users'],
        summary: "The group's members",
        params: GroupParams,
        querystring: Type.Object({ ...Paging }),
        response: { 200: Type.Array(UserSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => groups.listMembers(request.ctx, request.params.userGroupId, request.query),
  );

  app.patch(
    '/user-groups/:userGroupId',
    {
      schema: {
        tags: ['users'],
        summary: 'Rename a user group or change its tariff',
        params: GroupParams,
        body: Type.Object({ name: Type.Optional(Name), tariffId: Type.Optional(Nullable(Uuid)) }),
        response: {
          200: UserGroupSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => groups.updateUserGroup(request.ctx, request.params.userGroupId, request.body),
  );

  app.delete(
    '/user-groups/:userGroupId',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete an empty user group',
        params: GroupParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await groups.deleteUserGroup(request.ctx, request.params.userGroupId);
      return reply.status(204).send(null);
    },
  );
};
