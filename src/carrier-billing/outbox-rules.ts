/**
 * The carrier-charge outbox as plain rules: when the next attempt is due, and what an attempt's
 * outcome writes to the row. No IO and no clock: the worker passes `now`.
 */
import type { CarrierChargeStatus } from '../db/schema.js';
import type { CarrierChargeOutcome } from './carrier-billing-adapter.js';

/** The first retry after 30 s, doubling up to 6 h; after 12 attempts (about 1.5 days) it fails for good. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 6 * 3_600_000;
export const MAX_ATTEMPTS = 12;
/**
 * How long a claimed row belongs to the worker that claimed it (its next_attempt_at is pushed this far).
 * Far longer than an attempt can take (HTTP_TIMEOUT_MS), so no second attempt starts while one is in
 * flight; if the node dies mid-attempt, the row is due again afterwards and retried with the same key.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

/** Delay before attempt number `attempts + 1`, given `attempts` made so far (>= 1). */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
}

export interface AttemptResult {
  status: CarrierChargeStatus;
  providerReference: string | null;
  error: string | null;
  nextAttemptAt: Date | null;
  settledAt: Date | null;
}

/** What the row becomes after attempt number `attempts` ended with `outcome`. */
export function afterAttempt(
  outcome: CarrierChargeOutcome,
  attempts: number,
  now: Date,
  maxAttempts = MAX_ATTEMPTS,
): AttemptResult {
  if (outcome.kind === 'charged')
    return {
      status: 'charged',
      providerReference: outcome.reference,
      error: null,
      nextAttemptAt: null,
      settledAt: now,
    };
  if (outcome.retryable && attempts < maxAttempts)
    return {
      status: 'pending',
      providerReference: null,
      error: outcome.error,
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      settledAt: null,
    };
  const error = outcome.retryable ? `${outcome.error} (gave up after ${attempts} attempts)` : outcome.error;
  return { status: 'failed', providerReference: null, error, nextAttemptAt: null, settledAt: now };
}
