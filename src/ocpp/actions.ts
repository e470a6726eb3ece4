import type { Services } from '../app/services.js';
import type { StationConnection } from './station-connection.js';

/**
 * Handles one inbound CALL whose params already passed the official schema (ocpp-rpc strict mode),
 * translating it into version-neutral service calls, and returns the CALLRESULT payload.
 */
export type ActionHandler = (
  conn: StationConnection,
  params: unknown,
  services: Services,
) => Promise<unknown>;

/** The actions a station may send in one protocol version. */
export type ActionTable = Readonly<Record<string, ActionHandler>>;
