import { describe, expect, it } from 'vitest';
import { compartmentKey, matchCompartmentName, normalizeCompartmentName } from './compartment-name.js';

describe('compartment names as people type them', () => {
  it.each([
    ['p20 07', 'P20-07'],
    [' P20-07 ', 'P20-07'],
    ['p20__07', 'P20-07'],
    ['P20.07', 'P20-07'],
    ['P2007', 'P2007'],
    ['--', ''],
  ])('normalises %j to %j', (raw, normalized) => {
    expect(normalizeCompartmentName(raw)).toBe(normalized);
  });

  it('gives every spelling of a name the same key', () => {
    expect(new Set(['p20 07', 'P2007', 'P20-07', 'p20-07 ', 'P 20 0 7'].map(compartmentKey))).toEqual(
      new Set(['P2007']),
    );
  });

  const names = ['P20-07', 'P20-08', 'LOCKER-1'];
  it.each([
    ['P20-07', 'P20-07'],
    ['p20 07', 'P20-07'],
    ['P2007', 'P20-07'],
    ['locker1', 'LOCKER-1'],
    ['P20-09', undefined],
    ['', undefined],
    ['---', undefined],
  ])('matches %j to %j', (raw, match) => {
    expect(matchCompartmentName(raw, names)).toBe(match);
  });

  it('matches no name when two names share the key, unless spelled exactly', () => {
    const clash = ['P2-007', 'P20-07'];
    expect(matchCompartmentName('P2007', clash)).toBeUndefined();
    expect(matchCompartmentName('p20-07', clash)).toBe('P20-07');
  });
});
