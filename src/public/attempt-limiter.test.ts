import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.js';

describe('attempts per client address', () => {
  it('allows the limit per window, refuses more with the seconds left, and allows again after the window', () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
    now = new Date('2026-03-01T10:00:15Z');
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterS: 45 });
    expect(limiter.check('a').allowed).toBe(false);
    expect(limiter.hit('b').allowed).toBe(true);
    now = new Date('2026-03-01T10:01:00Z');
    expect(limiter.hit('a').allowed).toBe(true);
  });

  it('checks without counting', () => {
    const limiter = new AttemptLimiter(1, 60_000, () => new Date(0));
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('a').allowed).toBe(true);
    limiter.hit('a');
    expect(limiter.check('a').allowed).toBe(false);
  });

  it('forgets ended windows when many addresses were seen', () => {
    let now = new Date(0);
    const limiter = new AttemptLimiter(1, 1000, () => now, 2);
    limiter.hit('a');
    limiter.hit('b');
    now = new Date(5000);
    limiter.hit('c');
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});
