import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PricedSession } from '../pricing/pricing.js';
import { formatDate, monthBounds } from '../shared/berlin-time.js';
import type { ChargeRecordRow } from './billing.repository.js';
import { missingProfileFields, validIban } from './billing.service.js';
import { chargeRecordsCsv } from './charge-records.csv.js';
import { formatDocumentNumber } from './document-numbers.js';
import { bookingFor, carrierChargeFor, chargingEndedAt, freezeAmounts, registerReadings } from './freeze.js';
import {
  decimalCents,
  decimalKwh,
  formatMoney,
  formatPercent,
  splitGross,
  vatOfGross,
} from '../shared/money.js';

const t = (minutes: number) => new Date(Date.UTC(2026, 0, 10, 8, minutes));
const meter = { startedAt: t(0), stoppedAt: t(90), meterStartWh: 1000, meterStopWh: null };

describe('when charging ended', () => {
  it.each([
    [
      'the last rise of the register',
      [
        [10, 1500],
        [20, 2500],
        [40, 2500],
      ],
      meter,
      t(20),
    ],
    [
      'null when the register never rose',
      [
        [10, 1000],
        [20, 1000],
      ],
      meter,
      null,
    ],
    ['null with no readings at all', [], { ...meter, meterStartWh: null }, null],
    ['the stop, when only the stop reading is higher', [[10, 1000]], { ...meter, meterStopWh: 1200 }, t(90)],
    [
      'a rise after a dip (meters only count up)',
      [
        [10, 2000],
        [20, 1900],
        [30, 2100],
      ],
      meter,
      t(30),
    ],
    [
      'the first reading when no start reading is known',
      [
        [10, 500],
        [20, 600],
      ],
      { ...meter, meterStartWh: null },
      t(20),
    ],
  ] as const)('is %s', (_name, points, session, expected) => {
    const readings = points.map(([m, wh]) => ({ at: t(m), wh }));
    expect(chargingEndedAt(readings, session)).toEqual(expected);
  });

  it('reads only the total import register, in Wh or kWh, in time order', () => {
    const row = (
      m: number,
      measurand: string,
      value: string,
      unit: string | null,
      phase: string | null = null,
    ) => ({
      sampledAt: t(m),
      measurand,
      phase,
      unit,
      value,
    });
    expect(
      registerReadings([
        row(20, 'Energy.Active.Import.Register', '2.5', 'kWh'),
        row(10, 'Energy.Active.Import.Register', '1500', 'Wh'),
        row(10, 'Energy.Active.Import.Register', '700', 'Wh', 'L1'),
        row(10, 'Power.Active.Import', '3000', 'W'),
        row(30, 'Energy.Active.Import.Register', 'garbage', 'Wh'),
      ]),
    ).toEqual([
      { at: t(10), wh: 1500 },
      { at: t(20), wh: 2500 },
    ]);
  });
});

describe('booking', () => {
  it.each([
    [false, 'prepaid', 'ledger'],
    [false, 'postpaid', 'invoice'],
    [false, 'carrier', 'carrier'],
    [false, 'free', 'free'],
    [false, 'roaming', 'none'],
    [true, 'prepaid', 'free'],
    [true, 'postpaid', 'free'],
  ] as const)('station free %s, strategy %s → %s', (free, kind, booking) => {
    expect(bookingFor(free, { accountId: 'a', strategyKind: kind })).toBe(booking);
  });

  it('books nothing without a payer account', () => {
    expect(bookingFor(false, undefined)).toBe('none');
    expect(bookingFor(false, { accountId: null, strategyKind: null })).toBe('none');
  });

  it('books a session started by SMS to the phone (carrier), unless the station is free', () => {
    expect(bookingFor(false, undefined, true)).toBe('carrier');
    expect(bookingFor(true, undefined, true)).toBe('free');
  });

  it('writes a pending carrier charge, or a waived one for 0,00 €', () => {
    const now = new Date('2026-10-01T10:00:00Z');
    expect(carrierChargeFor(150, now)).toEqual({ status: 'pending', nextAttemptAt: now, settledAt: null });
    expect(carrierChargeFor(0, now)).toEqual({ status: 'waived', nextAttemptAt: null, settledAt: now });
  });
});

const priced = (amounts: number[]): PricedSession => {
  const totalCents = amounts.reduce((a, b) => a + b, 0);
  return {
    currency: 'EUR',
    lines: amounts.map((amountCents) => ({
      kind: 'time',
      description: { de: 'Zeit', en: 'Time' },
      quantity: 1,
      unit: 'unit',
      amountCents,
    })),
    totalCents,
    vatRateBp: 1900,
    ...splitGross(totalCents, 1900),
    tariffId: 't',
    tariffName: 'T',
    tariffSnapshot: {},
    eventId: null,
    discountIds: [],
  };
};

