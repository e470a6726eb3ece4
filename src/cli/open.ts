import { loadConfig, type Config } from '../config/config.js';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../shared/logger.js';

/** Config, logger and a migrated database: what every server-side command starts with. */
export async function openFromEnv(): Promise<{
  config: Config;
  database: Database;
  log: ReturnType<typeof createLogger>;
}> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  return { config, database, log };
}
