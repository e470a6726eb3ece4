/**
 * The service layer, built once by the composition root (app/fachwerk.ts) and handed to every
 * transport. Each bounded context adds its service here; transports never reach the database.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { LiveEvents } from '../live/live-events.js';
import { AuditService } from '../audit/audit.js';
import { CommandService } from '../commands/commands.service.js';
import { InstitutionsService } from '../institutions/institutions.service.js';
import { LocationsService } from '../locations/locations.service.js';
import { ConnectionRegistry } from '../ocpp/connections.js';
import { StaffService } from '../staff/staff.service.js';
import { StationsService } from '../stations/stations.service.js';
import { AuthTokensService } from '../tokens/tokens.service.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  log: Logger;
  live: LiveEvents;
  now: () => Date;
}

export interface Services {
  deps: ServiceDeps;
  audit: AuditService;
  authTokens: AuthTokensService;
  commands: CommandService;
  connections: ConnectionRegistry;
  institutions: InstitutionsService;
  locations: LocationsService;
  staff: StaffService;
  stations: StationsService;
}

export function createServices(deps: ServiceDeps): Services {
  const connections = new ConnectionRegistry();
  return {
    deps,
    connections,
    commands: new CommandService({ ...deps, connections }),
    audit: new AuditService(deps),
    authTokens: new AuthTokensService(deps),
    institutions: new InstitutionsService(deps),
    locations: new LocationsService(deps),
    staff: new StaffService(deps),
    stations: new StationsService(deps),
  };
}
