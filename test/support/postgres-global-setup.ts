import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { TEMPLATE_DB, adminUrl, databaseUrl } from './postgres-urls.js';

/** Migrates a template database once per run; every test file clones it. */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: databaseUrl(TEMPLATE_DB), poolSize: 1 });
  await database.migrate();
  await database.close();
}
