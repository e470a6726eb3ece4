import { describe, expect, it } from 'vitest';
import { gsmLength, priceText, type PriceTextTariff } from './price-text.js';
import type { TariffDefinition } from './tariff-definition.js';
import { formatMoney, mulDivRoundHalfUp, vatOfGross } from '../shared/money.js';

const tariff = (definition: TariffDefinition, vatRateBp = 1900): PriceTextTariff => ({
  currency: 'EUR',
  vatRateBp,
  definition,
});

describe('price text', () => {
  it('describes the 4 h step and the daily cap in German and English', () => {
    const t = tariff({
      dailyCapCents: 1000,
      elements: [
        { restrictions: { minDurationMinutes: 240 }, time: { priceCents: 100, stepMinutes: 30 } },
        { time: { priceCents: 50, stepMinutes: 30 } },
      ],
    });
    expect(priceText(t, 'de').text).toBe(
      '0,50 € je angefangene 30 Minuten, ab 4 Stunden 1,00 € je angefangene 30 Minuten, höchstens 10,00 € pro Tag. Preise inkl. 19 % MwSt.',
    );
    expect(priceText(t, 'en').text).toBe(
      '€0.50 per started 30 minutes, after 4 hours €1.00 per started 30 minutes, at most €10.00 per day. Prices incl. 19% VAT.',
    );
  });

  it.each([
    [
      { startFeeCents: 100, elements: [{ time: { priceCents: 5, stepMinutes: 1 } }] },
      'Startgebühr 1,00 €, 0,05 € je angefangene Minute. Preise inkl. 19 % MwSt.',
      'Start fee €1.00, €0.05 per started minute. Prices incl. 19% VAT.',
    ],
    [
      {
        minimumCents: 100,
        maximumCents: 2000,
        elements: [
          {
            restrictions: { weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' },
            energy: { centsPerKwh: 49 },
          },
          { energy: { centsPerKwh: 39 } },
        ],
      },
      '0,39 € je kWh, Mo-Fr 08:00-18:00 Uhr 0,49 € je kWh, mindestens 1,00 € je Ladevorgang, höchstens 20,00 € je Ladevorgang. Preise inkl. 19 % MwSt.',
      '€0.39 per kWh, Mon-Fri 08:00-18:00 €0.49 per kWh, at least €1.00 per session, at most €20.00 per session. Prices incl. 19% VAT.',
    ],
    [
      {
        elements: [
          {
            energy: { centsPerKwh: 39 },
            occupancy: { priceCents: 10, stepMinutes: 1, afterChargingEnded: true, graceMinutes: 30 },
          },
        ],
      },
      '0,39 € je kWh + Blockiergebühr 0,10 € je angefangene Minute nach Ladeende (+30 Minuten frei). Preise inkl. 19 % MwSt.',
      '€0.39 per kWh + occupancy fee €0.10 per started minute after charging ends (+30 minutes free). Prices incl. 19% VAT.',
    ],
    [
      {
        elements: [
          {
            restrictions: { startDate: '2026-12-24', endDate: '2026-12-26' },
            time: { priceCents: 0, stepMinutes: 60 },
          },
          { time: { priceCents: 100, stepMinutes: 60 } },
        ],
      },
      '1,00 € je angefangene Stunde, vom 24.12.2026 bis 26.12.2026 Parken/Laden kostenlos. Preise inkl. 19 % MwSt.',
      '€1.00 per started hour, from 2026-12-24 to 2026-12-26 time free of charge. Prices incl. 19% VAT.',
    ],
  ])('%j', (definition, de, en) => {
    expect(priceText(tariff(definition as TariffDefinition), 'de').text).toBe(de);
    expect(priceText(tariff(definition as TariffDefinition), 'en').text).toBe(en);
  });

  it('gives a short form of at most 160 GSM characters when the text is longer', () => {
    const long = tariff({
      startFeeCents: 50,
      dailyCapCents: 1500,
      elements: [
        { restrictions: { minDurationMinutes: 240 }, time: { priceCents: 100, stepMinutes: 30 } },
        { restrictions: { weekdays: [6, 7] }, time: { priceCents: 30, stepMinutes: 30 } },
        { time: { priceCents: 50, stepMinutes: 30 } },
      ],
    });
    for (const lang of ['de', 'en'] as const) {
      const { text, short } = priceText(long, lang);
      expect(gsmLength(text)!).toBeGreaterThan(160);
      expect(short).not.toBeNull();
      expect(gsmLength(short!)!).toBeLessThanOrEqual(160);
    }
    expect(priceText(long, 'de').short).toBe(
      'Startgebühr 0,50€, 0,50€/30 Min., ab 4 Std. 1,00€/30 Min., Sa, So 0,30€/30 Min., max. 15,00€/Tag, inkl. MwSt.',
    );
  });

  it('counts GSM characters (€ takes two; a non-GSM character makes it unsendable in 7 bit)', () => {
    expect(gsmLength('Grüße')).toBe(5);
    expect(gsmLength('1,00 €')).toBe(7);
    expect(gsmLength('Mo–Fr')).toBeNull();
  });
});

describe('money', () => {
  it.each([
    [0, 'de', '0,00 €'],
    [50, 'de', '0,50 €'],
    [123456, 'de', '1.234,56 €'],
    [123456, 'en', '€1,234.56'],
    [-250, 'en', '-€2.50'],
  ] as const)('formats %i cents (%s) as %s', (cents, lang, text) => {
    expect(formatMoney(cents, 'EUR', lang)).toBe(text);
  });

  it('rounds half up and derives VAT from the gross amount', () => {
    expect(mulDivRoundHalfUp(1500, 33, 1000)).toBe(50);
    expect(mulDivRoundHalfUp(1499, 33, 1000)).toBe(49);
    expect(vatOfGross(350, 1900)).toBe(56); // 350 × 19 / 119 = 55.88
    expect(vatOfGross(119, 1900)).toBe(19);
    expect(vatOfGross(107, 700)).toBe(7);
    expect(mulDivRoundHalfUp(9_000_000_000_000, 9_999, 1000)).toBe(89_991_000_000_000);
  });
});

describe('price text order', () => {
  it('reads first hours, then the price after them', () => {
    const t = tariff({
      dailyCapCents: 1000,
      elements: [
        { restrictions: { maxDurationMinutes: 240 }, time: { priceCents: 50, stepMinutes: 30 } },
        { time: { priceCents: 100, stepMinutes: 30 } },
      ],
    });
    expect(priceText(t, 'de').text).toBe(
      'In den ersten 4 Stunden 0,50 € je angefangene 30 Minuten, danach 1,00 € je angefangene 30 Minuten, höchstens 10,00 € pro Tag. Preise inkl. 19 % MwSt.',
    );
    expect(priceText(t, 'en').text).toBe(
      'For the first 4 hours €0.50 per started 30 minutes, then €1.00 per started 30 minutes, at most €10.00 per day. Prices incl. 19% VAT.',
    );
  });

  it('leaves out an element that can never apply', () => {
    const t = tariff({
      elements: [
        { time: { priceCents: 50, stepMinutes: 30 } },
        { restrictions: { weekdays: [6] }, time: { priceCents: 10, stepMinutes: 30 } },
      ],
    });
    expect(priceText(t, 'de').text).toBe('0,50 € je angefangene 30 Minuten. Preise inkl. 19 % MwSt.');
  });
});