describe('frozen amounts', () => {
  it('keep total == sum of lines, and a free booking due 0 with its priced lines kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 6 }),
        fc.constantFrom('ledger', 'invoice', 'carrier', 'free', 'none' as const),
        (amounts, booking) => {
          const frozen = freezeAmounts(priced(amounts), booking, 'strategy');
          const sum = frozen.lines.reduce((s, l) => s + l.amountCents, 0);
          expect(frozen.totalCents).toBe(sum);
          expect(frozen.netCents + frozen.vatCents).toBe(frozen.totalCents);
          if (booking === 'free') {
            expect(frozen.totalCents).toBe(0);
            expect(frozen.lines.slice(0, amounts.length).map((l) => l.amountCents)).toEqual(amounts);
          } else expect(frozen.totalCents).toBe(amounts.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });

  it('records a free station without a price as 0 with no lines', () => {
    expect(freezeAmounts(undefined, 'free', 'station')).toEqual({
      lines: [],
      totalCents: 0,
      netCents: 0,
      vatCents: 0,
      vatRateBp: 0,
    });
  });
});

describe('money', () => {
  it.each([
    [119, 1900, 19],
    [100, 1900, 16],
    [300, 1900, 48],
    [1, 1900, 0],
    [-300, 1900, -48],
    [107, 700, 7],
    [0, 1900, 0],
  ])('the VAT in %i cents gross at %i bp is %i', (gross, rate, vat) => {
    expect(vatOfGross(gross, rate)).toBe(vat);
  });

  it('splits any gross amount into net + VAT exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 2500 }),
        (g, r) => {
          const { netCents, vatCents } = splitGross(g, r);
          expect(netCents + vatCents).toBe(g);
          expect(Math.abs(vatCents)).toBeLessThanOrEqual(Math.abs(g));
        },
      ),
    );
  });

  it('writes amounts the German and the English way', () => {
    expect(formatMoney(123456, 'EUR', 'de')).toBe('1.234,56 €');
    expect(formatMoney(-5, 'EUR', 'de')).toBe('-0,05 €');
    expect(formatMoney(123456, 'EUR', 'en')).toBe('€1,234.56');
    expect(decimalCents(187)).toBe('1,87');
    expect(decimalCents(-1000)).toBe('-10,00');
    expect(decimalKwh(1234)).toBe('1,234');
    expect(decimalKwh(5)).toBe('0,005');
    expect(formatPercent(1900, 'de')).toBe('19 %');
    expect(formatPercent(1050, 'de')).toBe('10,5 %');
    expect(formatPercent(700, 'en')).toBe('7%');
  });
});

describe('Berlin calendar', () => {
  it('bounds a month at Berlin midnights, across daylight-saving changes', () => {
    expect(monthBounds('2025-03')).toEqual({
      start: new Date('2025-02-28T23:00:00Z'),
      end: new Date('2025-03-31T22:00:00Z'),
    });
    expect(monthBounds('2025-10').end).toEqual(new Date('2025-10-31T23:00:00Z'));
    expect(monthBounds('2025-12').end).toEqual(new Date('2025-12-31T23:00:00Z'));
    expect(() => monthBounds('2025-13')).toThrow(RangeError);
  });

  it('prints the Berlin date', () => {
    expect(formatDate(new Date('2025-03-31T22:30:00Z'))).toBe('01.04.2025');
    expect(formatDate(new Date('2025-03-31T21:30:00Z'), 'en')).toBe('31/03/2025');
  });
});

describe('documents', () => {
  it('numbers documents by series, year and a six-digit counter', () => {
    expect(formatDocumentNumber('RE', 2026, 1)).toBe('RE-2026-000001');
    expect(formatDocumentNumber('QU', 2027, 123456)).toBe('QU-2027-123456');
  });

  it('names what a billing profile lacks for §14 UStG', () => {
    const full = {
      legalName: 'X GmbH',
      street: 'A 1',
      postalCode: '1',
      city: 'B',
      country: 'DE',
      vatId: null,
      taxNumber: '1/2/3',
    };
    expect(missingProfileFields(full)).toEqual([]);
    expect(missingProfileFields({ ...full, taxNumber: null, street: ' ' })).toEqual([
      'street',
      'vatId or taxNumber',
    ]);
  });

  it('checks IBANs', () => {
    expect(validIban('DE89370400440532013000')).toBe(true);
    expect(validIban('DE89370400440532013001')).toBe(false);
    expect(validIban('GB29NWBK60161331926819')).toBe(true);
    expect(validIban('DE8937')).toBe(false);
  });
});

describe('the CSV export', () => {
  it('writes one semicolon line per record with decimal commas and Berlin times, after a BOM', () => {
    const record = {
      id: 'r1',
      kind: 'session',
      correctsId: null,
      sessionId: 's1',
      stationId: 'st1',
      chargePointName: 'P20-07',
      idTag: '04A1B2C3',
      userId: null,
      companyId: null,
      accountId: 'a1',
      strategyKind: 'postpaid',
      booking: 'invoice',
      startedAt: new Date('2026-01-10T08:00:00Z'),
      stoppedAt: new Date('2026-01-10T09:02:00Z'),
      durationSeconds: 3720,
      energyWh: 12345,
      tariffId: 't1',
      netCents: 1261,
      vatRateBp: 1900,
      vatCents: 240,
      totalCents: 1501,
      currency: 'EUR',
      reason: 'Text; mit "Anführung"',
      createdAt: new Date('2026-01-10T09:02:01Z'),
    } as unknown as ChargeRecordRow;
    const csv = chargeRecordsCsv([record]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3); // header, one record, the final line end
    expect(lines[1]).toContain(
      ';10.01.2026 09:00:00;10.01.2026 10:02:00;3720;12,345;t1;12,61;19;2,40;15,01;EUR;',
    );
    expect(lines[1]).toContain('"Text; mit ""Anführung"""');
  });
});
