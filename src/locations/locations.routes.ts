import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Timestamp, Uuid } from '../api/schemas.js';

const LocationSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    country: Type.String(),
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
    createdAt: Timestamp,
  },
  { title: 'Location' },
);

const LocationFields = {
  street: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  postalCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  city: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
};

const GroupSchema = Type.Object(
  { id: Uuid, institutionId: Uuid, name: Type.String(), createdAt: Timestamp },
  { title: 'StationGroup' },
);

const LocationParams = Type.Object({ locationId: Uuid });
const GroupParams = Type.Object({ groupId: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const locationsRoutes: RoutesPlugin = async (app, { services }) => {
  app.post(
    '/locations',
    {
      schema: {
        tags: ['locations'],
        summary: 'Create a location',
        body: Type.Object({ institutionId: Type.Optional(Uuid), name: Name, ...LocationFields }),
        response: {
          201: LocationSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.locations.createLocation(request.ctx, request.body)),
  );

  app.get(
    '/locations',
    {
      schema: {
        tags: ['locations'],
        summary: 'Locations, optionally searched by name, street or city',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          institutionId: Type.Optional(Uuid),
        }),
        response: { 200: Type.Array(LocationSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.locations.listLocations(request.ctx, request.query),
  );

  app.get(
    '/locations/:locationId',
    {
      schema: {
        tags: ['locations'],
        summary: 'One location',
        params: LocationParams,
        response: { 200: LocationSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.locations.getLocation(request.ctx, request.params.locationId),
  );

  app.patch(
    '/locations/:locationId',
    {
      schema: {
        tags: ['locations'],
        summary: 'Change a location',
        params: LocationParams,
        body: Type.Object({ name: Type.Optional(Name), ...LocationFields }),
        response: {
          200: LocationSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) =>
      services.locations.updateLocation(request.ctx, request.params.locationId, request.body),
  );

  app.delete(
    '/locations/:locationId',
    {
      schema: {
        tags: ['locations'],
        summary: 'Delete a location that no station uses',
        params: LocationParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await services.locations.deleteLocation(request.ctx, request.params.locationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/station-groups',
    {
      schema: {
        tags: ['locations'],
        summary: 'Create a station group',
        body: Type.Object({ institutionId: Type.Optional(Uuid), name: Name }),
        response: {
          201: GroupSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.locations.createGroup(request.ctx, request.body)),
  );

  app.get(
    '/station-groups',
    {
      schema: {
        tags: ['locations'],
        summary: 'Station groups',
        querystring: Type.Object({ institutionId: Type.Optional(Uuid) }),
        response: { 200: Type.Array(GroupSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => services.locations.listGroups(request.ctx, request.query),
  );

  app.get(
    '/station-groups/:groupId',
    {
      schema: {
        tags: ['locations'],
        summary: 'One station group',
        params: GroupParams,
        response: { 200: GroupSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => services.locations.getGroup(request.ctx, request.params.groupId),
  );

  app.patch(
    '/station-groups/:groupId',
    {
      schema: {
        tags: ['locations'],
        summary: 'Rename a station group',
        params: GroupParams,
        body: Type.Object({ name: Name }),
        response: { 200: GroupSchema, ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request) => services.locations.renameGroup(request.ctx, request.params.groupId, request.body.name),
  );

  app.delete(
    '/station-groups/:groupId',
    {
      schema: {
        tags: ['locations'],
        summary: 'Delete a station group that has no stations',
        params: GroupParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await services.locations.deleteGroup(request.ctx, request.params.groupId);
      return reply.status(204).send(null);
    },
  );
};
