import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../shared/errors.js';
import { priceText } from './price-text.js';
import { previewTariff, smsPriceText } from './tariff-preview.js';

const HALF_HOUR_50 = { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] };
const base = {
  currency: 'EUR',
  vatRateBp: 1900,
  energyWh: 0,
  startAt: new Date('2026-03-10T08:00:00Z'),
};

describe('previewTariff', () => {
  it('prices 3 h 20 min at 0,50 € per started 30 minutes as 3,50 € with VAT inside', () => {
    const preview = previewTariff({ ...base, definition: HALF_HOUR_50, durationMinutes: 200 });
    expect(preview.totalCents).toBe(350);
    expect(preview.vatCents + preview.netCents).toBe(350);
    expect(preview.vatCents).toBe(56);
    expect(preview.lines).toMatchObject([{ kind: 'time', quantity: 7, amountCents: 350 }]);
    expect(preview.stoppedAt.toISOString()).toBe('2026-03-10T11:20:00.000Z');
  });

  it('carries the SMS price text in German and English, the same the SMS confirmation uses', () => {
    const preview = previewTariff({ ...base, definition: HALF_HOUR_50, durationMinutes: 60 });
    expect(preview.priceText.de.sms).toBe('0,50 € je angefangene 30 Minuten. Preise inkl. 19 % MwSt.');
    expect(preview.priceText.en.sms).toBe('€0.50 per started 30 minutes. Prices incl. 19% VAT.');
    const tariff = { currency: 'EUR', vatRateBp: 1900, definition: HALF_HOUR_50 };
    expect(preview.priceText.de.sms).toBe(smsPriceText(priceText(tariff, 'de')));
  });

  it('prices energy, a start fee and the daily cap like billing', () => {
    const preview = previewTariff({
      ...base,
      definition: {
        startFeeCents: 100,
        dailyCapCents: 500,
        elements: [{ time: { priceCents: 100, stepMinutes: 60 }, energy: { centsPerKwh: 39 } }],
      },
      durationMinutes: 600,
      energyWh: 10_000,
    });
    expect(preview.lines.map((l) => l.kind)).toEqual(['start_fee', 'time', 'energy', 'daily_cap']);
    expect(preview.totalCents).toBe(500);
  });

  it('refuses a bad definition naming the field', () => {
    const run = () =>
      previewTariff({
        ...base,
        definition: { elements: [{ time: { priceCents: 50, stepMinutes: 0 } }] },
        durationMinutes: 60,
      });
    expect(run).toThrow(ValidationFailed);
    try {
      run();
    } catch (error) {
      expect((error as ValidationFailed).details).toMatchObject({
        field: 'definition.elements.0.time.stepMinutes',
      });
    }
  });
});
