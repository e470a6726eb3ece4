/**
 * Phone numbers as plain functions. Stored as digits only: international numbers with their country
 * code and no "+" ("4917112345678"), short codes as they are ("841122").
 */

/** Short codes are 3 to 8 digits; anything longer is a phone number. */
const MAX_SHORT_CODE = 8;

/**
 * "+49 171 1234567", "0049-171/1234567", "49171 1234567" → "491711234567"; a national number
 * ("0171…") gets `defaultCountry`. undefined when it is no number at all.
 */
export function normalizePhone(raw: string, defaultCountry = '49'): string | undefined {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s()./-]+$/.test(trimmed)) return undefined;
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    // already international
  } else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (digits.startsWith('0') && digits.length > MAX_SHORT_CODE)
    digits = defaultCountry + digits.slice(1);
  if (digits.length < 3 || digits.length > 15) return undefined;
  return digits;
}

export const isShortCode = (digits: string) => digits.length <= MAX_SHORT_CODE;

/** For people: "+49 171 1234567"; short codes stay as they are. */
export function formatPhone(digits: string): string {
  if (isShortCode(digits) || !/^\d+$/.test(digits)) return digits;
  return `+${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
}

/** For lists and logs: "+49 171 ••••567" (country, prefix and the last three digits). */
export function maskPhone(digits: string): string {
  if (isShortCode(digits) || !/^\d+$/.test(digits)) return digits;
  const rest = digits.slice(5);
  return `+${digits.slice(0, 2)} ${digits.slice(2, 5)} ${'•'.repeat(Math.max(rest.length - 3, 1))}${rest.slice(-3)}`;
}
