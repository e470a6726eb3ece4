import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  const limit = { maxFailures: 3, windowMs: 60_000 };

  it('lets a key try until it has failed maxFailures times in the window', () => {
    const limiter = new LoginLimiter(limit);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('a', 1_000 + i)).toBe(0);
      limiter.fail('a', 1_000 + i);
    }
    expect(limiter.retryAfterMs('a', 2_000)).toBe(1_000 + 60_000 - 2_000);
    expect(limiter.retryAfterMs('b', 2_000)).toBe(0);
  });

  it('forgets failures once they leave the window', () => {
    const limiter = new LoginLimiter(limit);
    for (let i = 0; i < 3; i++) limiter.fail('a', i);
    expect(limiter.retryAfterMs('a', 59_999)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('a', 60_002)).toBe(0);
  });

  it('clears a key after a successful log-in', () => {
    const limiter = new LoginLimiter(limit);
    for (let i = 0; i < 3; i++) limiter.fail('a', i);
    limiter.succeed('a');
    expect(limiter.retryAfterMs('a', 10)).toBe(0);
  });
});
