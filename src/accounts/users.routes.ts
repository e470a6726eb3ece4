/** Drivers (users) and their cards, and the CSV export and import of users and cards. */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Paging, StringEnum, Timestamp, Uuid } from '../api/schemas.js';
import { ValidationFailed } from '../shared/errors.js';
import { AuthTokenSchema } from '../tokens/tokens.routes.js';

const Locale = StringEnum(['de', 'en'] as const);
const UserStatus = StringEnum(['active', 'blocked'] as const);

export const UserSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    locale: Locale,
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    country: Type.String(),
    groupId: Nullable(Uuid),
    companyId: Nullable(Uuid),
    accountId: Type.Union([Type.Null(), Uuid], { description: "The user's own payer account" }),
    accountNumber: Nullable(Type.String()),
    strategyId: Type.Union([Type.Null(), Uuid], { description: "The own account's accounting strategy" }),
    billedAccountId: Type.Union([Type.Null(), Uuid], {
      description: "The account the user's cards are billed to: the company's for members, else the own",
    }),
    status: UserStatus,
    companyAdmin: Type.Boolean({
      description: "Sees the company's cards and collective bill in the portal (company members only)",
    }),
    hasPortalLogin: Type.Boolean({ description: 'The user has chosen a portal password' }),
    createdAt: Timestamp,
  },
  { title: 'User' },
);

const UserFields = {
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  locale: Type.Optional(Locale),
  street: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  postalCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  city: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  groupId: Type.Optional(Nullable(Uuid)),
  companyId: Type.Optional(Nullable(Uuid)),
  strategyId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        "Opens the user's own account with this strategy, or changes its strategy (not for company members)",
    }),
  ),
  status: Type.Optional(UserStatus),
  companyAdmin: Type.Optional(
    Type.Boolean({ description: 'Only with a company; leaving or changing the company ends it' }),
  ),
};

const ImportProblem = Type.Object({
  line: Type.Integer({ description: 'Line of the file the row starts on; the header is line 1' }),
  column: Type.Optional(Type.String()),
  reason: Type.String(),
});

const Counts = Type.Object({ created: Type.Integer(), matched: Type.Integer() });

const ImportReportSchema = Type.Object(
  {
    dryRun: Type.Boolean(),
    valid: Type.Boolean(),
    rows: Type.Integer(),
    users: Counts,
    cards: Counts,
    problems: Type.Array(ImportProblem),
  },
  { title: 'UserImportReport' },
);

const UserParams = Type.Object({ userId: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const CSV_LIMIT = 20 * 1024 * 1024;

export const usersRoutes: RoutesPlugin = async (app, { services }) => {
  const users = services.accounts.users;
  const transfer = services.accounts.transfer;

  // The import's body is the CSV file itself. Registered in this plugin only.
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: CSV_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a driver (user)',
        body: Type.Object({
          institutionId: Type.Optional(Uuid),
          name: Name,
          accountNumber: Type.Optional(
            Type.String({
              maxLength: 32,
              description: 'Kundennummer for the own account; generated when absent',
            }),
          ),
          ...UserFields,
        }),
        response: {
          201: UserSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await users.createUser(request.ctx, request.body)),
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary:
          'Drivers, searched by name, e-mail, phone or city, filtered by status, group, company or card',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          status: Type.Optional(UserStatus),
          groupId: Type.Optional(Uuid),
          companyId: Type.Optional(Uuid),
          card: Type.Optional(
            Type.String({ maxLength: 64, description: 'Part of a card UID the user holds' }),
          ),
          ...Paging,
        }),
        response: { 200: Type.Array(UserSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => users.listUsers(request.ctx, request.query),
  );

  app.get(
    '/users/export',
    {
      schema: {
        tags: ['users'],
        summary: 'Users and their cards as CSV (one row per card; columns in docs/accounts.md)',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          delimiter: Type.Optional(
            StringEnum([',', ';'] as const, { description: '";" for Excel in German' }),
          ),
          bom: Type.Optional(Type.Boolean({ description: 'Start with a UTF-8 byte order mark (for Excel)' })),
        }),
        response: {
          200: { description: 'The CSV file', content: { 'text/csv': { schema: Type.String() } } },
          ...errorResponses('forbidden', 'not_found'),
        },
      },
    },
    async (request, reply) => {
      const csv = await transfer.exportUsers(request.ctx, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="users.csv"')
        .send(csv);
    },
  );

  app.post(
    '/users/import',
    {
      schema: {
        tags: ['users'],
        summary: 'Import users and cards from CSV; dryRun=true only reports. All rows or none are written',
        querystring: Type.Object({
          institutionId: Type.Optional(Uuid),
          dryRun: Type.Optional(Type.Boolean({ default: false })),
        }),
        body: {
          content: { 'text/csv': { schema: Type.String({ description: 'UTF-8, "," or ";" delimited' }) } },
        },
        response: {
          200: ImportReportSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      if (typeof body !== 'string')
        throw new ValidationFailed('Send the CSV file as the body with content-type text/csv', {
          field: 'body',
        });
      return transfer.importUsers(request.ctx, body, {
        institutionId: request.query.institutionId,
        dryRun: request.query.dryRun ?? false,
      });
    },
  );

  app.get(
    '/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'One driver',
        params: UserParams,
        response: { 200: UserSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => users.getUser(request.ctx, request.params.userId),
  );

  app.get(
    '/users/:userId/cards',
    {
      schema: {
        tags: ['users'],
        summary: "The driver's cards",
        params: UserParams,
        response: { 200: Type.Array(AuthTokenSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => users.listUserCards(request.ctx, request.params.userId),
  );

  app.patch(
    '/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a driver: details, group, company, own strategy, block or unblock',
        params: UserParams,
        body: Type.Object({ name: Type.Optional(Name), ...UserFields }),
        response: {
          200: UserSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => users.updateUser(request.ctx, request.params.userId, request.body),
  );

  app.delete(
    '/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete a driver without cards and bookings',
        params: UserParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await users.deleteUser(request.ctx, request.params.userId);
      return reply.status(204).send(null);
    },
  );
};
