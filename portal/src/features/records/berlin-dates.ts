/**
 * Filters name days and months as people in the institution mean them: Berlin days. A date input
 * holds "YYYY-MM-DD" without a zone; the API wants instants. A day runs from its Berlin midnight to
 * the next one, so "to 31.03." includes the whole of the 31st.
 */
const ZONE = 'Europe/Berlin';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function berlinWall(date: Date): string {
  const p = Object.fromEntries(wallClock.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** "2025-03-30" → the instant of that day's Berlin midnight (ISO, UTC); null when not a date. */
export function berlinMidnight(day: string): string | null {
  const match = DAY.exec(day.trim());
  if (match === null) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wall = Date.UTC(y, m - 1, d);
  const check = new Date(wall);
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  // Berlin is UTC+1 or UTC+2 (midnight is never skipped by the clock changes, which happen at 2–3 h).
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    if (berlinWall(candidate) === `${day.trim()}T00:00`) return candidate.toISOString();
  }
  return null;
}

/** The day after "YYYY-MM-DD", as "YYYY-MM-DD". */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Inclusive Berlin days → the API's half-open `from`/`to` instants; empty days are left out. */
export function dayRange(fromDay: string, toDay: string): { from?: string; to?: string } {
  const from = fromDay.trim() === '' ? null : berlinMidnight(fromDay);
  const to =
    toDay.trim() === '' || berlinMidnight(toDay) === null ? null : berlinMidnight(nextDay(toDay.trim()));
  return { ...(from === null ? {} : { from }), ...(to === null ? {} : { to }) };
}

/** "2025-03" → from the 1st of March to the 1st of April, Berlin midnights; null when not a month. */
export function monthRange(month: string): { from: string; to: string } | null {
  const match = MONTH.exec(month.trim());
  if (match === null) return null;
  const [y, m] = [Number(match[1]), Number(match[2])];
  if (m < 1 || m > 12) return null;
  const first = `${match[1]}-${match[2]}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: berlinMidnight(first)!, to: berlinMidnight(next)! };
}

/** The Berlin month before the one `now` is in, as "YYYY-MM": the month a billing run usually takes. */
export function previousMonth(now: Date): string {
  const [y, m] = berlinWall(now).slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
