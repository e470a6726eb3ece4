import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../app/services.js';
import type { Config } from '../config/config.js';

export interface HttpAppDeps {
  services: Services;
  config: Config;
  log: Logger;
  https: { cert: Buffer; key: Buffer } | undefined;
}

/** Placeholder; the API module replaces this with the full app (routes, auth, OpenAPI, problem+json). */
export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log, ...(deps.https ? { https: deps.https } : {}) }) as unknown as FastifyInstance;
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}
