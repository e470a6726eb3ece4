/**
 * A card's expiry entered as a date means "valid through that day" in Europe/Berlin, as in the CSV
 * import (docs/accounts.md): it expires at the next Berlin midnight. Pure, so it is tested on its own.
 */
const TIME_ZONE = 'Europe/Berlin';

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function berlinWall(utcMs: number): { y: number; m: number; d: number; wallMs: number } {
  const parts = wallClock.formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const [y, m, d] = [get('year'), get('month'), get('day')];
  return { y, m, d, wallMs: Date.UTC(y, m - 1, d, get('hour'), get('minute'), get('second')) };
}

/** The instant of Berlin midnight starting the calendar day y-m-d (day may overflow). */
function berlinMidnight(y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  // Midnight is never in a daylight-saving gap in Berlin (the clocks change at 02:00/03:00).
  const offset = berlinWall(wall).wallMs - wall;
  return wall - offset;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '2027-12-31' → the ISO instant the card stops working (2028-01-01 00:00 Berlin); null for ''. */
export function expiryFromDate(date: string): string | null | undefined {
  if (date.trim() === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (match === null) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return new Date(berlinMidnight(y, m, d + 1)).toISOString();
}

/** The last day a card is valid on (Berlin), for a date input: the day before its expiry instant. */
export function lastValidDate(expiresAt: string | null): string {
  if (expiresAt === null) return '';
  const { y, m, d } = berlinWall(new Date(expiresAt).getTime() - 1);
  return `${y}-${pad(m)}-${pad(d)}`;
}
