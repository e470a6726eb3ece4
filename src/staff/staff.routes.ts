import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, Uuid } from '../api/schemas.js';

export const Role = StringEnum(['platform_admin', 'institution_admin', 'service_technician', 'accountant']);

export const StaffSchema = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: Role,
    institutionId: Nullable(Uuid),
    active: Type.Boolean(),
    totpEnabledAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'Staff' },
);

const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
});

const StaffParams = Type.Object({ staffId: Uuid });

/** Staff accounts and their API tokens. */
export const staffRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/staff',
    {
      schema: {
        tags: ['staff'],
        summary: 'Create a staff account (institution admins in their own institution)',
        body: Type.Object({
          email: Type.String({ format: 'email', maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          role: Role,
          institutionId: Type.Optional(Uuid),
        }),
        response: {
          201: StaffSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.staff.createStaff(request.ctx, request.body)),
  );

  app.get(
    '/staff',
    {
      schema: {
        tags: ['staff'],
        summary: 'Staff accounts the caller may manage',
        querystring: Type.Object({ institutionId: Type.Optional(Uuid) }),
        response: { 200: Type.Array(StaffSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.staff.listStaff(request.ctx, request.query),
  );

  app.get(
    '/staff/:staffId',
    {
      schema: {
        tags: ['staff'],
        summary: 'One staff account',
        params: StaffParams,
        response: { 200: StaffSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.staff.getStaff(request.ctx, request.params.staffId),
  );

  app.patch(
    '/staff/:staffId',
    {
      schema: {
        tags: ['staff'],
        summary: 'Change name, role, active flag or password of a staff account',
        params: StaffParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.Optional(Role),
          active: Type.Optional(Type.Boolean()),
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
        }),
        response: {
          200: StaffSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => services.staff.updateStaff(request.ctx, request.params.staffId, request.body),
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        tags: ['staff'],
        summary: 'Create an API token acting as the caller; the token is shown only in this answer',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: {
          201: Type.Object({ ...ApiTokenSchema.properties, token: Type.String({ description: 'fw_...' }) }),
          ...errorResponses('forbidden'),
        },
      },
    },
    async (request, reply) => {
      const { row, token } = await services.staff.createApiToken(request.ctx, request.body.name);
      return reply.status(201).send({ ...row, token });
    },
  );

  app.get(
    '/api-tokens',
    {
      schema: {
        tags: ['staff'],
        summary: "The caller's API tokens (without their secrets)",
        response: { 200: Type.Array(ApiTokenSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.staff.listApiTokens(request.ctx),
  );

  app.delete(
    '/api-tokens/:apiTokenId',
    {
      schema: {
        tags: ['staff'],
        summary: 'Revoke one of the caller’s API tokens',
        params: Type.Object({ apiTokenId: Uuid }),
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request, reply) => {
      await services.staff.revokeApiToken(request.ctx, request.params.apiTokenId);
      return reply.status(204).send(null);
    },
  );
};
