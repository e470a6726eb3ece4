import { describe, expect, it } from 'vitest';
import { checkPosting, postingPath } from './posting';

describe('a posting form', () => {
  it('turns "20,00" into exactly 2000 cents, and other spellings too', () => {
    expect(checkPosting('topUp', '20,00', '')).toEqual({ ok: true, amountCents: 2000, note: null });
    expect(checkPosting('topUp', '0,1', ' Bar ')).toEqual({ ok: true, amountCents: 10, note: 'Bar' });
    expect(checkPosting('refund', '19.99 €', '')).toEqual({ ok: true, amountCents: 1999, note: null });
  });

  it.each([
    ['topUp', 'abc', '', 'amountInvalid'],
    ['topUp', '20,001', '', 'amountInvalid'],
    ['topUp', '0', '', 'amountPositive'],
    ['refund', '-5', '', 'amountPositive'],
    ['topUp', '100000,01', '', 'amountTooLarge'],
    ['correction', '0,00', 'x', 'amountNotZero'],
    ['correction', '-5,00', '  ', 'noteRequired'],
  ] as const)('%s of "%s" is refused: %s', (kind, amount, note, problem) => {
    const check = checkPosting(kind, amount, note);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toBe(problem);
  });

  it('lets a correction be negative, with a note', () => {
    expect(checkPosting('correction', '-12,50', 'Karte zurückgegeben')).toEqual({
      ok: true,
      amountCents: -1250,
      note: 'Karte zurückgegeben',
    });
  });

  it('posts to the right route', () => {
    expect(postingPath('topUp', 'a1')).toBe('/accounts/a1/top-ups');
    expect(postingPath('refund', 'a1')).toBe('/accounts/a1/refunds');
    expect(postingPath('correction', 'a1')).toBe('/accounts/a1/corrections');
  });
});
