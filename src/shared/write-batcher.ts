/**
 * One group-commit writer (group-commit.ts) shared by several kinds of high-volume writes ("lanes":
 * connector status, meter values, ...): what arrives together from all lanes is written in one
 * database transaction, so a busy node pays one commit per round, not one per kind of message.
 * Each lane writes its own items inside that transaction and may act once it committed (e.g.
 * publish live events). A failing lane fails the round for every item in it; the stations resend.
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

interface Entry {
  lane: number;
  item: unknown;
}

export class WriteBatcher {
  private readonly lanes: LaneSpec<unknown, unknown>[] = [];
  private readonly commit: GroupCommit<Entry, unknown>;

  constructor(db: Db, maxBatch = 2_000) {
    this.commit = new GroupCommit<Entry, unknown>({ maxBatch, flush: (entries) => this.flush(db, entries) });
  }

  lane<T, R>(spec: LaneSpec<T, R>): Lane<T, R> {
    const index = this.lanes.push(spec as unknown as LaneSpec<unknown, unknown>) - 1;
    return { add: (item: T) => this.commit.add({ lane: index, item }) as Promise<R> };
  }

  /** Resolves once everything added so far is written (or failed). */
  drain(): Promise<void> {
    return this.commit.drain();
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
