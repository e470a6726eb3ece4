/**
 * Account numbers (Kundennummern) as printed on statements and invoices: generated as "K-000123",
 * one more than the highest generated number of the institution, or given (e.g. taken over from an
 * earlier system). Unique per institution.
 */
export const ACCOUNT_NUMBER_PREFIX = 'K-';

export function formatAccountNumber(sequence: number): string {
  return `${ACCOUNT_NUMBER_PREFIX}${String(sequence).padStart(6, '0')}`;
}

/** A given number: letters, digits and . _ / - (1 to 32 characters, starting with a letter or digit). */
export function checkAccountNumber(raw: string): string | undefined {
  const number = raw.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$/.test(number) ? number : undefined;
}
