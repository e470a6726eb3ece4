/**
 * Meter values in a version-neutral form, and the energy they say: integer Wh, read from the
 * Energy.Active.Import.Register measurand (in Wh or kWh). Pure functions; the OCPP adapters
 * translate their version's SampledValue into a `MeterSample`.
 */

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

/** One sampled value, stored as one meter_values row. */
export interface MeterSample {
  sampledAt: Date;
  measurand: string;
  phase: string | null;
  location: string | null;
  context: string | null;
  unit: string | null;
  /** Decimal text as the station sent it (2.0.1: with the unit multiplier applied). */
  value: string;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Wh as an integer, or undefined when the value is not a plain decimal in Wh or kWh. */
export function toWh(value: string, unit: string | null): number | undefined {
  const text = value.trim();
  if (!DECIMAL.test(text)) return undefined;
  const number = Number(text);
  if (!Number.isFinite(number)) return undefined;
  switch (unit ?? 'Wh') {
    case 'Wh':
      return Math.round(number);
    case 'kWh':
      return Math.round(number * 1000);
    default:
      return undefined;
  }
}

/** The total import register (no phase) of a sample, in Wh. */
export function registerWh(sample: MeterSample): number | undefined {
  if (sample.measurand !== ENERGY_REGISTER || sample.phase !== null) return undefined;
  return toWh(sample.value, sample.unit);
}

export interface RegisterRange {
  /** The lowest reading: the meter at the start when nothing earlier is known. */
  minWh: number;
  /** The highest reading: meters only count up. */
  maxWh: number;
}

export function registerRange(samples: readonly MeterSample[]): RegisterRange | undefined {
  let range: RegisterRange | undefined;
  for (const sample of samples) {
    const wh = registerWh(sample);
    if (wh === undefined) continue;
    range =
      range === undefined
        ? { minWh: wh, maxWh: wh }
        : { minWh: Math.min(range.minWh, wh), maxWh: Math.max(range.maxWh, wh) };
  }
  return range;
}

export function mergeRanges(
  a: RegisterRange | undefined,
  b: RegisterRange | undefined,
): RegisterRange | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { minWh: Math.min(a.minWh, b.minWh), maxWh: Math.max(a.maxWh, b.maxWh) };
}

/** Energy delivered since the start reading, never negative. */
export function energySince(startWh: number, readingWh: number): number {
  return Math.max(0, readingWh - startWh);
}

/**
 * Applies a 2.0.1 UnitOfMeasure multiplier (a power of ten) to a number exactly, on its decimal
 * text: 12.5 with multiplier 3 is "12500", not 12500.000000000002.
 */
export function applyMultiplier(value: number, multiplier: number): string {
  if (!Number.isFinite(value)) return String(value);
  let text = String(value);
  let exponent = multiplier;
  const e = text.indexOf('e');
  if (e >= 0) {
    exponent += Number(text.slice(e + 1));
    text = text.slice(0, e);
  }
  if (exponent === 0) return text;
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const dot = text.indexOf('.');
  let digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  let point = (dot < 0 ? text.length : dot) + exponent;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  let integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  if (integer === '') integer = '0';
  const result = fraction === '' ? integer : `${integer}.${fraction}`;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}
