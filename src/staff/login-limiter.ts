/**
 * Counts failed log-ins per key (an e-mail address, a client address) in a sliding window, so that
 * password guessing is slowed down without locking out the real person for long. In memory: each
 * node limits on its own, which is enough to make online guessing impractical.
 */
export interface LoginLimit {
  /** Failures allowed inside the window. */
  maxFailures: number;
  windowMs: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: LoginLimit) {}

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.limit.maxFailures) return 0;
    return recent[0]! + this.limit.windowMs - nowMs;
  }

  fail(key: string, nowMs: number): void {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune(nowMs);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    const cutoff = nowMs - this.limit.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > cutoff);
  }

  private prune(nowMs: number): void {
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key, nowMs);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
  }
}
