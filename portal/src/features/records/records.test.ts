import { describe, expect, it } from 'vitest';
import { detailEntries } from './audit-details';
import { berlinMidnight, dayRange, monthRange, previousMonth } from '../../format/berlin';
import {
  auditActionInvalid,
  auditQuery,
  chargeRecordsQuery,
  NO_CHARGE_RECORD_FILTERS,
  NO_SESSION_FILTERS,
  sessionsQuery,
} from './query';
import { addCents, totalsView } from './totals';

describe('Berlin days and months', () => {
  it.each([
    ['2025-01-15', '2025-01-14T23:00:00.000Z'],
    ['2025-07-15', '2025-07-14T22:00:00.000Z'],
    ['2025-03-30', '2025-03-29T23:00:00.000Z'],
    ['2025-10-26', '2025-10-25T22:00:00.000Z'],
  ])('takes %s from its Berlin midnight', (day, iso) => {
    expect(berlinMidnight(day)).toBe(iso);
  });

  it('refuses what is not a day', () => {
    expect(berlinMidnight('2025-02-30')).toBeNull();
    expect(berlinMidnight('15.01.2025')).toBeNull();
  });

  it('includes the whole last day of a range, across the clock change', () => {
    expect(dayRange('2025-03-29', '2025-03-30')).toEqual({
      from: '2025-03-28T23:00:00.000Z',
      to: '2025-03-30T22:00:00.000Z',
    });
    expect(dayRange('', '')).toEqual({});
    expect(dayRange('', '2025-12-31')).toEqual({ to: '2025-12-31T23:00:00.000Z' });
  });

  it('takes a month from its first Berlin midnight to the next month’s', () => {
    expect(monthRange('2025-12')).toEqual({
      from: '2025-11-30T23:00:00.000Z',
      to: '2025-12-31T23:00:00.000Z',
    });
    expect(monthRange('2025-13')).toBeNull();
  });

  it('names the month before, in Berlin', () => {
    expect(previousMonth(new Date('2026-01-01T00:30:00+01:00'))).toBe('2025-12');
    // 31 Mar 23:30 UTC is already 1 April in Berlin.
    expect(previousMonth(new Date('2025-03-31T22:30:00Z'))).toBe('2025-03');
  });
});

describe('filters → query', () => {
  it('asks for sessions with only what was filled in', () => {
    expect(sessionsQuery(NO_SESSION_FILTERS)).toEqual({
      stationId: '',
      shortName: '',
      status: '',
      idTag: '',
    });
    expect(
      sessionsQuery({
        ...NO_SESSION_FILTERS,
        shortName: ' P20-0 ',
        status: 'completed',
        fromDay: '2025-01-15',
      }),
    ).toMatchObject({ shortName: 'P20-0', status: 'completed', from: '2025-01-14T23:00:00.000Z' });
  });

  it('lets a month win over days, the same for list, totals and CSV', () => {
    const query = chargeRecordsQuery({
      ...NO_CHARGE_RECORD_FILTERS,
      month: '2025-03',
      fromDay: '2025-01-01',
      strategyKind: 'prepaid',
    });
    expect(query).toMatchObject({
      strategyKind: 'prepaid',
      from: '2025-02-28T23:00:00.000Z',
      to: '2025-03-31T22:00:00.000Z',
    });
  });

  it('asks the audit log for a tidy action and flags one it cannot ask for', () => {
    expect(auditQuery({ action: ' Charge_Point ', fromDay: '', toDay: '' })).toEqual({
      action: 'charge_point',
    });
    expect(auditQuery({ action: 'price change!', fromDay: '', toDay: '' })).toEqual({ action: undefined });
    expect(auditActionInvalid('price change!')).toBe(true);
    expect(auditActionInvalid('')).toBe(false);
  });
});

describe('totals', () => {
  it('adds count and energy and keeps money per currency, exactly', () => {
    expect(
      totalsView([
        { currency: 'EUR', count: 2, energyWh: 100, netCents: 8, vatCents: 2, totalCents: 10 },
        { currency: 'CHF', count: 1, energyWh: 50, netCents: 20, vatCents: 0, totalCents: 20 },
      ]),
    ).toEqual({
      count: 3,
      energyWh: 150,
      money: [
        { currency: 'EUR', netCents: 8, vatCents: 2, totalCents: 10 },
        { currency: 'CHF', netCents: 20, vatCents: 0, totalCents: 20 },
      ],
    });
    expect(totalsView([])).toEqual({ count: 0, energyWh: 0, money: [] });
  });

  it('never rounds cents', () => {
    expect(addCents(10, 20)).toBe(30);
    expect(() => addCents(0.1, 0.2)).toThrow(RangeError);
    expect(() => addCents(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });
});

describe('audit details', () => {
  it('shows a reason as written and a price change as compact JSON', () => {
    expect(detailEntries({ reason: 'Akku vergessen', evseId: 3, before: { priceCents: 50 } })).toEqual([
      ['reason', 'Akku vergessen'],
      ['evseId', '3'],
      ['before', '{"priceCents":50}'],
    ]);
    expect(detailEntries(null)).toEqual([]);
  });
});
