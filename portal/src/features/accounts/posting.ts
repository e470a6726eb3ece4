/**
 * The checks of a prepaid posting form before it is sent: the amount typed as "20,00" becomes exact
 * cents (parseMoneyInput, no floats), top-ups and refunds must be positive, a correction must not be
 * zero and needs a note (the API says the same; the form says it before the request).
 */
import { parseMoneyInput } from '../../format/format';

export type PostingKind = 'topUp' | 'refund' | 'correction';

/** The API's limit per posting: 100.000,00 €. */
export const MAX_POSTING_CENTS = 10_000_000;

export type PostingCheck =
  | { ok: true; amountCents: number; note: string | null }
  | {
      ok: false;
      field: 'amount' | 'note';
      problem: 'amountInvalid' | 'amountPositive' | 'amountNotZero' | 'amountTooLarge' | 'noteRequired';
    };

export function checkPosting(kind: PostingKind, amountText: string, noteText: string): PostingCheck {
  const cents = parseMoneyInput(amountText);
  if (cents === null) return { ok: false, field: 'amount', problem: 'amountInvalid' };
  if (Math.abs(cents) > MAX_POSTING_CENTS) return { ok: false, field: 'amount', problem: 'amountTooLarge' };
  if (kind === 'correction') {
    if (cents === 0) return { ok: false, field: 'amount', problem: 'amountNotZero' };
  } else if (cents <= 0) return { ok: false, field: 'amount', problem: 'amountPositive' };
  const note = noteText.trim();
  if (kind === 'correction' && note === '') return { ok: false, field: 'note', problem: 'noteRequired' };
  return { ok: true, amountCents: cents, note: note === '' ? null : note };
}

/** The API path of a posting on an account. */
export function postingPath(kind: PostingKind, accountId: string): string {
  const verb = kind === 'topUp' ? 'top-ups' : kind === 'refund' ? 'refunds' : 'corrections';
  return `/accounts/${accountId}/${verb}`;
}
