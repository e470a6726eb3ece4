import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import * as s from '../db/schema.js';
import { createTestDatabase } from '../../test/support/database.js';
import { WriteBatcher } from './write-batcher.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

let counter = 0;
const slug = (prefix: string) => `${prefix}-${++counter}`;

function institutionLane(
  batcher: WriteBatcher,
  name: string,
  rounds: string[][],
  options: { passive?: boolean } = {},
) {
  return batcher.lane<string, string>({
    name,
    ...options,
    write: async (tx, slugs) => {
      rounds.push([name, ...slugs]);
      await tx.insert(s.institutions).values(slugs.map((x) => ({ slug: x, name: x })));
      return { results: slugs.map((x) => `${name}:${x}`) };
    },
  });
}

async function stored(slugs: string[]) {
  const rows = await database.db.select().from(s.institutions).where(inArray(s.institutions.slug, slugs));
  return rows.map((r) => r.slug).sort();
}

describe('WriteBatcher', () => {
  it('writes what several lanes got together in one transaction, and answers each item', async () => {
    const batcher = new WriteBatcher(database.db);
    const rounds: string[][] = [];
    const a = institutionLane(batcher, 'a', rounds);
    const b = institutionLane(batcher, 'b', rounds);
    const [x, y, z] = [slug('x'), slug('y'), slug('z')];
    expect(await Promise.all([a.add(x), b.add(y), a.add(z)])).toEqual([`a:${x}`, `b:${y}`, `a:${z}`]);
    expect(rounds).toEqual([
      ['a', x, z],
      ['b', y],
    ]);
    expect(await stored([x, y, z])).toEqual([x, y, z].sort());
  });

  it('fails every item of a failed round and writes nothing of it', async () => {
    const batcher = new WriteBatcher(database.db);
    const rounds: string[][] = [];
    const a = institutionLane(batcher, 'a', rounds);
    const taken = slug('taken');
    await a.add(taken);
    const fresh = slug('fresh');
    const results = await Promise.allSettled([a.add(fresh), a.add(taken)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await stored([fresh])).toEqual([]);
  });

  it('lets passive items ride along with the next round, or writes them alone after a while', async () => {
    const batcher = new WriteBatcher(database.db);
    const rounds: string[][] = [];
    const active = institutionLane(batcher, 'active', rounds);
    const log = institutionLane(batcher, 'log', rounds, { passive: true });
    const [p1, a1] = [slug('p'), slug('a')];
    const passiveDone = log.add(p1);
    await active.add(a1);
    await passiveDone;
    expect(rounds).toEqual([
      ['active', a1],
      ['log', p1],
    ]);
    rounds.length = 0;
    const p2 = slug('p');
    const started = Date.now();
    expect(await log.add(p2)).toBe(`log:${p2}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(rounds).toEqual([['log', p2]]);
  });

  it('retries a round the database aborted for a deadlock', async () => {
    const batcher = new WriteBatcher(database.db);
    let attempts = 0;
    const lane = batcher.lane<string, number>({
      name: 'flaky',
      write: async (tx, slugs) => {
        attempts++;
        await tx.insert(s.institutions).values(slugs.map((x) => ({ slug: x, name: x })));
        if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return { results: slugs.map(() => attempts) };
      },
    });
    const x = slug('retry');
    expect(await lane.add(x)).toBe(2);
    expect(await stored([x])).toEqual([x]);
  });
});
