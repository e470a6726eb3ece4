/**
 * The engine charges runs of whole units between boundaries at once; engine.reference.ts is the
 * earlier unit-by-unit walk. For random tariffs, sessions, energy readings and discounts both must
 * give exactly the same PricedSession: same lines in the same order, same quantities, same from/to,
 * same texts, same totals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceSession, type EngineTariff, type PricingInput } from './engine.js';
import { priceSession as referencePriceSession } from './engine.reference.js';
import type { DiscountRule } from './price-rules.js';
import { discountArb, WHO } from './price-rules.arbitraries.js';
import type { TariffDefinition, TariffElement, TariffRestrictions } from './tariff-definition.js';

const MINUTE = 60_000;

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.oneof(fc.constantFrom(0, 30), fc.integer({ min: 0, max: 59 })))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** Around the 2026 daylight-saving changes (29 March, 25 October), the turn of the year and plain days. */
const DAYS = [
  '2025-12-30',
  '2026-01-01',
  '2026-03-27',
  '2026-03-28',
  '2026-03-29',
  '2026-03-30',
  '2026-06-15',
  '2026-10-24',
  '2026-10-25',
  '2026-10-26',
  '2026-11-21',
  '2026-12-31',
];
const dayArb = fc.constantFrom(...DAYS);

const restrictionsArb: fc.Arbitrary<TariffRestrictions> = fc
  .record(
    {
      startTime: hhmm,
      endTime: hhmm,
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      startDate: dayArb,
      endDate: dayArb,
      minDurationMinutes: fc.integer({ min: 0, max: 3000 }),
      maxDurationMinutes: fc.integer({ min: 1, max: 3000 }),
    },
    { requiredKeys: [] },
  )
  .map((r) => {
    const out = { ...r } as TariffRestrictions & Record<string, unknown>;
    if (out.startTime !== undefined && out.startTime === out.endTime) delete out.endTime;
    if (out.startDate !== undefined && out.endDate !== undefined && out.endDate < out.startDate) {
      const [a, b] = [out.endDate, out.startDate];
      out.startDate = a;
      out.endDate = b;
    }
    return out;
  });

const stepArb = fc.oneof(fc.constantFrom(1, 1, 5, 15, 30, 60, 240, 1440), fc.integer({ min: 1, max: 1440 }));

const elementArb: fc.Arbitrary<TariffElement> = fc
  .record(
    {
      restrictions: restrictionsArb,
      time: fc.record({ priceCents: fc.integer({ min: 0, max: 500 }), stepMinutes: stepArb }),
      energy: fc.record({ centsPerKwh: fc.integer({ min: 0, max: 99 }) }),
      occupancy: fc.record(
        {
          priceCents: fc.integer({ min: 0, max: 500 }),
          stepMinutes: stepArb,
          afterMinutes: fc.integer({ min: 0, max: 1500 }),
          afterChargingEnded: fc.boolean(),
          graceMinutes: fc.integer({ min: 0, max: 120 }),
        },
        { requiredKeys: ['priceCents', 'stepMinutes'] },
      ),
    },
    { requiredKeys: [] },
  )
  .filter((e) => e.time !== undefined || e.energy !== undefined || e.occupancy !== undefined);

const definitionArb: fc.Arbitrary<TariffDefinition> = fc.record(
  {
    startFeeCents: fc.integer({ min: 0, max: 300 }),
    minimumCents: fc.integer({ min: 0, max: 2000 }),
    maximumCents: fc.integer({ min: 0, max: 20_000 }),
    dailyCapCents: fc.integer({ min: 0, max: 5000 }),
    elements: fc.array(elementArb, { minLength: 1, maxLength: 5 }),
  },
  { requiredKeys: ['elements'] },
);

interface Session {
  start: number;
  durationMs: number;
  energyWh: number;
  chargingEndedAfterMs: number | null;
  samples: { offsetMs: number; wh: number }[] | undefined;
}

const startArb = fc.oneof(
  // Anywhere in 2026, on a minute or between seconds.
  fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
    .map((ms) => Math.floor(ms / MINUTE) * MINUTE + (ms % 7) * 1000 + (ms % 3)),
  // On or the day before a daylight-saving change, the turn of the year or a plain day.
  fc
    .tuple(dayArb, fc.integer({ min: -26 * 60, max: 26 * 60 }), fc.integer({ min: 0, max: 59_999 }))
    .map(([day, m, ms]) => Date.parse(`${day}T00:00:00Z`) + m * MINUTE + (ms % 3 === 0 ? 0 : ms)),
);

