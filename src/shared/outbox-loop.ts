import type { Logger } from 'pino';

export interface OutboxLoopOptions {
  /** How often a round runs without being kicked (due retries). */
  pollIntervalMs: number;
  /** A round that claimed this many rows runs again at once: more may be due. */
  batchSize: number;
  /** Claims and handles one batch; returns how many rows it claimed. */
  round: () => Promise<number>;
  log: Logger;
  /** For the log line when a round fails, e.g. "SMS dispatch". */
  name: string;
}

/**
 * The schedule of an outbox worker (SMS, mail): one round at a time, a kick during a round runs
 * one more right after it, full batches are followed at once, and a timer picks up due retries.
 */
export class OutboxLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: OutboxLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs a round now, or one more right after the round in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        while (!this.stopped && (await this.options.round()) === this.options.batchSize) {
          // a full batch: more may be due
        }
      } catch (error) {
        this.options.log.error({ err: error }, `${this.options.name} round failed`);
      }
    } while (this.again && !this.stopped);
  }
}
