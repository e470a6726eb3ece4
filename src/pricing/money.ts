/** Integer money arithmetic and formatting for prices: cents only, never floating point. */

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
