/**
 * `--trace-queries`: counts and times every SQL statement the server runs, by statement text, so a
 * slow phase can be pinned to the query behind it. It wraps drizzle's one funnel for both drivers
 * (PgPreparedQuery.queryWithCache); the time is from issuing the query to its result, so it includes
 * waiting for a free connection (PostgreSQL) or for the single PGlite instance.
 */
import { performance } from 'node:perf_hooks';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';

export interface QueryStat {
  sql: string;
  calls: number;
  /** Milliseconds, summed over the calls. */
  totalMs: number;
  meanMs: number;
  /** Rows given as parameters per call on average (a multi-row INSERT shows its batch size). */
  meanParams: number;
}

type QueryWithCache = (
  queryString: string,
  params: unknown[],
  query: () => Promise<unknown>,
) => Promise<unknown>;

export function installQueryTrace(): () => QueryStat[] {
  const stats = new Map<string, { calls: number; totalMs: number; params: number }>();
  const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache };
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (this: unknown, queryString, params, query) {
    const t0 = performance.now();
    try {
      return await original.call(this, queryString, params, query);
    } finally {
      const key = queryString.length > 400 ? `${queryString.slice(0, 400)}…` : queryString;
      const s = stats.get(key) ?? { calls: 0, totalMs: 0, params: 0 };
      s.calls += 1;
      s.totalMs += performance.now() - t0;
      s.params += params.length;
      stats.set(key, s);
    }
  };
  return () => {
    const result = [...stats].map(([sql, s]) => ({
      sql,
      calls: s.calls,
      totalMs: Math.round(s.totalMs),
      meanMs: Math.round((s.totalMs / s.calls) * 100) / 100,
      meanParams: Math.round(s.params / s.calls),
    }));
    stats.clear();
    return result.sort((a, b) => b.totalMs - a.totalMs);
  };
}
