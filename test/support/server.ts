/**
 * A whole Fachwerk on a free port with a fresh database, as `npm start` would build it, for
 * tests that speak HTTP and OCPP over real sockets.
 */
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createFachwerk, type Fachwerk } from '../../src/app/fachwerk.js';
import type { Database } from '../../src/db/database.js';
import { createTestDatabase } from './database.js';

export interface TestServer {
  fachwerk: Fachwerk;
  database: Database;
  config: Config;
  port: number;
  baseUrl: string;
  /** ws://127.0.0.1:PORT/ocpp */
  ocppUrl: string;
  close(): Promise<void>;
}

export async function startTestServer(
  overrides: Partial<Config> = {},
  database?: Database,
): Promise<TestServer> {
  const db = database ?? (await createTestDatabase());
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    commandTimeoutMs: 2_000,
    ...overrides,
  };
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const fachwerk = await createFachwerk({ config, database: db, log });
  const port = await fachwerk.listen();
  return {
    fachwerk,
    database: db,
    config,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    ocppUrl: `ws://127.0.0.1:${port}/ocpp`,
    async close() {
      await fachwerk.close();
      if (database === undefined) await db.close();
    },
  };
}