const sessionArb: fc.Arbitrary<Session> = fc.record({
  start: startArb,
  durationMs: fc.oneof(
    fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => m * MINUTE),
    fc.integer({ min: 0, max: 3 * 24 * 60 * MINUTE }),
  ),
  energyWh: fc.integer({ min: 0, max: 200_000 }),
  chargingEndedAfterMs: fc.option(fc.integer({ min: -60 * MINUTE, max: 3 * 24 * 60 * MINUTE })),
  samples: fc.option(
    fc.array(
      fc.record({
        offsetMs: fc.integer({ min: -60 * MINUTE, max: 3 * 24 * 60 * MINUTE }),
        wh: fc.integer({ min: 0, max: 200_000 }),
      }),
      { maxLength: 12 },
    ),
    { nil: undefined },
  ),
});

const tariff = (definition: TariffDefinition, id: string): EngineTariff => ({
  id,
  name: `Tariff ${id}`,
  currency: 'EUR',
  vatRateBp: 1900,
  definition,
});

function input(
  definition: TariffDefinition,
  s: Session,
  discounts: DiscountRule[],
  eventDefinition: TariffDefinition | null,
): PricingInput {
  const samples =
    s.samples === undefined
      ? undefined
      : s.samples.map(({ offsetMs, wh }) => ({ at: new Date(s.start + offsetMs), wh }));
  return {
    startedAt: new Date(s.start),
    stoppedAt: new Date(s.start + s.durationMs),
    chargingEndedAt: s.chargingEndedAfterMs === null ? null : new Date(s.start + s.chargingEndedAfterMs),
    energyWh: s.energyWh,
    energySamples: samples,
    tariff: tariff(definition, 'usual'),
    event: eventDefinition === null ? null : { id: 'event-1', tariff: tariff(eventDefinition, 'event') },
    discounts,
    subject: WHO,
  };
}

describe('pricing engine equals the unit-by-unit reference', () => {
  it('gives the same PricedSession for random tariffs, sessions, readings and discounts', () => {
    fc.assert(
      fc.property(
        definitionArb,
        sessionArb,
        fc.array(discountArb, { maxLength: 4 }),
        fc.option(definitionArb, { freq: 5 }),
        (definition, s, discounts, eventDefinition) => {
          const given = input(definition, s, discounts, eventDefinition);
          expect(priceSession(given)).toEqual(referencePriceSession(given));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same PricedSession for per-minute, time-of-day tariffs across both daylight-saving changes', () => {
    const dstStart = fc
      .tuple(
        fc.constantFrom('2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25'),
        fc.integer({ min: -6 * 60, max: 30 * 60 }),
      )
      .map(([day, m]) => Date.parse(`${day}T00:00:00Z`) + m * MINUTE);
    const windowElement = fc.record({
      restrictions: fc.record({ startTime: hhmm, endTime: hhmm }).map((r) => {
        if (r.startTime === r.endTime) return { startTime: r.startTime };
        return r;
      }),
      time: fc.record({
        priceCents: fc.integer({ min: 0, max: 9 }),
        stepMinutes: fc.constantFrom(1, 2, 7, 15),
      }),
      occupancy: fc.record({
        priceCents: fc.integer({ min: 0, max: 9 }),
        stepMinutes: fc.constantFrom(1, 5, 60),
      }),
    });
    fc.assert(
      fc.property(
        fc.array(windowElement, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        dstStart,
        fc.integer({ min: 0, max: 2 * 24 * 60 }),
        fc.option(fc.integer({ min: 0, max: 5000 })),
        (elements, fallback, start, durationMinutes, cap) => {
          const definition: TariffDefinition = {
            ...(cap === null ? {} : { dailyCapCents: cap }),
            elements: fallback ? [...elements, { time: { priceCents: 3, stepMinutes: 1 } }] : elements,
          };
          const s: Session = {
            start,
            durationMs: durationMinutes * MINUTE,
            energyWh: 0,
            chargingEndedAfterMs: null,
            samples: undefined,
          };
          const given = input(definition, s, [], null);
          expect(priceSession(given)).toEqual(referencePriceSession(given));
        },
      ),
      { numRuns: 500 },
    );
  });
});
