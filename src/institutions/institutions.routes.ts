import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Timestamp, Uuid } from '../api/schemas.js';
import { SLUG_PATTERN } from './institutions.service.js';

const InstitutionSchema = Type.Object(
  {
    id: Uuid,
    slug: Type.String(),
    name: Type.String(),
    acceptUnknownStations: Type.Boolean(),
    createdAt: Timestamp,
  },
  { title: 'Institution' },
);

const Params = Type.Object({ institutionId: Uuid });

export const institutionsRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/institutions',
    {
      schema: {
        tags: ['institutions'],
        summary: 'Create an institution (platform admins)',
        body: Type.Object({
          slug: Type.String({
            pattern: SLUG_PATTERN,
            description: 'Lower-case, used in station URLs /ocpp/{slug}/...',
          }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          acceptUnknownStations: Type.Optional(Type.Boolean()),
        }),
        response: { 201: InstitutionSchema, ...errorResponses('validation_failed', 'forbidden', 'conflict') },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.institutions.createInstitution(request.ctx, request.body)),
  );

  app.get(
    '/institutions',
    {
      schema: {
        tags: ['institutions'],
        summary: 'Institutions the caller may see (the platform: all; everyone else: their own)',
        response: { 200: Type.Array(InstitutionSchema), ...errorResponses() },
      },
    },
    async (request) => services.institutions.listInstitutions(request.ctx),
  );

  app.get(
    '/institutions/:institutionId',
    {
      schema: {
        tags: ['institutions'],
        summary: 'One institution',
        params: Params,
        response: { 200: InstitutionSchema, ...errorResponses('not_found') },
      },
    },
    async (request) => services.institutions.getInstitution(request.ctx, request.params.institutionId),
  );

  app.patch(
    '/institutions/:institutionId',
    {
      schema: {
        tags: ['institutions'],
        summary: 'Rename (platform) or change station onboarding (institution admins)',
        params: Params,
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          acceptUnknownStations: Type.Optional(Type.Boolean()),
        }),
        response: { 200: InstitutionSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) =>
      services.institutions.updateInstitution(request.ctx, request.params.institutionId, request.body),
  );
};
