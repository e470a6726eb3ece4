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
  /**
   * A passive lane's items start no round of their own: they ride along with the next round of the
   * other lanes, or are written after `PASSIVE_DELAY_MS` when none comes (e.g. a log nobody waits for).
   */
  passive?: boolean;
}

export interface Lane<T, R> {
  /** Resolves with the item's result once the transaction that wrote it committed. */
  add(item: T): Promise<R>;
}

const MAX_ATTEMPTS = 3;
const PASSIVE_DELAY_MS = 250;
const MIN_PASSIVE_PER_ROUND = 500;
const MAX_PASSIVE_PER_ROUND = 4_000;

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
  /** -1: no item, a round started only to write passive items. */
  lane: number;
  item: unknown;
}

interface PassiveEntry extends Entry {
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

export class WriteBatcher {
  private readonly lanes: LaneSpec<unknown, unknown>[] = [];
  private readonly commit: GroupCommit<Entry, unknown>;
  private readonly maxBatch: number;
  private passive: PassiveEntry[] = [];
  private passiveTimer: NodeJS.Timeout | undefined;

  constructor(db: Db, options: { maxBatch?: number; concurrency?: number } = {}) {
    this.maxBatch = options.maxBatch ?? 2_000;
    this.commit = new GroupCommit<Entry, unknown>({
      maxBatch: this.maxBatch,
      concurrency: options.concurrency ?? 1,
      flush: (entries) => this.flushWithRetry(db, entries),
    });
  }

  lane<T, R>(spec: LaneSpec<T, R>): Lane<T, R> {
    const index = this.lanes.push(spec as unknown as LaneSpec<unknown, unknown>) - 1;
    if (spec.passive === true) {
      return {
        add: (item: T) =>
          new Promise<R>((resolve, reject) => {
            this.passive.push({ lane: index, item, resolve: resolve as (result: unknown) => void, reject });
            this.schedulePassive();
          }),
      };
    }
    return { add: (item: T) => this.commit.add({ lane: index, item }) as Promise<R> };
  }

  /** Passive items waiting for a round. */
  get passiveBacklog(): number {
    return this.passive.length;
  }

  /** Resolves once everything added so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.passive.length > 0) {
      this.commit.add({ lane: -1, item: undefined }).catch(() => undefined);
      await this.commit.drain();
    }
    await this.commit.drain();
  }

  private schedulePassive(): void {
    if (this.passiveTimer !== undefined) return;
    this.passiveTimer = setTimeout(() => {
      this.passiveTimer = undefined;
      if (this.passive.length > 0) this.commit.add({ lane: -1, item: undefined }).catch(() => undefined);
    }, PASSIVE_DELAY_MS);
    this.passiveTimer.unref();
  }

  private async flushWithRetry(db: Db, entries: Entry[]): Promise<unknown[]> {
    // Passive items waiting now ride along: up to twice the round's own items, so they keep pace
    // with the traffic but a backlog of them never makes one round slow.
    const passive = this.passive.splice(
      0,
      Math.min(MAX_PASSIVE_PER_ROUND, Math.max(MIN_PASSIVE_PER_ROUND, 2 * entries.length)),
    );
    if (this.passive.length > 0) this.schedulePassive();
    const all: Entry[] = passive.length === 0 ? entries : [...entries, ...passive];
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const results = await this.flush(db, all);
          passive.forEach((p, k) => p.resolve(results[entries.length + k]));
          return results.slice(0, entries.length);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
        }
      }
    } catch (error) {
      for (const p of passive) p.reject(error);
      throw error;
    }
  }

  private async flush(db: Db, entries: Entry[]): Promise<unknown[]> {
    const perLane = this.lanes.map(() => ({ positions: [] as number[], items: [] as unknown[] }));
    entries.forEach((entry, position) => {
      if (entry.lane < 0) return;
      const lane = perLane[entry.lane]!;
      lane.positions.push(position);
      lane.items.push(entry.item);
    });
    if (perLane.every((lane) => lane.items.length === 0)) return new Array<unknown>(entries.length);
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
