/**
 * Europe/Berlin calendar arithmetic, as plain functions of UTC milliseconds: the pricing engine's
 * time-of-day rules and daily caps, billing's invoice months, document years and printed dates.
 * Times are stored in UTC; the calendar people read is Berlin's.
 *
 * The EU summer-time rule (since 1996) is computed directly instead of asking Intl for every minute
 * of a session: CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC, CET (UTC+1) otherwise. pricing.test.ts checks this against the system's time-zone
 * data for every hour of several years (berlin-time.test.ts).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 1 = Monday … 7 = Sunday (ISO 8601), as in tariff restrictions. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface BerlinParts {
  /** 'YYYY-MM-DD' of the local calendar day. */
  date: string;
  weekday: IsoWeekday;
  /** Minutes since local midnight (may be fractional when the instant is not on a minute). */
  minuteOfDay: number;
}

/** UTC milliseconds of the last Sunday of a month (month 1-12) at 01:00 UTC. */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0); // day 0 of the next month = last day of this month
  const weekday = new Date(lastDay).getUTCDay(); // 0 = Sunday
  return lastDay - weekday * DAY + HOUR;
}

/** Offset of Europe/Berlin from UTC at an instant, in milliseconds (1 h or 2 h). */
export function berlinOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const summer = utcMs >= lastSundayAt1Utc(year, 3) && utcMs < lastSundayAt1Utc(year, 10);
  return summer ? 2 * HOUR : HOUR;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function berlinParts(utcMs: number): BerlinParts {
  const local = utcMs + berlinOffsetMs(utcMs);
  const d = new Date(local);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (((d.getUTCDay() + 6) % 7) + 1) as IsoWeekday;
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    weekday,
    minuteOfDay: (local - midnight) / 60_000,
  };
}

/**
 * The first instant at or after which the Berlin wall clock shows `minuteOfDay` on local day
 * `date` ('YYYY-MM-DD'). A wall time skipped by the spring change (02:00–02:59) maps to the
 * instant the clock jumps (03:00 CEST); a wall time shown twice in autumn maps to its first showing.
 */
export function berlinLocalToUtc(date: string, minuteOfDay: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  const candidates = [wall - 2 * HOUR, wall - HOUR].filter((utc) => utc + berlinOffsetMs(utc) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the spring gap: the clock jumps from 02:00 CET to 03:00 CEST, at 01:00 UTC.
  return lastSundayAt1Utc(y, 3);
}

/** The local calendar day after `date`. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** The next Berlin local midnight strictly after an instant. */
export function nextBerlinMidnight(utcMs: number): number {
  return berlinLocalToUtc(nextDate(berlinParts(utcMs).date), 0);
}

/** The first instant strictly after `utcMs` at which the Berlin wall clock reads `minuteOfDay`. */
export function nextBerlinTimeOfDay(utcMs: number, minuteOfDay: number): number {
  const today = berlinParts(utcMs).date;
  const sameDay = berlinLocalToUtc(today, minuteOfDay);
  if (sameDay > utcMs) return sameDay;
  const tomorrow = berlinLocalToUtc(nextDate(today), minuteOfDay);
  return tomorrow > utcMs ? tomorrow : berlinLocalToUtc(nextDate(nextDate(today)), minuteOfDay);
}

/** The UTC instant of Berlin local midnight starting a calendar day (month 1-12; day may overflow). */
export function berlinMidnight(year: number, month: number, day: number): Date {
  const d = new Date(Date.UTC(year, month - 1, day));
  return new Date(
    berlinLocalToUtc(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, 0),
  );
}

export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

/** A 'YYYY-MM' month in Berlin as [start, end) UTC instants. */
export function monthBounds(month: string): { start: Date; end: Date } {
  if (!new RegExp(MONTH_PATTERN).test(month)) throw new RangeError(`Not a month: ${month}`);
  const [year, m] = month.split('-').map(Number) as [number, number];
  return { start: berlinMidnight(year, m, 1), end: berlinMidnight(year, m + 1, 1) };
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: Date): WallClock {
  const { date, minuteOfDay } = berlinParts(at.getTime());
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const seconds = Math.floor(minuteOfDay * 60);
  return {
    year,
    month,
    day,
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
  };
}

export function berlinYear(at: Date): number {
  return wallClock(at).year;
}

/** 31.01.2026 (de) or 31/01/2026 (en). */
export function formatDate(at: Date, locale: 'de' | 'en' = 'de'): string {
  const w = wallClock(at);
  const sep = locale === 'de' ? '.' : '/';
  return `${pad(w.day)}${sep}${pad(w.month)}${sep}${w.year}`;
}

/** 31.01.2026 14:05, for invoice lines. */
export function formatDateTime(at: Date, locale: 'de' | 'en' = 'de'): string {
  const w = wallClock(at);
  return `${formatDate(at, locale)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** 31.01.2026 14:05:09, for CSV exports (Excel reads it as a date and time). */
export function formatDateTimeSeconds(at: Date): string {
  const w = wallClock(at);
  return `${formatDate(at, 'de')} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
