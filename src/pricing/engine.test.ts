import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { berlinParts } from '../shared/berlin-time.js';
import { priceSession, type EngineTariff, type PricingInput } from './engine.js';
import type { DiscountRule, PriceRuleSubject } from './price-rules.js';
import { discountArb, WHO } from './price-rules.arbitraries.js';
import { definitionRuleErrors, type TariffDefinition } from './tariff-definition.js';

const tariff = (definition: TariffDefinition, id = 'tariff-1'): EngineTariff => ({
  id,
  name: 'Test',
  currency: 'EUR',
  vatRateBp: 1900,
  definition,
});

/** A Europe/Berlin wall time in November 2026 (CET, UTC+1) unless an offset is given. */
const berlin = (local: string, offset = '+01:00') => new Date(`${local}${offset}`);
const minutes = (m: number) => m * 60_000;

interface Case {
  name: string;
  definition: TariffDefinition;
  start: Date;
  durationMinutes: number;
  energyWh?: number;
  chargingEndedAfterMinutes?: number;
  samples?: { at: Date; wh: number }[];
  total: number;
}

const HALF_HOUR_50: TariffDefinition = { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] };
const FOUR_HOUR_STEP: TariffDefinition = {
  elements: [
    { restrictions: { minDurationMinutes: 240 }, time: { priceCents: 100, stepMinutes: 30 } },
    { time: { priceCents: 50, stepMinutes: 30 } },
  ],
};
const SAT = berlin('2026-11-21T10:00:00');

