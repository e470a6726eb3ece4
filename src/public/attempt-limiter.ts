/**
 * A fixed-window counter per client address, in memory: against guessing receipt PINs and tokens.
 * Per node (a cluster multiplies the limit by its nodes, still far too few tries to guess).
 */
export interface LimitOutcome {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterS: number;
}

export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
    /** Above this many addresses, ended windows are swept (bounded memory under a flood). */
    private readonly sweepAbove = 10_000,
  ) {}

  /** Counts an attempt; refused once the address made `limit` attempts in the current window. */
  hit(key: string): LimitOutcome {
    const outcome = this.check(key);
    if (!outcome.allowed) return outcome;
    const at = this.now().getTime();
    const current = this.windows.get(key);
    if (current === undefined || at - current.start >= this.windowMs) {
      if (this.windows.size >= this.sweepAbove) this.sweep(at);
      this.windows.set(key, { start: at, count: 1 });
    } else current.count++;
    return outcome;
  }

  /** Whether the address may try now, without counting. */
  check(key: string): LimitOutcome {
    const at = this.now().getTime();
    const current = this.windows.get(key);
    if (current === undefined || at - current.start >= this.windowMs)
      return { allowed: true, retryAfterS: 0 };
    const retryAfterS = Math.max(1, Math.ceil((current.start + this.windowMs - at) / 1000));
    return { allowed: current.count < this.limit, retryAfterS };
  }

  private sweep(at: number): void {
    for (const [key, window] of this.windows)
      if (at - window.start >= this.windowMs) this.windows.delete(key);
  }
}
