/**
 * Group commit (docs/adr/0003-group-commit.md): items are written by one `flush` at a time. When the
 * writer is idle an item is flushed at once, after the current round of I/O callbacks (so messages
 * that arrived together are written together); items that arrive while a flush runs are collected
 * and written together by the next one. Each `add` resolves when the flush that contained its item
 * has committed (with that item's result), or rejects if that flush failed, so a caller
 * acknowledges only what is durable.
 *
 * The yield before each flush matters with the embedded database: PGlite runs in this thread, so
 * no socket is read while it executes; the messages that came in meanwhile are all read in the next
 * I/O round, and the yield lets them join one batch instead of each starting its own.
 */
export interface GroupCommitOptions<T, R> {
  /** Writes the items in one go and returns one result per item, in order. */
  flush: (items: T[]) => Promise<R[]>;
  /** Upper bound of items per flush; the rest waits for the next one. */
  maxBatch?: number;
  /**
   * Flushes that may run at the same time (default 1). More than one pays off when a flush mostly
   * waits (a database server on a connection pool); the flushes must then not depend on each
   * other's order.
   */
  concurrency?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, R = void> {
  private queue: Pending<T, R>[] = [];
  private readonly runners = new Set<Promise<void>>();
  /** Runners between two flushes, collecting what arrives. */
  private collecting = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    this.maxBatch = options.maxBatch ?? 1_000;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Items waiting for a flush (not counting those in flight). */
  get backlog(): number {
    return this.queue.length;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // A runner that is collecting takes the item along; otherwise start one if allowed.
      if (this.collecting === 0 && this.runners.size < this.concurrency) {
        const runner: Promise<void> = this.run().finally(() => this.runners.delete(runner));
        this.runners.add(runner);
      }
    });
  }

  /** Resolves once everything added so far has been flushed (or failed). */
  async drain(): Promise<void> {
    while (this.runners.size > 0) await Promise.all([...this.runners]);
  }

  private async run(): Promise<void> {
    for (;;) {
      this.collecting++;
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.collecting--;
      if (this.queue.length === 0) return;
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
      try {
        const results = await this.options.flush(batch.map((p) => p.item));
        for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i] as R);
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }
}
