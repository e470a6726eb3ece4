import { describe, expect, it } from 'vitest';
import {
  isValidChargeBoxId,
  isValidShortName,
  normalizeShortName,
  numberedShortNames,
  shortNamePrefix,
  stationPasswordProblem,
} from './station-naming.js';

describe('charge box ids', () => {
  it.each(['LOCKER-01', 'a.b_c*d=e+f|g@h', 'x'.repeat(48)])('accepts %s', (id) => {
    expect(isValidChargeBoxId(id)).toBe(true);
  });
  it.each(['', 'has:colon', 'has space', 'slash/', 'x'.repeat(49), 'ümlaut'])('refuses %j', (id) => {
    expect(isValidChargeBoxId(id)).toBe(false);
  });
});

describe('station passwords', () => {
  it('accepts 16 to 40 printable characters', () => {
    expect(stationPasswordProblem('a'.repeat(16))).toBeUndefined();
    expect(stationPasswordProblem('!~'.repeat(20))).toBeUndefined();
  });
  it.each(['a'.repeat(15), 'a'.repeat(41), `${'a'.repeat(16)} `, `${'a'.repeat(16)}\n`])(
    'refuses %j',
    (pw) => {
      expect(stationPasswordProblem(pw)).toBeDefined();
    },
  );
});

describe('short names', () => {
  it('normalises what people type to upper case', () => {
    expect(normalizeShortName(' p20-07 ')).toBe('P20-07');
  });
  it.each(['P20-07', 'A', 'LOCKER1-A-3'])('accepts %s', (name) => expect(isValidShortName(name)).toBe(true));
  it.each(['p20-07', '-P20', 'P20-', 'P20--07', 'P 20', 'X'.repeat(33), ''])('refuses %j', (name) =>
    expect(isValidShortName(name)).toBe(false),
  );
  it('numbers charge points after a prefix made from a charge box id', () => {
    expect(numberedShortNames('locker_p20.', 3)).toEqual(['LOCKER-P20-01', 'LOCKER-P20-02', 'LOCKER-P20-03']);
    expect(numberedShortNames('P20', 2, 9)).toEqual(['P20-09', 'P20-10']);
    expect(shortNamePrefix('***')).toBe('CP');
  });
  it('keeps generated names valid even for long prefixes', () => {
    for (const name of numberedShortNames('x'.repeat(48), 12)) expect(isValidShortName(name)).toBe(true);
  });
});