const cases: Case[] = [
  {
    name: '3 h 20 min at 0.50 per started 30 min',
    definition: HALF_HOUR_50,
    start: SAT,
    durationMinutes: 200,
    total: 350,
  },
  {
    name: 'exactly 3 h is 6 units, not 7',
    definition: HALF_HOUR_50,
    start: SAT,
    durationMinutes: 180,
    total: 300,
  },
  {
    name: 'one second starts a unit',
    definition: HALF_HOUR_50,
    start: SAT,
    durationMinutes: 1 / 60,
    total: 50,
  },
  { name: 'zero duration costs nothing', definition: HALF_HOUR_50, start: SAT, durationMinutes: 0, total: 0 },
  {
    name: 'per minute (step 1), 3 h 20 min 5 s',
    definition: { elements: [{ time: { priceCents: 5, stepMinutes: 1 } }] },
    start: SAT,
    durationMinutes: 200 + 5 / 60,
    total: 1005,
  },
  { name: 'before the 4 h step', definition: FOUR_HOUR_STEP, start: SAT, durationMinutes: 240, total: 400 },
  {
    name: 'after the 4 h step the price doubles',
    definition: FOUR_HOUR_STEP,
    start: SAT,
    durationMinutes: 300,
    total: 600,
  },
  {
    name: 'time of day: cheaper from 22:00 (window past midnight)',
    definition: {
      elements: [
        { restrictions: { startTime: '22:00', endTime: '06:00' }, time: { priceCents: 20, stepMinutes: 30 } },
        { time: { priceCents: 50, stepMinutes: 30 } },
      ],
    },
    start: berlin('2026-11-21T21:00:00'),
    durationMinutes: 120,
    total: 140,
  },
  {
    name: 'time of day: a night element without a time price skips to 06:00',
    definition: {
      elements: [
        {
          restrictions: { startTime: '06:00', endTime: '22:00' },
          time: { priceCents: 100, stepMinutes: 60 },
        },
      ],
    },
    start: berlin('2026-11-21T21:30:00'),
    durationMinutes: 10 * 60,
    total: 300, // 21:30 (one unit, to 22:30), nothing 22:00-06:00, then units at 06:00 and 07:00
  },
  {
    name: 'weekday: Saturday price',
    definition: {
      elements: [
        { restrictions: { weekdays: [6, 7] }, time: { priceCents: 20, stepMinutes: 60 } },
        { time: { priceCents: 100, stepMinutes: 60 } },
      ],
    },
    start: SAT,
    durationMinutes: 120,
    total: 40,
  },
  {
    name: 'weekday: Friday pays the usual price',
    definition: {
      elements: [
        { restrictions: { weekdays: [6, 7] }, time: { priceCents: 20, stepMinutes: 60 } },
        { time: { priceCents: 100, stepMinutes: 60 } },
      ],
    },
    start: berlin('2026-11-20T10:00:00'),
    durationMinutes: 120,
    total: 200,
  },
  {
    name: 'date range: free over Christmas, paid from the 27th (Berlin midnight)',
    definition: {
      elements: [
        {
          restrictions: { startDate: '2026-12-24', endDate: '2026-12-26' },
          time: { priceCents: 0, stepMinutes: 60 },
        },
        { time: { priceCents: 100, stepMinutes: 60 } },
      ],
    },
    start: berlin('2026-12-26T23:00:00'),
    durationMinutes: 120,
    total: 100,
  },
  {
    name: 'occupancy after N minutes',
    definition: {
      elements: [
        {
          time: { priceCents: 50, stepMinutes: 30 },
          occupancy: { priceCents: 10, stepMinutes: 10, afterMinutes: 120 },
        },
      ],
    },
    start: SAT,
    durationMinutes: 180,
    total: 300 + 60,
  },
  {
    name: 'occupancy after charging ended, with 30 min grace',
    definition: {
      elements: [
        {
          energy: { centsPerKwh: 30 },
          occupancy: { priceCents: 100, stepMinutes: 60, afterChargingEnded: true, graceMinutes: 30 },
        },
      ],
    },
    start: SAT,
    durationMinutes: 240,
    energyWh: 10_000,
    chargingEndedAfterMinutes: 60,
    total: 300 + 300, // 10 kWh; occupancy units at 1:30, 2:30, 3:30
  },
  {
    name: 'no occupancy fee when the end of charging is unknown',
    definition: {
      elements: [
        {
          energy: { centsPerKwh: 30 },
          occupancy: { priceCents: 100, stepMinutes: 60, afterChargingEnded: true },
        },
      ],
    },
    start: SAT,
    durationMinutes: 240,
    energyWh: 10_000,
    total: 300,
  },
  {
    name: 'minimum per session',
    definition: { ...HALF_HOUR_50, minimumCents: 200 },
    start: SAT,
    durationMinutes: 10,
    total: 200,
  },
  {
    name: 'maximum per session',
    definition: { ...HALF_HOUR_50, maximumCents: 500 },
    start: SAT,
    durationMinutes: 600,
    total: 500,
  },
  {
    name: 'daily cap across midnight (Berlin time)',
    definition: { elements: [{ time: { priceCents: 100, stepMinutes: 60 } }], dailyCapCents: 500 },
    start: berlin('2026-11-21T20:00:00'),
    durationMinutes: 12 * 60,
    total: 400 + 500, // 4 units on the 21st, 8 on the 22nd capped at 5.00
  },
  {
    name: 'daily cap on the autumn DST day (25 hours)',
    definition: { elements: [{ time: { priceCents: 100, stepMinutes: 60 } }], dailyCapCents: 2400 },
    start: new Date('2026-10-24T22:00:00Z'), // 00:00 CEST on 25 October
    durationMinutes: 26 * 60,
    total: 2400 + 100, // 25 units on the 25th (capped), 1 on the 26th
  },
  {
    name: 'daily cap on the spring DST day (23 hours)',
    definition: { elements: [{ time: { priceCents: 100, stepMinutes: 60 } }], dailyCapCents: 2300 },
    start: new Date('2026-03-28T23:00:00Z'), // 00:00 CET on 29 March
    durationMinutes: 25 * 60,
    total: 2300 + 200, // 23 units on the 29th (exactly the cap), 2 on the 30th
  },
  {
    name: 'energy per kWh rounds half up (1.5 kWh × 0.33 = 0.495)',
    definition: { elements: [{ energy: { centsPerKwh: 33 } }] },
    start: SAT,
    durationMinutes: 60,
    energyWh: 1500,
    total: 50,
  },
  {
    name: 'energy per kWh rounds down below a half (1.234 kWh × 0.39)',
    definition: { elements: [{ energy: { centsPerKwh: 39 } }] },
    start: SAT,
    durationMinutes: 60,
    energyWh: 1234,
    total: 48,
  },
  {
    name: 'energy placed by readings into time-of-day elements',
    definition: {
      elements: [
        { restrictions: { startTime: '08:00', endTime: '20:00' }, energy: { centsPerKwh: 40 } },
        { energy: { centsPerKwh: 20 } },
      ],
    },
    start: berlin('2026-11-21T19:00:00'),
    durationMinutes: 120,
    energyWh: 8000,
    samples: [
      { at: berlin('2026-11-21T19:00:00'), wh: 100_000 },
      { at: berlin('2026-11-21T20:00:00'), wh: 105_000 },
      { at: berlin('2026-11-21T21:00:00'), wh: 108_000 },
    ],
    total: 200 + 60,
  },
  {
    name: 'without readings all energy is priced at the start',
    definition: {
      elements: [
        { restrictions: { startTime: '08:00', endTime: '20:00' }, energy: { centsPerKwh: 40 } },
        { energy: { centsPerKwh: 20 } },
      ],
    },
    start: berlin('2026-11-21T19:00:00'),
    durationMinutes: 120,
    energyWh: 8000,
    total: 320,
  },
  {
    name: 'start fee',
    definition: { ...HALF_HOUR_50, startFeeCents: 100 },
    start: SAT,
    durationMinutes: 45,
    total: 200,
  },
];

