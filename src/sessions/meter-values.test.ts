import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENERGY_REGISTER,
  applyMultiplier,
  energySince,
  registerRange,
  registerWh,
  toWh,
  type MeterSample,
} from './meter-values.js';

const sample = (value: string, values: Partial<MeterSample> = {}): MeterSample => ({
  sampledAt: new Date(0),
  measurand: ENERGY_REGISTER,
  phase: null,
  location: null,
  context: null,
  unit: null,
  value,
  ...values,
});

describe('toWh', () => {
  it.each([
    ['1234', null, 1234],
    ['1234', 'Wh', 1234],
    ['1234.4', 'Wh', 1234],
    ['1234.5', 'Wh', 1235],
    ['1.5', 'kWh', 1500],
    ['0.0004', 'kWh', 0],
    ['12.3456', 'kWh', 12346],
    ['+7', 'Wh', 7],
    ['.5', 'kWh', 500],
  ])('reads %s %s as %d Wh', (value, unit, wh) => {
    expect(toWh(value, unit)).toBe(wh);
  });

  it.each([
    ['abc', 'Wh'],
    ['', 'Wh'],
    ['1e3', 'Wh'],
    ['0x10', 'Wh'],
    ['12', 'varh'],
    ['12', 'W'],
  ])('does not read %s %s as energy', (value, unit) => {
    expect(toWh(value, unit)).toBeUndefined();
  });
});

describe('registerWh', () => {
  it('reads only the total import register', () => {
    expect(registerWh(sample('10'))).toBe(10);
    expect(registerWh(sample('10', { phase: 'L1' }))).toBeUndefined();
    expect(registerWh(sample('10', { measurand: 'Energy.Active.Export.Register' }))).toBeUndefined();
    expect(registerWh(sample('10', { measurand: 'Power.Active.Import', unit: 'W' }))).toBeUndefined();
  });

  it('gives the range of readings in a set of samples', () => {
    expect(
      registerRange([
        sample('1.2', { unit: 'kWh' }),
        sample('900'),
        sample('5', { phase: 'L2' }),
        sample('1500'),
      ]),
    ).toEqual({
      minWh: 900,
      maxWh: 1500,
    });
    expect(registerRange([sample('x')])).toBeUndefined();
  });

  it('never counts energy backwards', () => {
    expect(energySince(1000, 900)).toBe(0);
    expect(energySince(1000, 1450)).toBe(450);
  });
});

describe('applyMultiplier', () => {
  it.each([
    [12.5, 3, '12500'],
    [0.1, 3, '100'],
    [1.234, 1, '12.34'],
    [1234, -3, '1.234'],
    [5, -2, '0.05'],
    [-2.5, 2, '-250'],
    [0, 3, '0'],
    [1e21, 0, '1000000000000000000000'],
    [1e-7, 9, '100'],
    [42, 0, '42'],
  ])('%d × 10^%d is %s', (value, multiplier, text) => {
    expect(applyMultiplier(value, multiplier)).toBe(text);
  });

  it('agrees with floating point arithmetic up to rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: -3, max: 3 }),
        (n, decimals, m) => {
          const value = n / 10 ** decimals;
          expect(Number(applyMultiplier(value, m))).toBeCloseTo(value * 10 ** m, 6);
        },
      ),
    );
  });
});
