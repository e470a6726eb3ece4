/**
 * Id tokens as stations send them. RFID readers report the same UID as "04a1b2c3", "04:A1:B2:C3"
 * or "04 a1 b2 c3"; stored values are upper-case hex without separators, so one card is one row.
 */
import type { AuthTokenType } from '../db/schema.js';

export const AUTH_TOKEN_TYPES = [
  'ISO14443',
  'ISO15693',
  'Central',
  'KeyCode',
  'eMAID',
  'Local',
  'MacAddress',
] as const satisfies readonly AuthTokenType[];

/** 2.0.1 IdTokenType.idToken is identifierString[36]; 1.6 idTag is CiString20 (checked by the 1.6 adapter). */
export const TOKEN_VALUE_MAX = 36;

/**
 * UID lengths in bytes: ISO/IEC 14443-3 knows single (4), double (7) and triple (10) size UIDs;
 * ISO/IEC 15693 UIDs are always 8 bytes (64 bit).
 */
const UID_BYTES: Partial<Record<AuthTokenType, readonly number[]>> = {
  ISO14443: [4, 7, 10],
  ISO15693: [8],
};

export type NormalizedToken = { ok: true; value: string } | { ok: false; problem: string };

/** Separators readers and people put between the bytes of a UID. */
const SEPARATORS = /[\s:.-]/g;

export function normalizeTokenValue(type: AuthTokenType, raw: string): NormalizedToken {
  const lengths = UID_BYTES[type];
  if (lengths !== undefined) {
    const value = raw.replace(SEPARATORS, '').toUpperCase();
    const expected = `${lengths.join(', ').replace(/, (\d+)$/, ' or $1')} bytes`;
    if (value === '')
      return { ok: false, problem: `An ${type} UID is ${expected} of hex digits; it is empty` };
    if (!/^[0-9A-F]+$/.test(value))
      return { ok: false, problem: `An ${type} UID is ${expected} of hex digits (0-9, A-F)` };
    if (value.length % 2 !== 0 || !lengths.includes(value.length / 2)) {
      return {
        ok: false,
        problem: `An ${type} UID is ${expected} of hex digits, not ${value.length / 2} bytes`,
      };
    }
    return { ok: true, value };
  }
  const value = raw.trim();
  if (value === '' || value.length > TOKEN_VALUE_MAX) {
    return { ok: false, problem: `A token value has 1 to ${TOKEN_VALUE_MAX} characters` };
  }
  if (type === 'KeyCode' && !/^[0-9]+$/.test(value))
    return { ok: false, problem: 'A key code has digits only' };
  return { ok: true, value };
}