const inputOf = (c: Case): PricingInput => ({
  startedAt: c.start,
  stoppedAt: new Date(c.start.getTime() + Math.round(minutes(c.durationMinutes))),
  chargingEndedAt:
    c.chargingEndedAfterMinutes === undefined
      ? null
      : new Date(c.start.getTime() + minutes(c.chargingEndedAfterMinutes)),
  energyWh: c.energyWh ?? 0,
  energySamples: c.samples,
  tariff: tariff(c.definition),
});

describe('pricing engine', () => {
  it.each(cases)('$name: $total cents', (c) => {
    expect(definitionRuleErrors(c.definition)).toEqual([]);
    const priced = priceSession(inputOf(c));
    expect(priced.totalCents).toBe(c.total);
    expect(priced.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(priced.totalCents);
  });

  it('itemises 3 h 20 min as 7 started units, in German and English', () => {
    const priced = priceSession(inputOf(cases[0]!));
    expect(priced.lines).toEqual([
      {
        kind: 'time',
        description: {
          de: 'Zeit: 7 × 0,50 € je angefangene 30 Minuten',
          en: 'Time: 7 × €0.50 per started 30 minutes',
        },
        quantity: 7,
        unit: 'unit',
        unitPriceCents: 50,
        amountCents: 350,
        from: '2026-11-21T09:00:00.000Z',
        to: '2026-11-21T12:20:00.000Z',
        sourceId: 'elements.0',
      },
    ]);
    expect(priced).toMatchObject({ vatRateBp: 1900, vatCents: 56, netCents: 294, eventId: null });
  });

  it('writes each cap and adjustment as its own line', () => {
    const priced = priceSession(inputOf(cases.find((c) => c.name.startsWith('daily cap across'))!));
    expect(priced.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['time', 400],
      ['time', 800],
      ['daily_cap', -300],
    ]);
    expect(priced.lines[2]!.description.de).toBe('Tageshöchstbetrag 5,00 € (22.11.2026)');
    expect(priced.lines[2]!.from).toBe('2026-11-21T23:00:00.000Z');
  });

  it("prices with the event's tariff and names the event", () => {
    const event = {
      id: 'event-1',
      tariff: tariff({ elements: [{ time: { priceCents: 0, stepMinutes: 60 } }] }, 'free'),
    };
    const priced = priceSession({ ...inputOf(cases[0]!), event });
    expect(priced).toMatchObject({ totalCents: 0, tariffId: 'free', eventId: 'event-1' });
  });

  it('applies discounts after caps and lists them as negative lines', () => {
    const who: PriceRuleSubject = { userId: 'u1', userGroupId: null, stationId: 's1', stationGroupId: null };
    const discounts: DiscountRule[] = [
      {
        id: 'd1',
        name: 'Mitarbeiter',
        targetKind: 'user',
        targetId: 'u1',
        percentBp: 1000,
        amountCents: null,
        stackable: false,
        validFrom: null,
        validTo: null,
      },
    ];
    const priced = priceSession({ ...inputOf(cases[0]!), discounts, subject: who });
    expect(priced.totalCents).toBe(315);
    expect(priced.lines.at(-1)).toMatchObject({ kind: 'discount', amountCents: -35, sourceId: 'd1' });
    expect(priced.discountIds).toEqual(['d1']);
  });
});

// ---- properties ---------------------------------------------------------------------------------

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const restrictionsArb = fc.record(
  {
    startTime: hhmm,
    endTime: hhmm,
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    minDurationMinutes: fc.integer({ min: 0, max: 600 }),
    startDate: fc.constantFrom('2026-01-01', '2026-06-15', '2026-10-25'),
  },
  { requiredKeys: [] },
);

const elementArb = fc
  .record(
    {
      restrictions: restrictionsArb,
      time: fc.record({
        priceCents: fc.integer({ min: 0, max: 500 }),
        stepMinutes: fc.constantFrom(1, 5, 15, 30, 60),
      }),
      energy: fc.record({ centsPerKwh: fc.integer({ min: 0, max: 99 }) }),
      occupancy: fc.record(
        {
          priceCents: fc.integer({ min: 0, max: 500 }),
          stepMinutes: fc.constantFrom(10, 30, 60),
          afterMinutes: fc.integer({ min: 0, max: 480 }),
          afterChargingEnded: fc.boolean(),
          graceMinutes: fc.integer({ min: 0, max: 60 }),
        },
        { requiredKeys: ['priceCents', 'stepMinutes'] },
      ),
    },
    { requiredKeys: [] },
  )
  .filter((e) => e.time !== undefined || e.energy !== undefined || e.occupancy !== undefined)
  .map((e) => {
    const r = e.restrictions;
    if (r?.startTime !== undefined && r.startTime === r.endTime) delete r.endTime;
    return e as TariffDefinition['elements'][number];
  });

