import type { Logger } from 'pino';

/**
 * Work the SMS flow starts on its own (live events, timers), tracked so that stopping the flow, and
 * tests, can wait until none of it is running.
 */
export class BackgroundWork {
  /** Set while the flow is stopped: no new work is started, waiting timers do nothing. */
  stopped = false;
  private readonly work = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly log: Logger) {}

  /** Runs `work` in the background; a failure is logged as `what`. */
  track(work: Promise<unknown>, what: string): void {
    const tracked = work.catch((error: unknown) => this.log.error({ err: error }, what));
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
  }

  /** Calls `run` after `ms` unless the flow stops first; the timer does not keep the process alive. */
  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Stops: waiting timers are dropped, then whatever is running is waited for. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }
}
