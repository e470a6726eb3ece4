/** Integer cents and their VAT, and how amounts are written on documents and in exports. */

/**
 * The VAT contained in a gross amount: round(gross × rate / (1 + rate)), half away from zero, in
 * integer arithmetic (rate in basis points: 1900 = 19 %). The same rule as pricing (docs/pricing.md).
 */
export function vatOfGross(grossCents: number, vatRateBp: number): number {
  const sign = grossCents < 0 ? -1 : 1;
  const abs = Math.abs(grossCents);
  const denominator = 10_000 + vatRateBp;
  const vat = Math.floor((abs * vatRateBp * 2 + denominator) / (2 * denominator));
  return sign * vat;
}

export function splitGross(grossCents: number, vatRateBp: number): { netCents: number; vatCents: number } {
  const vatCents = vatOfGross(grossCents, vatRateBp);
  return { netCents: grossCents - vatCents, vatCents };
}

/** 1234 → "12,34" (de) or "12.34" (en); no thousands separators, so spreadsheets read it as a number. */
export function decimalCents(cents: number, locale: 'de' | 'en' = 'de'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const text = `${Math.floor(abs / 100)}${locale === 'de' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
  return sign + text;
}

/** "1.234,56 €" (de) or "€1,234.56" (en), for printed documents. */
export function formatMoney(cents: number, currency: string, locale: 'de' | 'en' = 'de'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'de' ? '.' : ',');
  const fraction = String(abs % 100).padStart(2, '0');
  const symbol = currency === 'EUR' ? '€' : currency;
  return locale === 'de' ? `${sign}${units},${fraction} ${symbol}` : `${sign}${symbol}${units}.${fraction}`;
}

/** Wh → "12,345" kWh text (3 decimals). */
export function decimalKwh(wh: number, locale: 'de' | 'en' = 'de'): string {
  const abs = Math.abs(wh);
  const text = `${Math.floor(abs / 1000)}${locale === 'de' ? ',' : '.'}${String(abs % 1000).padStart(3, '0')}`;
  return (wh < 0 ? '-' : '') + text;
}

/** 1900 → "19 %" (de) / "19%" (en); 700 → "7 %"; 1050 → "10,5 %". */
export function formatRate(vatRateBp: number, locale: 'de' | 'en' = 'de'): string {
  const whole = Math.floor(vatRateBp / 100);
  const rest = vatRateBp % 100;
  const number =
    rest === 0
      ? String(whole)
      : `${whole}${locale === 'de' ? ',' : '.'}${String(rest).padStart(2, '0').replace(/0$/, '')}`;
  return locale === 'de' ? `${number} %` : `${number}%`;
}

/** "1 h 05 min" / "45 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}
