import { loadConfig, type Config } from '../config/config.js';
import { lockDataDir } from '../db/data-dir-lock.js';
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
  const release = config.databaseUrl === undefined ? lockDataDir(config.dataDir) : undefined;
  try {
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await database.migrate();
    const close = database.close;
    return {
      config,
      log,
      database: {
        ...database,
        close: async () => {
          await close();
          release?.();
        },
      },
    };
  } catch (error) {
    release?.();
    throw error;
  }
}
