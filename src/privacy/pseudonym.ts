/**
 * Phone pseudonyms as plain functions. A pseudonym is stable for the same number and key (so a
 * person's old sessions still group together for disputes and statistics) but cannot be turned back
 * into the number without the key. Without a key the number is erased.
 */
import { createHmac } from 'node:crypto';

export const ERASED = 'erased';

/** `p-` + the first 32 hex digits of HMAC-SHA256(key, number); `erased` without a key. */
export function pseudonymFor(phone: string, key: string | undefined): string {
  if (key === undefined) return ERASED;
  return `p-${createHmac('sha256', key).update(phone).digest('hex').slice(0, 32)}`;
}

/** Already a pseudonym or erased: nothing left to protect. */
export const isPseudonym = (value: string) => value === ERASED || /^p-[0-9a-f]{32}$/.test(value);
