/**
 * Native `datetime-local` inputs hold a wall-clock time without a zone. The portal shows every time
 * in Europe/Berlin, so the inputs are read and filled as Berlin wall clock too, whatever zone the
 * browser is in: an event "from 24.12. 00:00" starts at midnight in Berlin.
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