const definitionArb: fc.Arbitrary<TariffDefinition> = fc
  .record(
    {
      startFeeCents: fc.integer({ min: 0, max: 300 }),
      minimumCents: fc.integer({ min: 0, max: 500 }),
      maximumCents: fc.integer({ min: 0, max: 5000 }),
      dailyCapCents: fc.integer({ min: 0, max: 3000 }),
      elements: fc.array(elementArb, { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['elements'] },
  )
  .filter((d) => definitionRuleErrors(d).length === 0);

interface Session {
  start: number;
  durationMinutes: number;
  energyWh: number;
  chargingEndedAfter: number | null;
}

const sessionArb: fc.Arbitrary<Session> = fc.record({
  // 2026, including both DST changes.
  start: fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
    .map((ms) => Math.floor(ms / 60_000) * 60_000 + (ms % 7) * 1000),
  durationMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  energyWh: fc.integer({ min: 0, max: 200_000 }),
  chargingEndedAfter: fc.option(fc.integer({ min: 0, max: 3 * 24 * 60 })),
});

function input(definition: TariffDefinition, s: Session, extraMinutes = 0, extraWh = 0): PricingInput {
  return {
    startedAt: new Date(s.start),
    stoppedAt: new Date(s.start + minutes(s.durationMinutes + extraMinutes)),
    chargingEndedAt: s.chargingEndedAfter === null ? null : new Date(s.start + minutes(s.chargingEndedAfter)),
    energyWh: s.energyWh + extraWh,
    tariff: tariff(definition),
  };
}

const RUNS = { numRuns: 300 };

describe('pricing engine properties', () => {
  it('total = sum of lines, never negative, net + VAT = total, all integers', () => {
    fc.assert(
      fc.property(
        definitionArb,
        sessionArb,
        fc.array(discountArb, { maxLength: 4 }),
        (definition, s, discounts) => {
          const priced = priceSession({ ...input(definition, s), discounts, subject: WHO });
          expect(priced.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(priced.totalCents);
          expect(priced.totalCents).toBeGreaterThanOrEqual(0);
          expect(priced.netCents + priced.vatCents).toBe(priced.totalCents);
          expect(priced.vatCents).toBeGreaterThanOrEqual(0);
          for (const line of priced.lines) expect(Number.isInteger(line.amountCents)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('caps hold: at most the maximum per session and the daily cap per Berlin day', () => {
    fc.assert(
      fc.property(definitionArb, sessionArb, (definition, s) => {
        const priced = priceSession(input(definition, s));
        if (definition.maximumCents !== undefined)
          expect(priced.totalCents).toBeLessThanOrEqual(definition.maximumCents);
        if (definition.dailyCapCents !== undefined) {
          const perDay = new Map<string, number>();
          for (const line of priced.lines) {
            if (line.kind === 'minimum' || line.kind === 'maximum' || line.kind === 'discount') continue;
            const day = berlinParts(Date.parse(line.from!)).date;
            perDay.set(day, (perDay.get(day) ?? 0) + line.amountCents);
          }
          for (const total of perDay.values()) expect(total).toBeLessThanOrEqual(definition.dailyCapCents);
        }
        if (definition.minimumCents !== undefined && definition.maximumCents === undefined)
          expect(priced.totalCents).toBeGreaterThanOrEqual(definition.minimumCents);
      }),
      RUNS,
    );
  });

  it('more time (with the same energy or more) never costs less, with or without discounts', () => {
    fc.assert(
      fc.property(
        definitionArb,
        sessionArb,
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(discountArb, { maxLength: 3 }),
        (definition, s, extraMinutes, extraWh, discounts) => {
          const shorter = priceSession({ ...input(definition, s), discounts, subject: WHO });
          const longer = priceSession({
            ...input(definition, s, extraMinutes, extraWh),
            discounts,
            subject: WHO,
          });
          expect(longer.totalCents).toBeGreaterThanOrEqual(shorter.totalCents);
        },
      ),
      RUNS,
    );
  });

  it('a discount never raises the price', () => {
    fc.assert(
      fc.property(
        definitionArb,
        sessionArb,
        fc.array(discountArb, { minLength: 1, maxLength: 4 }),
        (definition, s, discounts) => {
          const without = priceSession(input(definition, s));
          const withDiscounts = priceSession({ ...input(definition, s), discounts, subject: WHO });
          expect(withDiscounts.totalCents).toBeLessThanOrEqual(without.totalCents);
        },
      ),
      RUNS,
    );
  });
});
