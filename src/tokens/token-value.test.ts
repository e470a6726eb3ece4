import { describe, expect, it } from 'vitest';
import { normalizeTokenValue } from './token-value.js';

describe('normalizeTokenValue', () => {
  it.each([
    ['04a1b2c3', '04A1B2C3'],
    ['04:A1:B2:C3', '04A1B2C3'],
    ['04 a1 b2 c3 d4 e5 f6', '04A1B2C3D4E5F6'],
    ['04-a1-b2-c3', '04A1B2C3'],
  ])('writes the RFID UID %j as %s', (raw, value) => {
    expect(normalizeTokenValue('ISO14443', raw)).toEqual({ ok: true, value });
  });

  it.each(['04a1b2', '04a1b2c3d', 'zz112233', ''])('refuses the RFID UID %j', (raw) => {
    expect(normalizeTokenValue('ISO14443', raw).ok).toBe(false);
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
