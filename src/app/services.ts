/**
 * The service layer, built once by the composition root (app/fachwerk.ts) and handed to every
 * transport. Each bounded context adds its service here; transports never reach the database.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { LiveEvents } from '../live/live-events.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  log: Logger;
  live: LiveEvents;
  now: () => Date;
}

export interface Services {
  deps: ServiceDeps;
}

export function createServices(deps: ServiceDeps): Services {
  return { deps };
}
