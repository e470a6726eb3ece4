import { describe, expect, it } from 'vitest';
import { berlinLocalToUtc, berlinParts, nextBerlinMidnight, nextBerlinTimeOfDay } from './berlin-time.js';

const intl = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

function viaIntl(ms: number) {
  const parts = Object.fromEntries(intl.formatToParts(ms).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

describe('Europe/Berlin calendar', () => {
  it('agrees with the time-zone database for every hour of 2024 to 2030', () => {
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 3_600_000) {
      const ours = berlinParts(ms);
      const theirs = viaIntl(ms);
      if (
        ours.date !== theirs.date ||
        ours.weekday !== theirs.weekday ||
        ours.minuteOfDay !== theirs.minuteOfDay
      )
        mismatches.push(new Date(ms).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['2026-11-21', 0, '2026-11-20T23:00:00.000Z'],
    ['2026-07-01', 600, '2026-07-01T08:00:00.000Z'],
    // Spring: 02:30 does not exist; the clock jumps to 03:00 CEST at 01:00 UTC.
    ['2026-03-29', 150, '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', 180, '2026-03-29T01:00:00.000Z'],
    // Autumn: 02:30 happens twice; the first is meant.
    ['2026-10-25', 150, '2026-10-25T00:30:00.000Z'],
    ['2026-10-26', 0, '2026-10-25T23:00:00.000Z'],
  ])('local %s at minute %i is %s', (date, minute, utc) => {
    expect(new Date(berlinLocalToUtc(date, minute)).toISOString()).toBe(utc);
  });

  it('finds the next midnight and the next wall-clock time', () => {
    const t = Date.parse('2026-10-24T22:00:00Z'); // 00:00 on the 25-hour day
    expect(new Date(nextBerlinMidnight(t)).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(new Date(nextBerlinTimeOfDay(t, 0)).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(new Date(nextBerlinTimeOfDay(t, 22 * 60)).toISOString()).toBe('2026-10-25T21:00:00.000Z');
  });
});
