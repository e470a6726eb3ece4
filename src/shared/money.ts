/**
 * Integer money arithmetic and how amounts are written (prices, documents, exports): cents only,
 * never floating point.
 */

export type Lang = 'de' | 'en';

/** round(a × b / d), halves away from zero, exact for any integer sizes (BigInt). d > 0. */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const product = BigInt(a) * BigInt(b);
  const divisor = BigInt(d);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
  return Number(negative ? -rounded : rounded);
}

/** The VAT inside a gross amount: round half up of total × rate / (10000 + rate), rate in basis points. */
export function vatOfGross(totalCents: number, vatRateBp: number): number {
  return mulDivRoundHalfUp(totalCents, vatRateBp, 10_000 + vatRateBp);
}

export function splitGross(grossCents: number, vatRateBp: number): { netCents: number; vatCents: number } {
  const vatCents = vatOfGross(grossCents, vatRateBp);
  return { netCents: grossCents - vatCents, vatCents };
}

const SYMBOLS: Record<string, string> = { EUR: '€', CHF: 'CHF', GBP: '£', USD: '$' };

/** "0,50 €" (German) or "€0.50" (English); other currencies by their code. */
export function formatMoney(cents: number, currency: string, lang: Lang): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  const symbol = SYMBOLS[currency] ?? currency;
  if (lang === 'de') {
    const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return `${sign}${grouped},${fraction} ${symbol}`;
  }
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return symbol.length === 1
    ? `${sign}${symbol}${grouped}.${fraction}`
    : `${sign}${symbol} ${grouped}.${fraction}`;
}

/** "19 %" (German) or "19%" (English); basis points, e.g. 1900 or 700 or 1650 ("16,5 %"). */
export function formatPercent(bp: number, lang: Lang): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  const fraction =
    rest === 0 ? '' : (lang === 'de' ? ',' : '.') + String(rest).padStart(2, '0').replace(/0$/, '');
  return lang === 'de' ? `${whole}${fraction} %` : `${whole}${fraction}%`;
}

/** 1234 → "12,34" (de) or "12.34" (en); no thousands separators, so spreadsheets read it as a number. */
export function decimalCents(cents: number, locale: Lang = 'de'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${locale === 'de' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

/** Wh → "12,345" kWh text (3 decimals). */
export function decimalKwh(wh: number, locale: Lang = 'de'): string {
  const abs = Math.abs(wh);
  const text = `${Math.floor(abs / 1000)}${locale === 'de' ? ',' : '.'}${String(abs % 1000).padStart(3, '0')}`;
  return (wh < 0 ? '-' : '') + text;
}

/** "1 h 05 min" / "45 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}
