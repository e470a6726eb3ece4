import { describe, expect, it } from 'vitest';
import { afterAttempt, BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffMs, MAX_ATTEMPTS } from './outbox-rules.js';

const now = new Date('2026-10-05T10:00:00Z');

describe('carrier charge outbox rules', () => {
  it('backs off exponentially from 30 s up to 6 h', () => {
    expect(backoffMs(1)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(2)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffMs(5)).toBe(16 * BACKOFF_BASE_MS);
    expect(backoffMs(20)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(1000)).toBe(BACKOFF_MAX_MS);
  });

  it('settles a charged attempt with its reference', () => {
    expect(afterAttempt({ kind: 'charged', reference: 'r' }, 1, now)).toEqual({
      status: 'charged',
      providerReference: 'r',
      error: null,
      nextAttemptAt: null,
      settledAt: now,
    });
  });

  it('keeps a retryable failure pending until the last attempt, then fails it', () => {
    const failure = { kind: 'failed' as const, retryable: true, error: 'HTTP 500' };
    expect(afterAttempt(failure, 3, now)).toEqual({
      status: 'pending',
      providerReference: null,
      error: 'HTTP 500',
      nextAttemptAt: new Date(now.getTime() + 4 * BACKOFF_BASE_MS),
      settledAt: null,
    });
    expect(afterAttempt(failure, MAX_ATTEMPTS, now)).toMatchObject({
      status: 'failed',
      error: `HTTP 500 (gave up after ${MAX_ATTEMPTS} attempts)`,
      settledAt: now,
    });
  });

  it('fails a refused charge at once', () => {
    expect(afterAttempt({ kind: 'failed', retryable: false, error: 'HTTP 400' }, 1, now)).toMatchObject({
      status: 'failed',
      error: 'HTTP 400',
      nextAttemptAt: null,
      settledAt: now,
    });
  });
});
