import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueViolation } from '../shared/db-errors.js';
import { openDatabase, type Database } from './database.js';
import * as s from './schema.js';

let dir: string;
let database: Database;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fachwerk-pglite-thread-'));
  database = await openDatabase({ dataDir: dir });
  await database.migrate();
});

afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database in a worker thread', () => {
  it('runs queries, keeps types and reports constraint violations like PGlite', async () => {
    const { db } = database;
    const [row] = await db.insert(s.institutions).values({ slug: 'a', name: 'A' }).returning();
    expect(row!.createdAt).toBeInstanceOf(Date);
    const error = await db
      .insert(s.institutions)
      .values({ slug: 'a', name: 'again' })
      .catch((e: unknown) => e);
    expect(uniqueViolation(error)).toEqual({ constraint: 'institutions_slug_unique' });
    const raw = (await db.execute(sql`SELECT 1::int AS n, '{"x":1}'::json AS j`)) as unknown as {
      rows: { n: number; j: unknown }[];
    };
    expect(raw.rows).toEqual([{ n: 1, j: { x: 1 } }]);
  });

  it('commits and rolls back transactions, and queries outside wait for them', async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      await tx.insert(s.institutions).values({ slug: 'b', name: 'B' });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(s.institutions).values({ slug: 'c', name: 'C' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const order: string[] = [];
    await Promise.all([
      db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_sleep(0.05)`);
        await tx.update(s.institutions).set({ name: 'B2' }).where(eq(s.institutions.slug, 'b'));
        order.push('transaction');
      }),
      db
        .select()
        .from(s.institutions)
        .where(eq(s.institutions.slug, 'b'))
        .then((rows) => order.push(`read ${rows[0]!.name}`)),
    ]);
    expect(order).toEqual(['transaction', 'read B2']);
    const slugs = (await db.select({ slug: s.institutions.slug }).from(s.institutions))
      .map((r) => r.slug)
      .sort();
    expect(slugs).toEqual(['a', 'b']);
  });
});
