import { describe, expect, it } from 'vitest';
import { normalizeTokenValue } from './token-value.js';

describe('normalizeTokenValue', () => {
  it.each([
    ['ISO14443', '04a1b2c3', '04A1B2C3'],
    ['ISO14443', '04:A1:B2:C3', '04A1B2C3'],
    ['ISO14443', '04 a1 b2 c3 d4 e5 f6', '04A1B2C3D4E5F6'],
    ['ISO14443', '04-a1-b2-c3', '04A1B2C3'],
    ['ISO14443', ' 04.a1.b2.c3 ', '04A1B2C3'],
    ['ISO14443', '04a1b2c3d4e5f60718e9', '04A1B2C3D4E5F60718E9'],
    ['ISO15693', 'e0:04:01:00:12:34:56:78', 'E004010012345678'],
  ] as const)('writes the %s UID %j as %s', (type, raw, value) => {
    expect(normalizeTokenValue(type, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['ISO14443', '04a1b2', 'not 3 bytes'],
    ['ISO14443', '04a1b2c3d', 'hex digits'],
    ['ISO14443', '04a1b2c3d4', 'not 5 bytes'],
    ['ISO14443', '04a1b2c3d4e5f607', 'not 8 bytes'],
    ['ISO14443', '04a1b2c3d4e5f60718e9aa', 'not 11 bytes'],
    ['ISO14443', 'zz112233', '0-9, A-F'],
    ['ISO14443', '', 'empty'],
    ['ISO15693', '04a1b2c3', 'not 4 bytes'],
    ['ISO15693', '04a1b2c3d4e5f6', 'not 7 bytes'],
  ] as const)('refuses the %s UID %j (%s)', (type, raw, problem) => {
    const result = normalizeTokenValue(type, raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain(problem);
  });

  it('names the allowed lengths in the problem', () => {
    const result = normalizeTokenValue('ISO14443', '0102');
    expect(result.ok ? '' : result.problem).toContain('4, 7 or 10 bytes');
    const iso15693 = normalizeTokenValue('ISO15693', '0102');
    expect(iso15693.ok ? '' : iso15693.problem).toContain('8 bytes');
  });

  it('keeps other token types as they are, trimmed', () => {
    expect(normalizeTokenValue('Central', ' App-User-1 ')).toEqual({ ok: true, value: 'App-User-1' });
    expect(normalizeTokenValue('eMAID', 'x'.repeat(37)).ok).toBe(false);
  });

  it('accepts only digits for a key code', () => {
    expect(normalizeTokenValue('KeyCode', '1234')).toEqual({ ok: true, value: '1234' });
    expect(normalizeTokenValue('KeyCode', '12a4').ok).toBe(false);
  });
});
