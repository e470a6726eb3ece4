/**
 * The tariff editor's form ↔ the tariff definition. The form holds what people type ("0,50",
 * "30", "22:00"); money becomes integer cents through parseMoneyInput (string arithmetic, never a
 * float). Every problem is keyed by the same field path the API uses in a 422
 * (`definition.elements.0.time.priceCents`), so local and server errors land at the same field.
 */
import { formatNumber, parseMoneyInput, type Locale } from '../../format/format';
import type { Tariff, TariffDefinition, TariffElement, TariffRestrictions } from './types';

export interface ElementForm {
  /** Stable React key; not part of the definition. */
  key: string;
  timeEnabled: boolean;
  timePrice: string;
  timeStep: string;
  energyEnabled: boolean;
  energyPrice: string;
  occupancyEnabled: boolean;
  occupancyPrice: string;
  occupancyStep: string;
  occupancyAfter: string;
  occupancyAfterChargingEnded: boolean;
  occupancyGrace: string;
  startTime: string;
  endTime: string;
  weekdays: number[];
  startDate: string;
  endDate: string;
  minDuration: string;
  maxDuration: string;
}

export interface TariffForm {
  name: string;
  active: boolean;
  currency: string;
  /** Percent as typed: "19", "7", "7,7". */
  vatPercent: string;
  startFee: string;
  minimum: string;
  maximum: string;
  dailyCap: string;
  elements: ElementForm[];
}

/** Field path → message key (local) or message (from the API). */
export type FieldErrors = Record<string, string>;

let keySeq = 0;
const nextKey = () => `element-${(keySeq += 1)}`;

