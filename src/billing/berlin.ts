/**
 * Europe/Berlin calendar for billing: invoice months, document years and dates as printed. Times are
 * stored in UTC; the calendar an accountant reads is Berlin's. Uses the system's time-zone data.
 */

const ZONE = 'Europe/Berlin';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface BerlinWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function berlinWallClock(at: Date): BerlinWallClock {
  const parts = Object.fromEntries(partsFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Berlin's offset from UTC at an instant, in milliseconds. */
function offsetMs(at: Date): number {
  const w = berlinWallClock(at);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The UTC instant of Berlin local midnight starting a calendar day (month 1-12; day may overflow). */
export function berlinMidnight(year: number, month: number, day: number): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two rounds settle the offset (midnight is never inside a daylight-saving jump in Berlin).
  let utc = wall - offsetMs(new Date(wall));
  utc = wall - offsetMs(new Date(utc));
  return new Date(utc);
}

export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

/** A 'YYYY-MM' month in Berlin as [start, end) UTC instants. */
export function monthBounds(month: string): { start: Date; end: Date } {
  if (!new RegExp(MONTH_PATTERN).test(month)) throw new RangeError(`Not a month: ${month}`);
  const [year, m] = month.split('-').map(Number) as [number, number];
  return { start: berlinMidnight(year, m, 1), end: berlinMidnight(year, m + 1, 1) };
}

export function berlinYear(at: Date): number {
  return berlinWallClock(at).year;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 31.01.2026 (de) or 31/01/2026 (en). */
export function formatDate(at: Date, locale: 'de' | 'en' = 'de'): string {
  const w = berlinWallClock(at);
  const sep = locale === 'de' ? '.' : '/';
  return `${pad(w.day)}${sep}${pad(w.month)}${sep}${w.year}`;
}

/** 31.01.2026 14:05 — for invoice lines. */
export function formatDateTime(at: Date, locale: 'de' | 'en' = 'de'): string {
  const w = berlinWallClock(at);
  return `${formatDate(at, locale)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** 31.01.2026 14:05:09 — for CSV exports (Excel reads it as a date and time). */
export function formatDateTimeSeconds(at: Date): string {
  const w = berlinWallClock(at);
  return `${formatDate(at, 'de')} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
