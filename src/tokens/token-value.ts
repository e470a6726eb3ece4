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

const HEX_TYPES = new Set<AuthTokenType>(['ISO14443', 'ISO15693']);

export type NormalizedToken = { ok: true; value: string } | { ok: false; problem: string };

export function normalizeTokenValue(type: AuthTokenType, raw: string): NormalizedToken {
  if (HEX_TYPES.has(type)) {
    const value = raw.replace(/[\s:-]/g, '').toUpperCase();
    // ISO 14443 UIDs are 4, 7 or 10 bytes, ISO 15693 8 bytes; allow any whole number of bytes up to 18.
    if (!/^(?:[0-9A-F]{2}){4,18}$/.test(value)) {
      return { ok: false, problem: 'An RFID UID is 4 to 18 bytes of hex digits' };
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
