import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry.js';

describe('retry backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((attempts) => retryDelayMs(attempts, 5_000, 60_000))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
  });
});
