import { describe, expect, it } from 'vitest';
import { formatDuration, formatEnergy, formatMoney, parseMoneyInput } from './format';

describe('portal formatting', () => {
  it.each([
    [1250, 'de', '12,50\u00a0€'],
    [1250, 'en', '€12.50'],
    [-5, 'de', '-0,05\u00a0€'],
  ] as const)('formats %i cents in %s', (cents, locale, expected) => {
    expect(formatMoney(cents, 'EUR', locale)).toBe(expected);
  });

  it.each([
    [12_000, '3 h 20 min'],
    [3_600, '1 h'],
    [59, '59 s'],
    [61, '1 min'],
  ])('formats %i seconds as %s', (seconds, expected) => {
    expect(formatDuration(seconds, 'de')).toBe(expected);
  });

  it('formats energy with the locale separator', () => {
    expect(formatEnergy(12_500, 'de')).toBe('12,5 kWh');
    expect(formatEnergy(12_500, 'en')).toBe('12.5 kWh');
    expect(formatEnergy(null, 'en')).toBe('–');
  });

  it.each([
    ['12,50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0,07', 7],
    ['-3,10', -310],
    ['10 €', 1000],
    ['1,234', null],
    ['abc', null],
    ['', null],
  ] as const)('reads "%s" as %s cents', (text, cents) => {
    expect(parseMoneyInput(text)).toBe(cents);
  });
});
