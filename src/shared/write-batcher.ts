/**
 * One group-commit writer (group-commit.ts) shared by several kinds of high-volume writes ("lanes":
 * connector status, meter values, ...): what arrives together from all lanes is written in one
 * database transaction, so a busy node pays one commit per round, not one per kind of message.
 * Each lane writes its own items inside that transaction and may act once it committed (e.g.
 * publish live events). A failing lane fails the round for every item in it; the stations resend.
 *
 * On a database server several rounds may run at once (`concurrency`); lanes must then write so that
 * the order of rounds does not matter (guards on timestamps, GREATEST, ON CONFLICT). Two rounds
 * locking the same rows in a different order can deadlock; the database aborts one and it is
 * retried.
 */
import type { Db } from '../db/database.js';
import { GroupCommit } from './group-commit.js';

export interface LaneOutcome<R> {
  /** One result per item, in order. */
  results: R[];
  /** Runs after the transaction committed. */
  afterCommit?: () => void;
}

export interface LaneSpec<T, R> {
  name: string;
  write(tx: Db, items: T[]): Promise<LaneOutcome<R>>;
}

export interface Lane<T, R> {
  /** Resolves with the item's result once the transaction that wrote it committed. */
  add(item: T): Promise<R>;
}

const MAX_ATTEMPTS = 3;

/** deadlock_detected, serialization_failure: nothing was written, the round can simply run again. */
function retryable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

interface Entry {
  lane: number;
  item: unknown;
}

export class WriteBatcher {
  private readonly lanes: LaneSpec<unknown, unknown>[] = [];
  private readonly commit: GroupCommit<Entry, unknown>;

  constructor(db: Db, options: { maxBatch?: number; concurrency?: number } = {}) {
    this.commit = new GroupCommit<Entry, unknown>({
      maxBatch: options.maxBatch ?? 2_000,
      concurrency: options.concurrency ?? 1,
      flush: (entries) => this.flushWithRetry(db, entries),
    });
  }

  lane<T, R>(spec: LaneSpec<T, R>): Lane<T, R> {
    const index = this.lanes.push(spec as unknown as LaneSpec<unknown, unknown>) - 1;
    return { add: (item: T) => this.commit.add({ lane: index, item }) as Promise<R> };
  }

  /** Resolves once everything added so far is written (or failed). */
  drain(): Promise<void> {
    return this.commit.drain();
  }

  private async flushWithRetry(db: Db, entries: Entry[]): Promise<unknown[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.flush(db, entries);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
      }
    }
  }

  private async flush(db: Db, entries: Entry[]): Promise<unknown[]> {
    const perLane = this.lanes.map(() => ({ positions: [] as number[], items: [] as unknown[] }));
    entries.forEach((entry, position) => {
      const lane = perLane[entry.lane]!;
      lane.positions.push(position);
      lane.items.push(entry.item);
    });
    const outcomes = await db.transaction(async (tx) => {
      const done: (LaneOutcome<unknown> | undefined)[] = [];
      for (let i = 0; i < this.lanes.length; i++) {
        const { items } = perLane[i]!;
        done.push(items.length === 0 ? undefined : await this.lanes[i]!.write(tx, items));
      }
      return done;
    });
    const results = new Array<unknown>(entries.length);
    outcomes.forEach((outcome, i) => {
      if (outcome === undefined) return;
      perLane[i]!.positions.forEach((position, k) => (results[position] = outcome.results[k]));
      outcome.afterCommit?.();
    });
    return results;
  }
}
