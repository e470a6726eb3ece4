/**
 * The HTTP app: problem+json errors, authentication, the OpenAPI document and every context's
 * routes under /api/v1. Built apart from listening (app/fachwerk.ts listens), so tests and the
 * OpenAPI generator build the same app.
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../app/services.js';
import { accountsRoutes } from '../accounts/accounts.routes.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { billingRoutes } from '../billing/billing.routes.js';
import { authorizationRoutes } from '../authorization/authorization.routes.js';
import { alertsRoutes } from '../alerts/alerts.routes.js';
import { carrierBillingRoutes } from '../carrier-billing/carrier-billing.routes.js';
import { labelsRoutes } from '../labels/labels.routes.js';
import { selfServiceRoutes } from '../self-service/self-service.routes.js';
import { publicRoutes } from '../public/public.routes.js';
import { portalHostRoutes } from '../portal-host/portal-host.routes.js';
import { smsRoutes } from '../sms/sms.routes.js';
import { smsSessionsRoutes } from '../sms/flow/sms-sessions.routes.js';
import { pricingRoutes } from '../pricing/pricing.routes.js';
import { commandsRoutes } from '../commands/commands.routes.js';
import { dashboardRoutes } from '../dashboard/dashboard.routes.js';
import type { Config } from '../config/config.js';
import { institutionsRoutes } from '../institutions/institutions.routes.js';
import { locationsRoutes } from '../locations/locations.routes.js';
import { messageLogRoutes } from '../message-log/message-log.routes.js';
import { sessionsRoutes } from '../sessions/sessions.routes.js';
import { staffRoutes } from '../staff/staff.routes.js';
import { identityRoutes } from '../identity/identity.routes.js';
import { mailRoutes } from '../mail/mail.routes.js';
import { stationsRoutes } from '../stations/stations.routes.js';
import { authTokensRoutes } from '../tokens/tokens.routes.js';
import { authHook } from './auth.js';
import { eventsRoutes } from './events.routes.js';
import { PROBLEM_CONTENT_TYPE, problem, toProblem } from './problem.js';
import type { RoutesPlugin } from './route-context.js';
import { ProblemSchema } from './schemas.js';

export interface HttpAppDeps {
  services: Services;
  config: Config;
  log: Logger;
  https: { cert: Buffer; key: Buffer } | undefined;
}

/**
 * Every context's routes, registered under /api/v1 behind authentication. A new `*.routes.ts`
 * is added here, and the tenant-isolation test (test/tenant-isolation.db.test.ts) then checks it.
 */
export const ROUTE_PLUGINS: readonly { name: string; plugin: RoutesPlugin }[] = [
  { name: 'identity', plugin: identityRoutes },
  { name: 'staff', plugin: staffRoutes },
  { name: 'institutions', plugin: institutionsRoutes },
  { name: 'locations', plugin: locationsRoutes },
  { name: 'stations', plugin: stationsRoutes },
  { name: 'auth-tokens', plugin: authTokensRoutes },
  { name: 'audit', plugin: auditRoutes },
  { name: 'events', plugin: eventsRoutes },
  { name: 'commands', plugin: commandsRoutes },
  { name: 'dashboard', plugin: dashboardRoutes },
  { name: 'sessions', plugin: sessionsRoutes },
  { name: 'message-log', plugin: messageLogRoutes },
  { name: 'accounts', plugin: accountsRoutes },
  { name: 'pricing', plugin: pricingRoutes },
  { name: 'billing', plugin: billingRoutes },
  { name: 'authorization', plugin: authorizationRoutes },
  { name: 'alerts', plugin: alertsRoutes },
  { name: 'sms', plugin: smsRoutes },
  { name: 'sms-sessions', plugin: smsSessionsRoutes },
  { name: 'carrier-billing', plugin: carrierBillingRoutes },
  { name: 'labels', plugin: labelsRoutes },
  { name: 'mail', plugin: mailRoutes },
  { name: 'self-service', plugin: selfServiceRoutes },
];

export const API_PREFIX = '/api/v1';

/** A route as registered, for the tenant-isolation test that must see every route. */
export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
  schema: FastifySchema | undefined;
}

const registries = new WeakMap<object, RegisteredRoute[]>();

/** Every route of an app built by buildHttpApp, in registration order. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes = registries.get(app);
  if (routes === undefined) throw new Error('Not an app built by buildHttpApp');
  return routes;
}

export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    ...(deps.https ? { https: deps.https } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routes: RegisteredRoute[] = [];
  registries.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, public: route.config?.public === true, schema: route.schema });
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status: body.status }, body.detail);
    const retryAfter = body.details?.retryAfterS;
    if (body.status === 429 && typeof retryAfter === 'number')
      void reply.header('retry-after', String(retryAfter));
    return reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );

  app.addSchema(ProblemSchema);
  app.decorateRequest('ctx', null as never);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fachwerk API',
        version: '1',
        description:
          'Charging-station management: institutions, locations, stations, charge points, tokens, sessions, ' +
          'remote commands. Errors are RFC 9457 problem details. See docs/api.md.',
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'fw_session',
            description: 'Set by POST /api/v1/auth/login',
          },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (fw_...) from POST /api/v1/api-tokens',
          },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(portalHostRoutes, { portalDir: deps.config.portalDir });
  await app.register(publicRoutes, { services: deps.services });

  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      api.addHook('onRequest', authHook(deps.services));
      for (const { plugin } of ROUTE_PLUGINS) await api.register(plugin, { services: deps.services });
    },
    { prefix: API_PREFIX },
  );

  return app as unknown as FastifyInstance;
}
