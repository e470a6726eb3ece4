/**
 * Every event the station reports (transactions, meter values, status, doors) goes through this
 * ordered queue. While the station is offline or not yet accepted, messages wait here; afterwards
 * they are sent one by one, oldest first, so the CSMS sees late messages in the order they happened
 * (1.6 §4.7 "transaction-related messages", 2.0.1 E04/E12: queue and deliver after reconnect).
 * Nothing is dropped because of a lost connection; a message the CSMS keeps answering with a
 * CALLERROR is given up after the configured attempts (1.6 TransactionMessageAttempts).
 */
import type { Logger } from 'pino';

export interface OutboxMessage {
  action: string;
  /** Built when sent, so ids the CSMS assigned meanwhile (1.6 transactionId) are filled in; null skips it. */
  build: () => Record<string, unknown> | null;
  onResult?: (result: unknown) => void;
}

export interface OutboxDeps {
  send(action: string, params: Record<string, unknown>): Promise<unknown>;
  canSend(): boolean;
  maxAttempts(): number;
  retryDelayMs(failures: number): number;
  onGiveUp(message: OutboxMessage, error: Error): void;
  log: Logger;
}

interface Entry {
  message: OutboxMessage;
  failures: number;
}

/** A connection that went away mid-call is retried after this long if no reconnect wakes the outbox sooner. */
const CONNECTION_RETRY_MS = 1_000;

export class Outbox {
  private readonly queue: Entry[] = [];
  private pumping = false;
  private disposed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private emptyWaiters: Array<() => void> = [];

  constructor(private readonly deps: OutboxDeps) {}

  get size(): number {
    return this.queue.length;
  }

  /** Actions waiting to be sent or acknowledged, oldest first. */
  pending(): string[] {
    return this.queue.map((entry) => entry.message.action);
  }

  push(message: OutboxMessage): void {
    this.queue.push({ message, failures: 0 });
    this.wake();
  }

  /** Try to send now (after a reconnect or an accepted boot). */
  wake(): void {
    if (this.retryTimer !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    void this.pump();
  }

  /** Resolves true once every queued message was acknowledged, false if that did not happen in time. */
  async whenEmpty(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0) return true;
    return new Promise<boolean>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.emptyWaiters = this.emptyWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.emptyWaiters.push(done);
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.disposed && this.deps.canSend()) {
        const head = this.queue[0]!;
        const params = head.message.build();
        if (params === null) {
          this.queue.shift();
          continue;
        }
        try {
          const result = await this.deps.send(head.message.action, params);
          this.queue.shift();
          head.message.onResult?.(result);
        } catch (error) {
          const err = error instanceof Error ? error : new Error(String(error));
          if (isConnectionFailure(err)) {
            this.retryLater(CONNECTION_RETRY_MS);
            break;
          }
          head.failures += 1;
          if (head.failures >= this.deps.maxAttempts()) {
            this.queue.shift();
            this.deps.log.warn(
              { action: head.message.action, err },
              'giving up on a message the CSMS keeps refusing',
            );
            this.deps.onGiveUp(head.message, err);
            continue;
          }
          this.retryLater(this.deps.retryDelayMs(head.failures));
          break;
        }
      }
    } finally {
      this.pumping = false;
    }
    if (this.queue.length === 0) {
      const waiters = this.emptyWaiters;
      this.emptyWaiters = [];
      for (const waiter of waiters) waiter();
    }
  }

  private retryLater(ms: number): void {
    if (this.disposed) return;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.pump();
    }, ms);
  }
}

/** A CALLERROR (or a schema violation) carries an rpcErrorCode and a timeout is a TimeoutError; anything else means the socket went away. */
function isConnectionFailure(error: Error): boolean {
  return (
    !('rpcErrorCode' in error) && error.name !== 'TimeoutError' && error.constructor.name !== 'TimeoutError'
  );
}
