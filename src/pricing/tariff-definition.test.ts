import { describe, expect, it } from 'vitest';
import { tariffDefinitionErrors, validateTariffDefinition } from './tariff-definition.js';
import { ValidationFailed } from '../shared/errors.js';

describe('tariff definition validation', () => {
  it('accepts the minimal form and a full one', () => {
    expect(tariffDefinitionErrors({ elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] })).toEqual([]);
    expect(
      tariffDefinitionErrors({
        startFeeCents: 100,
        minimumCents: 100,
        maximumCents: 2000,
        dailyCapCents: 1000,
        elements: [
          {
            restrictions: {
              startTime: '22:00',
              endTime: '06:00',
              weekdays: [1, 2, 3, 4, 5],
              startDate: '2026-01-01',
              endDate: '2026-12-31',
              minDurationMinutes: 240,
              maxDurationMinutes: 600,
            },
            time: { priceCents: 100, stepMinutes: 30 },
            energy: { centsPerKwh: 39 },
            occupancy: {
              priceCents: 10,
              stepMinutes: 10,
              afterMinutes: 240,
              afterChargingEnded: true,
              graceMinutes: 15,
            },
          },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    [{ elements: [] }, 'definition.elements'],
    [{ elements: [{ time: { priceCents: 50, stepMinutes: 0 } }] }, 'definition.elements.0.time.stepMinutes'],
    [{ elements: [{ time: { priceCents: 0.5, stepMinutes: 30 } }] }, 'definition.elements.0.time.priceCents'],
    [{ elements: [{ time: { priceCents: -1, stepMinutes: 30 } }] }, 'definition.elements.0.time.priceCents'],
    [
      { elements: [{ time: { priceCents: '50', stepMinutes: 30 } }] },
      'definition.elements.0.time.priceCents',
    ],
    [{ elements: [{ tme: { priceCents: 50, stepMinutes: 30 } }] }, 'definition.elements.0.tme'],
    [{ elements: [{}] }, 'definition.elements.0'],
    [
      { elements: [{ restrictions: { startTime: '25:00' }, energy: { centsPerKwh: 1 } }] },
      'definition.elements.0.restrictions.startTime',
    ],
    [
      { elements: [{ restrictions: { weekdays: [0] }, energy: { centsPerKwh: 1 } }] },
      'definition.elements.0.restrictions.weekdays.0',
    ],
    [
      { elements: [{ restrictions: { startDate: '2026-02-30' }, energy: { centsPerKwh: 1 } }] },
      'definition.elements.0.restrictions.startDate',
    ],
    [
      {
        elements: [
          { restrictions: { startDate: '2026-03-02', endDate: '2026-03-01' }, energy: { centsPerKwh: 1 } },
        ],
      },
      'definition.elements.0.restrictions.endDate',
    ],
    [
      {
        elements: [
          { restrictions: { minDurationMinutes: 60, maxDurationMinutes: 60 }, energy: { centsPerKwh: 1 } },
        ],
      },
      'definition.elements.0.restrictions.maxDurationMinutes',
    ],
    [
      { minimumCents: 500, maximumCents: 400, elements: [{ energy: { centsPerKwh: 1 } }] },
      'definition.minimumCents',
    ],
    [{ elements: [{ energy: { centsPerKwh: 1 } }], extra: 1 }, 'definition.extra'],
  ])('names the bad field of %j: %s', (definition, field) => {
    expect(tariffDefinitionErrors(definition)[0]?.field).toBe(field);
    expect(() => validateTariffDefinition(definition)).toThrow(ValidationFailed);
  });

  it('reports the field in the error details', () => {
    try {
      validateTariffDefinition({ elements: [{ time: { priceCents: 50 } }] });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationFailed).details).toMatchObject({
        field: 'definition.elements.0.time.stepMinutes',
      });
    }
  });
});
