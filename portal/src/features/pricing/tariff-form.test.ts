import { describe, expect, it } from 'vitest';
import { berlinInputToIso, isoToBerlinInput } from '../../format/berlin';
import {
  apiFieldErrors,
  centsToInput,
  emptyTariffForm,
  formToDefinition,
  parseKwhInput,
  parsePercentInput,
  tariffToForm,
} from './tariff-form';
import type { Tariff, TariffDefinition } from './types';

const tariff = (definition: TariffDefinition, vatRateBp = 1900): Tariff => ({
  id: 't1',
  institutionId: 'i1',
  name: 'Ladefach',
  currency: 'EUR',
  vatRateBp,
  definition,
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('definition ↔ form', () => {
  it.each<[string, TariffDefinition]>([
    ['the smallest tariff', { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] }],
    [
      'caps, steps, time of day and a blocking fee',
      {
        startFeeCents: 100,
        minimumCents: 100,
        maximumCents: 2000,
        dailyCapCents: 1000,
        elements: [
          {
            restrictions: { minDurationMinutes: 240 },
            time: { priceCents: 100, stepMinutes: 30 },
          },
          {
            restrictions: {
              startTime: '22:00',
              endTime: '06:00',
              weekdays: [1, 2, 3, 4, 5],
              startDate: '2026-01-01',
              endDate: '2026-12-31',
              maxDurationMinutes: 600,
            },
            time: { priceCents: 20, stepMinutes: 30 },
          },
          {
            time: { priceCents: 50, stepMinutes: 30 },
            energy: { centsPerKwh: 39 },
            occupancy: {
              priceCents: 10,
              stepMinutes: 1,
              afterMinutes: 240,
              afterChargingEnded: true,
              graceMinutes: 30,
            },
          },
        ],
      },
    ],
    ['energy only', { elements: [{ energy: { centsPerKwh: 1234567 } }] }],
  ])('gives back exactly the definition it was filled from: %s', (_name, definition) => {
    for (const locale of ['de', 'en'] as const) {
      const result = formToDefinition(tariffToForm(tariff(definition), locale));
      expect(result.errors).toEqual({});
      expect(result.definition).toEqual(definition);
      expect(result.vatRateBp).toBe(1900);
    }
  });

  it('shows money as people write it, "0,50" in German and "0.50" in English', () => {
    const form = tariffToForm(tariff({ elements: [{ time: { priceCents: 1205, stepMinutes: 60 } }] }), 'de');
    expect(form.elements[0]!.timePrice).toBe('12,05');
    expect(
      tariffToForm(tariff({ elements: [{ energy: { centsPerKwh: 7 } }] }), 'en').elements[0]!.energyPrice,
    ).toBe('0.07');
    expect(centsToInput(undefined, 'de')).toBe('');
  });

  it('converts typed amounts to exact cents (no float rounding: 0,29 stays 29)', () => {
    const form = emptyTariffForm();
    form.elements[0]!.timePrice = '0,29';
    form.startFee = '1.10';
    form.dailyCap = '10';
    expect(formToDefinition(form).definition).toEqual({
      startFeeCents: 110,
      dailyCapCents: 1000,
      elements: [{ time: { priceCents: 29, stepMinutes: 30 } }],
    });
  });

  it('reports what cannot be read at the field the API would name', () => {
    const form = emptyTariffForm();
    form.elements[0]!.timePrice = '0,505';
    form.elements[0]!.timeStep = 'dreißig';
    form.maximum = '-1';
    form.vatPercent = 'neunzehn';
    form.elements[0]!.energyEnabled = true;
    expect(formToDefinition(form).errors).toEqual({
      'definition.elements.0.time.priceCents': 'errors.money',
      'definition.elements.0.time.stepMinutes': 'errors.minutes',
      'definition.elements.0.energy.centsPerKwh': 'errors.required',
      'definition.maximumCents': 'errors.money',
      vatRateBp: 'errors.percent',
    });
  });

  it('leaves out weekdays when all seven are ticked (every day)', () => {
    const form = emptyTariffForm();
    form.elements[0]!.timePrice = '1';
    form.elements[0]!.weekdays = [1, 2, 3, 4, 5, 6, 7];
    expect(formToDefinition(form).definition.elements[0]!.restrictions).toBeUndefined();
  });
});

describe('small inputs', () => {
  it('reads percentages and energy exactly', () => {
    expect(parsePercentInput('19')).toBe(1900);
    expect(parsePercentInput('7,5 %')).toBe(750);
    expect(parsePercentInput('101')).toBeNull();
    expect(parseKwhInput('2,5')).toBe(2500);
    expect(parseKwhInput('0.001')).toBe(1);
    expect(parseKwhInput('1,0001')).toBeNull();
  });

  it('takes the API field errors of a 422', () => {
    expect(
      apiFieldErrors(
        {
          field: 'definition.minimumCents',
          errors: [
            { field: 'definition.minimumCents', message: 'must not be above maximumCents' },
            { field: 'definition.elements.0', message: 'needs at least one price component' },
          ],
        },
        'invalid',
      ),
    ).toEqual({
      'definition.minimumCents': 'must not be above maximumCents',
      'definition.elements.0': 'needs at least one price component',
    });
    expect(apiFieldErrors({ field: 'validTo' }, 'validTo must be after validFrom')).toEqual({
      validTo: 'validTo must be after validFrom',
    });
  });

  it('reads and fills datetime inputs as Berlin wall clock in winter and summer', () => {
    expect(berlinInputToIso('2026-12-24T00:00')).toBe('2026-12-23T23:00:00.000Z');
    expect(berlinInputToIso('2026-07-01T12:30')).toBe('2026-07-01T10:30:00.000Z');
    expect(isoToBerlinInput('2026-07-01T10:30:00Z')).toBe('2026-07-01T12:30');
    expect(berlinInputToIso('')).toBeNull();
  });
});
