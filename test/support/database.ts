/**
 * One fresh, migrated database per test file: an in-memory PGlite instance, or, in the `postgres`
 * project, a new database cloned from the migrated template (see postgres-global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import { TEMPLATE_DB, adminUrl, databaseUrl } from './postgres-urls.js';

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.FACHWERK_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export async function createTestDatabase(): Promise<Database> {
  if (testDatabaseKind() === 'pglite') {
    const database = await openDatabase({});
    await database.migrate();
    return database;
  }
  const name = `fw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: databaseUrl(name) });
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
