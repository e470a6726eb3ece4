/**
 * Money, dates, durations and energy in the portal's language. Money arrives as integer cents and
 * is only formatted here, never computed in floating point. Times are shown in Europe/Berlin.
 */
export type Locale = 'de' | 'en';

const TIME_ZONE = 'Europe/Berlin';
const tag = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB');

export function formatMoney(cents: number, currency: string, locale: Locale): string {
  // Intl takes a number; cents / 100 is exact for display of any realistic amount (< 2^53 cents).
  return new Intl.NumberFormat(tag(locale), { style: 'currency', currency }).format(cents / 100);
}

export function formatDateTime(iso: string | Date | null | undefined, locale: Locale): string {
  if (iso === null || iso === undefined) return '–';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(date);
}

export function formatDate(iso: string | Date | null | undefined, locale: Locale): string {
  if (iso === null || iso === undefined) return '–';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(date);
}

/** 12000 s → "3 h 20 min"; under a minute "45 s". */
export function formatDuration(seconds: number, locale: Locale): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (hours === 0 && minutes === 0) return `${total} s`;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours.toLocaleString(tag(locale))} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  return parts.join(' ');
}

/** Wh → "12,5 kWh" (de) / "12.5 kWh" (en). */
export function formatEnergy(wh: number | null | undefined, locale: Locale): string {
  if (wh === null || wh === undefined) return '–';
  return `${new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 2 }).format(wh / 1000)} kWh`;
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(tag(locale)).format(value);
}

/**
 * "12,50" / "12.50" / "12" → 1250 cents, exactly (string arithmetic, no floats); null when it is
 * not an amount. Accepts the locale's decimal separator and a leading minus.
 */
export function parseMoneyInput(text: string): number | null {
  const trimmed = text.trim().replace(/\s|€/g, '');
  const match = /^(-)?(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(trimmed);
  if (match === null) return null;
  const [, minus, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return minus === undefined ? cents : -cents;
}
