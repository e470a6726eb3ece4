import { describe, expect, it } from 'vitest';
import { expiryFromDate, lastValidDate } from './card-expiry';

describe('card expiry from a date', () => {
  it.each([
    ['2027-12-31', '2027-12-31T23:00:00.000Z'], // winter: midnight CET is 23:00 UTC
    ['2027-07-14', '2027-07-14T22:00:00.000Z'], // summer: midnight CEST is 22:00 UTC
    ['2027-03-27', '2027-03-27T23:00:00.000Z'], // the night the clocks go forward
    ['2027-10-30', '2027-10-30T22:00:00.000Z'], // the night the clocks go back
  ])('%s is valid through that day in Berlin and expires at %s', (date, expires) => {
    expect(expiryFromDate(date)).toBe(expires);
    expect(lastValidDate(expires)).toBe(date);
  });

  it('takes an empty date as no expiry and refuses what is not a date', () => {
    expect(expiryFromDate('')).toBeNull();
    expect(expiryFromDate('2027-02-30')).toBeUndefined();
    expect(expiryFromDate('31.12.2027')).toBeUndefined();
    expect(lastValidDate(null)).toBe('');
  });
});
