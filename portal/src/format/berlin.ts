/**
 * The portal shows every time in Europe/Berlin, so date and time inputs are read and filled as
 * Berlin wall clock too, whatever zone the browser is in: an event "from 24.12. 00:00" starts at
 * midnight in Berlin, and a filter "to 31.03." includes the whole of the 31st (a day runs from its
 * Berlin midnight to the next one). The API wants instants (ISO 8601, UTC).
 */
const ZONE = 'Europe/Berlin';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Berlin wall clock of an instant as "YYYY-MM-DDTHH:MM". */
export function isoToBerlinInput(iso: string | Date | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "YYYY-MM-DDTHH:MM" Berlin wall clock → ISO 8601 UTC; null when empty or not a date-time. */
export function berlinInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Berlin is UTC+1 or UTC+2: try both offsets and keep the one whose wall clock matches.
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    if (isoToBerlinInput(candidate) === value.trim()) return candidate.toISOString();
  }
  // A wall-clock time skipped by the spring change (02:30 on the last Sunday of March): one hour later.
  return new Date(wall - 3_600_000).toISOString();
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
    if (isoToBerlinInput(candidate) === `${day.trim()}T00:00`) return candidate.toISOString();
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
  const [y, m] = isoToBerlinInput(now).slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
