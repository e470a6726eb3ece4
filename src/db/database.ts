import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { PGliteWorkerClient } from './pglite-worker.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle every repository takes; the same type for PGlite and PostgreSQL, and for a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Folder for the embedded database; absent means in memory. */
  dataDir?: string | undefined;
  /** An existing PGlite instance (tests clone a migrated one). */
  pglite?: PGlite;
  poolSize?: number;
  /** With `dataDir`: run PGlite in a worker thread (default) or, with false, in this thread. */
  thread?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url !== undefined) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // A broken idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePg(db as never, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  if (options.pglite === undefined && options.dataDir !== undefined && options.thread !== false) {
    // A persistent embedded database runs in its own thread (pglite-worker.ts).
    mkdirSync(options.dataDir, { recursive: true });
    const worker = new PGliteWorkerClient(path.join(options.dataDir, 'pgdata'));
    await worker.waitReady;
    const db = drizzlePglite(worker as never, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      migrate: () => migratePglite(db as never, { migrationsFolder }),
      close: () => worker.close(),
    };
  }
  let client = options.pglite;
  if (client === undefined) {
    if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(options.dataDir === undefined ? undefined : path.join(options.dataDir, 'pgdata'));
    await client.waitReady;
  }
  const pglite = client;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => pglite.close(),
  };
}
