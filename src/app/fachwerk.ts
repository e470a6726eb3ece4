/**
 * The composition root: config → database → services → transports (HTTP + OCPP on one server).
 * Building and listening are apart so tests build the app with their own deps (fastify's pattern).
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildHttpApp } from '../api/http-app.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { LiveEvents } from '../live/live-events.js';
import { CentralSystem } from '../ocpp/central-system.js';
import { systemActor } from '../shared/context.js';
import { createServices, type Services } from './services.js';

export interface FachwerkDeps {
  config: Config;
  database: Database;
  log: Logger;
  now?: () => Date;
}

export interface Fachwerk {
  app: FastifyInstance;
  services: Services;
  centralSystem: CentralSystem;
  /** Listens on config.port (0 picks a free port) and returns the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export async function createFachwerk(deps: FachwerkDeps): Promise<Fachwerk> {
  const { config, database, log } = deps;
  const now = deps.now ?? (() => new Date());
  const live = new LiveEvents();
  const services = createServices({ config, db: database.db, log, live, now });
  const centralSystem = new CentralSystem({ services, config, log });
  const https =
    config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined
      ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
      : undefined;
  const app = await buildHttpApp({ services, config, log, https });
  app.server.on('upgrade', (request, socket, head) => centralSystem.handleUpgrade(request, socket, head));
  services.localLists.start();
  services.smsGateway.start();
  services.smsFlow.start();
  services.carrierBilling.start();
  services.mail.start();
  // Sessions stopped while pricing failed (e.g. no tariff yet) are priced again, a bounded batch per start.
  const sweep = services.billing
    .sweepUnpriced({ actor: systemActor('billing sweep'), now, log })
    .catch((error: unknown) => log.error({ err: error }, 'sweep of unpriced sessions failed'));

  return {
    app,
    services,
    centralSystem,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('Server has no TCP address');
      return address.port;
    },
    async close() {
      await sweep;
      services.billing.close();
      await services.localLists.stop();
      await services.smsFlow.stop();
      await services.carrierBilling.stop();
      await services.mail.stop();
      await services.smsGateway.stop();
      await centralSystem.close();
      await app.close();
    },
  };
}
