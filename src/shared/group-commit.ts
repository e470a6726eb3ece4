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
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, R = void> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | undefined;
  private readonly maxBatch: number;

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    this.maxBatch = options.maxBatch ?? 1_000;
  }

  /** Items waiting for a flush (not counting the one in flight). */
  get backlog(): number {
    return this.queue.length;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running === undefined) this.running = this.run();
    });
  }

  /** Resolves once everything added so far has been flushed (or failed). */
  async drain(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.queue.length === 0) break;
        const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
        this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
        try {
          const results = await this.options.flush(batch.map((p) => p.item));
          for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i] as R);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