/** "0,50" / "0.50" for cents; '' for nothing. */
export function centsToInput(cents: number | undefined, locale: Locale): string {
  if (cents === undefined) return '';
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const text = `${Math.floor(abs / 100)}${locale === 'de' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Basis points → "19" / "7,5" (percent as people write it). */
export function bpToPercentInput(bp: number, locale: Locale): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  if (rest === 0) return String(whole);
  const fraction = String(rest).padStart(2, '0').replace(/0$/, '');
  return `${whole}${locale === 'de' ? ',' : '.'}${fraction}`;
}

/** "19" → 1900, "7,5" → 750 (exact, like money: a percent has two decimals at most); null when not one. */
export function parsePercentInput(text: string): number | null {
  const bp = parseMoneyInput(text.replace('%', ''));
  return bp === null || bp < 0 || bp > 10_000 ? null : bp;
}

const wholeMinutes = (text: string): number | null =>
  /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null;

export function emptyElement(): ElementForm {
  return {
    key: nextKey(),
    timeEnabled: true,
    timePrice: '',
    timeStep: '30',
    energyEnabled: false,
    energyPrice: '',
    occupancyEnabled: false,
    occupancyPrice: '',
    occupancyStep: '1',
    occupancyAfter: '',
    occupancyAfterChargingEnded: false,
    occupancyGrace: '',
    startTime: '',
    endTime: '',
    weekdays: [],
    startDate: '',
    endDate: '',
    minDuration: '',
    maxDuration: '',
  };
}

export function emptyTariffForm(): TariffForm {
  return {
    name: '',
    active: true,
    currency: 'EUR',
    vatPercent: '19',
    startFee: '',
    minimum: '',
    maximum: '',
    dailyCap: '',
    elements: [emptyElement()],
  };
}

function elementToForm(element: TariffElement, locale: Locale): ElementForm {
  const r = element.restrictions ?? {};
  const minutes = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    key: nextKey(),
    timeEnabled: element.time !== undefined,
    timePrice: centsToInput(element.time?.priceCents, locale),
    timeStep: element.time === undefined ? '30' : String(element.time.stepMinutes),
    energyEnabled: element.energy !== undefined,
    energyPrice: centsToInput(element.energy?.centsPerKwh, locale),
    occupancyEnabled: element.occupancy !== undefined,
    occupancyPrice: centsToInput(element.occupancy?.priceCents, locale),
    occupancyStep: element.occupancy === undefined ? '1' : String(element.occupancy.stepMinutes),
    occupancyAfter: minutes(element.occupancy?.afterMinutes),
    occupancyAfterChargingEnded: element.occupancy?.afterChargingEnded === true,
    occupancyGrace: minutes(element.occupancy?.graceMinutes),
    startTime: r.startTime ?? '',
    endTime: r.endTime ?? '',
    weekdays: r.weekdays === undefined ? [] : [...r.weekdays].sort((a, b) => a - b),
    startDate: r.startDate ?? '',
    endDate: r.endDate ?? '',
    minDuration: minutes(r.minDurationMinutes),
    maxDuration: minutes(r.maxDurationMinutes),
  };
}

export function tariffToForm(tariff: Tariff, locale: Locale): TariffForm {
  const d = tariff.definition;
  return {
    name: tariff.name,
    active: tariff.active,
    currency: tariff.currency,
    vatPercent: bpToPercentInput(tariff.vatRateBp, locale),
    startFee: centsToInput(d.startFeeCents, locale),
    minimum: centsToInput(d.minimumCents, locale),
    maximum: centsToInput(d.maximumCents, locale),
    dailyCap: centsToInput(d.dailyCapCents, locale),
    elements: d.elements.map((element) => elementToForm(element, locale)),
  };
}

export interface FormResult {
  definition: TariffDefinition;
  vatRateBp: number | null;
  /** Local problems: field path → message key in the `pricing` namespace (`errors.money`, …). */
  errors: FieldErrors;
}

/** The definition the form describes; what cannot be read is reported and left out. */
export function formToDefinition(form: TariffForm): FormResult {
  const errors: FieldErrors = {};
  const money = (text: string, field: string): number | undefined => {
    if (text.trim() === '') return undefined;
    const cents = parseMoneyInput(text);
    if (cents === null || cents < 0) {
      errors[field] = 'errors.money';
      return undefined;
    }
    return cents;
  };
  const requiredMoney = (text: string, field: string): number => {
    if (text.trim() === '') {
      errors[field] = 'errors.required';
      return 0;
    }
    return money(text, field) ?? 0;
  };
  const minutes = (text: string, field: string, required = false): number | undefined => {
    if (text.trim() === '') {
      if (required) errors[field] = 'errors.required';
      return undefined;
    }
    const value = wholeMinutes(text);
    if (value === null) errors[field] = 'errors.minutes';
    return value ?? undefined;
  };

  const definition: TariffDefinition = { elements: [] };
  const startFee = money(form.startFee, 'definition.startFeeCents');
  if (startFee !== undefined) definition.startFeeCents = startFee;
  const minimum = money(form.minimum, 'definition.minimumCents');
  if (minimum !== undefined) definition.minimumCents = minimum;
  const maximum = money(form.maximum, 'definition.maximumCents');
  if (maximum !== undefined) definition.maximumCents = maximum;
  const dailyCap = money(form.dailyCap, 'definition.dailyCapCents');
  if (dailyCap !== undefined) definition.dailyCapCents = dailyCap;

  form.elements.forEach((e, i) => {
    const base = `definition.elements.${i}`;
    const element: TariffElement = {};
    const r: TariffRestrictions = {};
    if (e.startTime !== '') r.startTime = e.startTime;
    if (e.endTime !== '') r.endTime = e.endTime;
    if (e.weekdays.length > 0 && e.weekdays.length < 7) r.weekdays = [...e.weekdays].sort((a, b) => a - b);
    if (e.startDate !== '') r.startDate = e.startDate;
    if (e.endDate !== '') r.endDate = e.endDate;
    const min = minutes(e.minDuration, `${base}.restrictions.minDurationMinutes`);
    if (min !== undefined) r.minDurationMinutes = min;
    const max = minutes(e.maxDuration, `${base}.restrictions.maxDurationMinutes`);
    if (max !== undefined) r.maxDurationMinutes = max;
    if (Object.keys(r).length > 0) element.restrictions = r;
    if (e.timeEnabled) {
      element.time = {
        priceCents: requiredMoney(e.timePrice, `${base}.time.priceCents`),
        stepMinutes: minutes(e.timeStep, `${base}.time.stepMinutes`, true) ?? 1,
      };
    }
    if (e.energyEnabled)
      element.energy = { centsPerKwh: requiredMoney(e.energyPrice, `${base}.energy.centsPerKwh`) };
    if (e.occupancyEnabled) {
      const occupancy: NonNullable<TariffElement['occupancy']> = {
        priceCents: requiredMoney(e.occupancyPrice, `${base}.occupancy.priceCents`),
        stepMinutes: minutes(e.occupancyStep, `${base}.occupancy.stepMinutes`, true) ?? 1,
      };
      const after = minutes(e.occupancyAfter, `${base}.occupancy.afterMinutes`);
      if (after !== undefined) occupancy.afterMinutes = after;
      if (e.occupancyAfterChargingEnded) occupancy.afterChargingEnded = true;
      const grace = minutes(e.occupancyGrace, `${base}.occupancy.graceMinutes`);
      if (grace !== undefined) occupancy.graceMinutes = grace;
      element.occupancy = occupancy;
    }
    definition.elements.push(element);
  });

  const vatRateBp = parsePercentInput(form.vatPercent);
  if (vatRateBp === null) errors.vatRateBp = 'errors.percent';
  return { definition, vatRateBp, errors };
}

/** The API's 422 `details.errors` ([{field, message}]) as field errors; `details.field` alone otherwise. */
export function apiFieldErrors(details: Record<string, unknown> | undefined, fallback: string): FieldErrors {
  const result: FieldErrors = {};
  const list = details?.errors;
  if (Array.isArray(list)) {
    for (const item of list as { field?: unknown; message?: unknown }[])
      if (typeof item.field === 'string' && typeof item.message === 'string' && !(item.field in result))
        result[item.field] = item.message;
  }
  if (Object.keys(result).length === 0 && typeof details?.field === 'string')
    result[details.field] = fallback;
  return result;
}

/** Errors that belong to no field of the form (shown above it). */
export function unplacedErrors(errors: FieldErrors, placed: ReadonlySet<string>): string[] {
  return Object.entries(errors)
    .filter(([field]) => !placed.has(field))
    .map(([field, message]) => `${field}: ${message}`);
}

/** "3 h 20 min" from a number of minutes, in the portal's language. */
export function minutesLabel(total: number, locale: Locale): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${formatNumber(hours, locale)} h`);
  if (minutes > 0 || hours === 0) parts.push(`${minutes} min`);
  return parts.join(' ');
}

/** "2,5" kWh → 2500 Wh exactly (three decimals at most); null when it is not an amount of energy. */
export function parseKwhInput(text: string): number | null {
  const match = /^(\d{1,5})(?:[.,](\d{1,3}))?$/.exec(text.trim().replace(/\s*kWh$/i, ''));
  if (match === null) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}
