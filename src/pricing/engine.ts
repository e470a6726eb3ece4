/**
 * The pricing engine: a pure function from a session's timeline and energy, its tariff (or the
 * price event's tariff that replaces it) and the payer's discounts to priced lines and a total, in
 * integer gross cents. No IO, no clock. Every rule is in docs/pricing.md; the steps are:
 *
 * 1. start fee; 2. time units; 3. energy; 4. occupancy units — each line attributed to the
 * Europe/Berlin calendar day it starts in; 5. daily cap per day; 6. minimum; 7. maximum;
 * 8. discounts; 9. VAT derived from the gross total. Every adjustment is its own line, so the
 * total is always the sum of the lines.
 */
import type { PricedLine, PricedSession } from './pricing.js';
import {
  berlinLocalToUtc,
  berlinParts,
  nextBerlinMidnight,
  nextBerlinTimeOfDay,
  nextDate,
} from '../shared/berlin-time.js';
import { formatMoney, mulDivRoundHalfUp, vatOfGross, type Lang } from '../shared/money.js';
import { applyDiscounts, type DiscountRule, type PriceRuleSubject } from './price-rules.js';
import { unitPhrase } from './price-text.js';
import type { TariffDefinition, TariffElement, TariffRestrictions } from './tariff-definition.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface EngineTariff {
  id: string;
  name: string;
  currency: string;
  vatRateBp: number;
  definition: TariffDefinition;
}

export interface PricingInput {
  startedAt: Date;
  stoppedAt: Date;
  /** When energy stopped flowing; null: unknown (no "after charging ended" occupancy fee). */
  chargingEndedAt: Date | null;
  energyWh: number;
  /** Cumulative register readings (Wh), to place energy in time-restricted elements. */
  energySamples?: readonly { at: Date; wh: number }[] | undefined;
  /** The usual tariff of the charge point (or the driver's group). */
  tariff: EngineTariff;
  /** A price event valid at the session start: its tariff replaces `tariff`. */
  event?: { id: string; tariff: EngineTariff } | null;
  /** The payer's discounts (all of its strategy); the engine picks the applicable ones. */
  discounts?: readonly DiscountRule[];
  /** Who and where, for discount targets; required when discounts are given. */
  subject?: PriceRuleSubject;
}

type Component = 'time' | 'energy' | 'occupancy';

// ---- restrictions -------------------------------------------------------------------------------

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an element's restrictions hold at instant t of a session that started at `start`. */
export function restrictionsMatch(r: TariffRestrictions | undefined, t: number, start: number): boolean {
  if (r === undefined) return true;
  if (r.minDurationMinutes !== undefined || r.maxDurationMinutes !== undefined) {
    const minutes = (t - start) / MINUTE;
    if (r.minDurationMinutes !== undefined && minutes < r.minDurationMinutes) return false;
    if (r.maxDurationMinutes !== undefined && minutes >= r.maxDurationMinutes) return false;
  }
  if (
    r.weekdays === undefined &&
    r.startDate === undefined &&
    r.endDate === undefined &&
    r.startTime === undefined &&
    r.endTime === undefined
  )
    return true;
  const local = berlinParts(t);
  if (r.weekdays !== undefined && !r.weekdays.includes(local.weekday)) return false;
  if (r.startDate !== undefined && local.date < r.startDate) return false;
  if (r.endDate !== undefined && local.date > r.endDate) return false;
  if (r.startTime !== undefined || r.endTime !== undefined) {
    const from = r.startTime === undefined ? 0 : minutesOf(r.startTime);
    const to = r.endTime === undefined ? 1440 : minutesOf(r.endTime);
    const m = local.minuteOfDay;
    const inside = from < to ? m >= from && m < to : m >= from || m < to;
    if (!inside) return false;
  }
  return true;
}

/** When occupancy of an element begins, or null when it never does in this session. */
function occupancyStart(element: TariffElement, input: PricingInput): number | null {
  const o = element.occupancy;
  if (o === undefined) return null;
  const start = input.startedAt.getTime();
  const grace = (o.graceMinutes ?? 0) * MINUTE;
  const triggers: number[] = [];
  if (o.afterMinutes !== undefined) triggers.push(start + o.afterMinutes * MINUTE);
  if (o.afterChargingEnded === true && input.chargingEndedAt !== null)
    triggers.push(Math.max(input.chargingEndedAt.getTime(), start));
  if (o.afterMinutes === undefined && o.afterChargingEnded !== true) triggers.push(start);
  return triggers.length === 0 ? null : Math.min(...triggers) + grace;
}

interface Walker {
  definition: TariffDefinition;
  start: number;
  input: PricingInput;
  occupancyStarts: (number | null)[];
}

/** The index of the element pricing `component` at t: the first that has it and whose restrictions hold. */
function elementFor(w: Walker, component: Component, t: number): number {
  return w.definition.elements.findIndex((element, i) => {
    if (element[component] === undefined) return false;
    if (component === 'occupancy') {
      const begins = w.occupancyStarts[i];
      if (begins === null || begins === undefined || t < begins) return false;
    }
    return restrictionsMatch(element.restrictions, t, w.start);
  });
}

/** The next instant after t at which which element matches can change (or Infinity). */
function nextChange(w: Walker, t: number): number {
  let next = Infinity;
  const consider = (candidate: number) => {
    if (candidate > t && candidate < next) next = candidate;
  };
  w.definition.elements.forEach((element, i) => {
    const r = element.restrictions;
    if (r !== undefined) {
      if (r.weekdays !== undefined || r.startDate !== undefined || r.endDate !== undefined)
        consider(nextBerlinMidnight(t));
      if (r.startTime !== undefined) consider(nextBerlinTimeOfDay(t, minutesOf(r.startTime)));
      if (r.endTime !== undefined) consider(nextBerlinTimeOfDay(t, minutesOf(r.endTime)));
      if (r.minDurationMinutes !== undefined) consider(w.start + r.minDurationMinutes * MINUTE);
      if (r.maxDurationMinutes !== undefined) consider(w.start + r.maxDurationMinutes * MINUTE);
    }
    const begins = w.occupancyStarts[i];
    if (begins !== null && begins !== undefined) consider(begins);
  });
  return next;
}

// ---- lines with their day -----------------------------------------------------------------------

interface DayLine extends PricedLine {
  /** Europe/Berlin calendar day the line is attributed to (daily cap). */
  day: string;
}

/**
 * Consecutive whole units of one element, price and step starting on one Berlin day: one line. Units
 * are consecutive in the list even when a stretch without any matching element lies between them.
 */
interface Run {
  element: number;
  /** Start of the first unit. */
  from: number;
  /** End of the last unit (may lie after the session's end: a started unit is charged in full). */
  to: number;
  count: number;
  priceCents: number;
  stepMinutes: number;
  day: string;
}

/** The last Sunday of October at 01:00 UTC: Berlin's clock goes back from 03:00 CEST to 02:00 CET. */
function autumnChange(year: number): number {
  const lastDay = Date.UTC(year, 10, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY + HOUR;
}

/**
 * Every started unit of a per-unit component ('time' or 'occupancy') from the session start to its
 * end, as runs. A unit starting at t is priced by the element matching at t. Which element matches
 * can only change at a boundary (nextChange: a time of day, a duration threshold, the start of
 * occupancy; or a Berlin midnight), so all units starting in [t, boundary) share t's element and
 * are counted at once. One exception: in the hour Berlin's clock shows twice (after the autumn
 * change) the wall clock runs through times of day a second time that nextChange does not report,
 * so with time-of-day restrictions units there are taken one by one.
 */
function walkRuns(w: Walker, component: 'time' | 'occupancy', stop: number): Run[] {
  const runs: Run[] = [];
  const timeOfDay = w.definition.elements.some(
    (e) => e.restrictions?.startTime !== undefined || e.restrictions?.endTime !== undefined,
  );
  let t = w.start;
  while (t < stop) {
    const index = elementFor(w, component, t);
    if (index === -1) {
      t = nextChange(w, t);
      continue;
    }
    const price = w.definition.elements[index]![component]!;
    const stepMs = price.stepMinutes * MINUTE;
    let boundary = Math.min(nextChange(w, t), nextBerlinMidnight(t), stop);
    if (timeOfDay) {
      const year = new Date(t).getUTCFullYear();
      const change = autumnChange(year);
      if (t >= change && t < change + HOUR)
        boundary = t + 1; // one unit
      else boundary = Math.min(boundary, t < change ? change : autumnChange(year + 1));
    }
    const span = boundary - t;
    // Unit starts in [t, boundary): t, t + step, …; integer milliseconds, so the count is exact.
    let count = Math.max(1, Math.ceil(span / stepMs));
    while (count > 1 && (count - 1) * stepMs >= span) count -= 1;
    while (count * stepMs < span) count += 1;
    const to = t + count * stepMs;
    const day = berlinParts(t).date;
    const last = runs[runs.length - 1];
    if (
      last !== undefined &&
      last.element === index &&
      last.priceCents === price.priceCents &&
      last.stepMinutes === price.stepMinutes &&
      last.day === day
    ) {
      last.count += count;
      last.to = to;
    } else {
      runs.push({
        element: index,
        from: t,
        to,
        count,
        priceCents: price.priceCents,
        stepMinutes: price.stepMinutes,
        day,
      });
    }
    t = to;
  }
  return runs;
}

const iso = (ms: number) => new Date(ms).toISOString();

function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-');
  if (lang === 'de') return `${d}.${m}.${y}`;
  return day;
}

/** One line per run. */
function unitLines(runs: Run[], kind: 'time' | 'occupancy', currency: string, stop: number): DayLine[] {
  return runs.map((run) => {
    const { count, priceCents, stepMinutes } = run;
    const price = (lang: Lang) =>
      `${count} × ${formatMoney(priceCents, currency, lang)} ${unitPhrase(stepMinutes, lang)}`;
    return {
      kind,
      description:
        kind === 'time'
          ? { de: `Zeit: ${price('de')}`, en: `Time: ${price('en')}` }
          : { de: `Blockiergebühr: ${price('de')}`, en: `Occupancy fee: ${price('en')}` },
      quantity: count,
      unit: 'unit' as const,
      unitPriceCents: priceCents,
      amountCents: count * priceCents,
      from: iso(run.from),
      to: iso(Math.min(run.to, stop)),
      sourceId: `elements.${run.element}`,
      day: run.day,
    };
  });
}

/** What Number#toLocaleString would build on every call, built once. */
const KWH_FORMAT: Record<Lang, Intl.NumberFormat> = {
  de: new Intl.NumberFormat('de-DE', { maximumFractionDigits: 3 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 }),
};

/** Energy per element: sample deltas where readings allow, the rest at the session start. */
function energyLines(w: Walker, currency: string): DayLine[] {
  const total = w.input.energyWh;
  if (total <= 0) return [];
  const buckets = new Map<string, { element: number; day: string; wh: number; from: number }>();
  const add = (at: number, wh: number) => {
    if (wh <= 0) return;
    const element = elementFor(w, 'energy', at);
    if (element === -1) return; // no energy price applies then: energy is not charged
    const day = berlinParts(at).date;
    const key = `${element}/${day}`;
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, { element, day, wh, from: at });
    else bucket.wh += wh;
  };
  const samples = [...(w.input.energySamples ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime());
  const usable =
    samples.length >= 2 &&
    samples.every((s, i) => Number.isInteger(s.wh) && (i === 0 || s.wh >= samples[i - 1]!.wh)) &&
    samples[samples.length - 1]!.wh - samples[0]!.wh <= total;
  let placed = 0;
  if (usable) {
    for (let i = 1; i < samples.length; i++) {
      const delta = samples[i]!.wh - samples[i - 1]!.wh;
      add(Math.max(samples[i - 1]!.at.getTime(), w.start), delta);
      placed += delta;
    }
  }
  add(w.start, total - placed);
  return [...buckets.values()].map((bucket) => {
    const { centsPerKwh } = w.definition.elements[bucket.element]!.energy!;
    const kwh = (lang: Lang) => KWH_FORMAT[lang].format(bucket.wh / 1000);
    return {
      kind: 'energy' as const,
      description: {
        de: `Energie: ${kwh('de')} kWh × ${formatMoney(centsPerKwh, currency, 'de')} je kWh`,
        en: `Energy: ${kwh('en')} kWh × ${formatMoney(centsPerKwh, currency, 'en')} per kWh`,
      },
      quantity: bucket.wh,
      unit: 'Wh' as const,
      unitPriceCents: centsPerKwh,
      amountCents: mulDivRoundHalfUp(bucket.wh, centsPerKwh, 1000),
      from: iso(bucket.from),
      sourceId: `elements.${bucket.element}`,
      day: bucket.day,
    };
  });
}

const sum = (lines: readonly { amountCents: number }[]) => lines.reduce((s, l) => s + l.amountCents, 0);

/** Prices one session. Throws only on impossible input (stop before start is priced as 0 s). */
export function priceSession(input: PricingInput): PricedSession {
  const tariff = input.event?.tariff ?? input.tariff;
  const { definition, currency } = tariff;
  const start = input.startedAt.getTime();
  const stop = Math.max(input.stoppedAt.getTime(), start);
  const w: Walker = { definition, start, input, occupancyStarts: [] };
  w.occupancyStarts = definition.elements.map((element) => occupancyStart(element, input));

  const components: DayLine[] = [];
  if (definition.startFeeCents !== undefined && definition.startFeeCents > 0) {
    components.push({
      kind: 'start_fee',
      description: { de: 'Startgebühr', en: 'Start fee' },
      quantity: 1,
      unit: 'session',
      unitPriceCents: definition.startFeeCents,
      amountCents: definition.startFeeCents,
      from: iso(start),
      day: berlinParts(start).date,
    });
  }
  components.push(...unitLines(walkRuns(w, 'time', stop), 'time', currency, stop));
  components.push(...energyLines(w, currency));
  components.push(...unitLines(walkRuns(w, 'occupancy', stop), 'occupancy', currency, stop));

  const lines: PricedLine[] = components.map(({ day: _day, ...line }) => line);

  // Daily cap: what is attributed to one Berlin calendar day costs at most the cap.
  if (definition.dailyCapCents !== undefined) {
    const cap = definition.dailyCapCents;
    const days = [...new Set(components.map((line) => line.day))].sort();
    for (const day of days) {
      const daySum = sum(components.filter((line) => line.day === day));
      if (daySum <= cap) continue;
      const money = (lang: Lang) => formatMoney(cap, currency, lang);
      lines.push({
        kind: 'daily_cap',
        description: {
          de: `Tageshöchstbetrag ${money('de')} (${formatDay(day, 'de')})`,
          en: `Daily cap ${money('en')} (${formatDay(day, 'en')})`,
        },
        quantity: 1,
        unit: 'day',
        amountCents: cap - daySum,
        from: iso(berlinLocalToUtc(day, 0)),
        to: iso(berlinLocalToUtc(nextDate(day), 0)),
      });
    }
  }
  let subtotal = sum(lines);
  if (definition.minimumCents !== undefined && subtotal < definition.minimumCents) {
    const money = (lang: Lang) => formatMoney(definition.minimumCents!, currency, lang);
    lines.push({
      kind: 'minimum',
      description: {
        de: `Mindestpreis ${money('de')} je Ladevorgang`,
        en: `Minimum price ${money('en')} per session`,
      },
      quantity: 1,
      unit: 'session',
      amountCents: definition.minimumCents - subtotal,
    });
    subtotal = definition.minimumCents;
  }
  if (definition.maximumCents !== undefined && subtotal > definition.maximumCents) {
    const money = (lang: Lang) => formatMoney(definition.maximumCents!, currency, lang);
    lines.push({
      kind: 'maximum',
      description: {
        de: `Höchstpreis ${money('de')} je Ladevorgang`,
        en: `Maximum price ${money('en')} per session`,
      },
      quantity: 1,
      unit: 'session',
      amountCents: definition.maximumCents - subtotal,
    });
    subtotal = definition.maximumCents;
  }

  const discounted =
    input.discounts !== undefined && input.discounts.length > 0 && input.subject !== undefined
      ? applyDiscounts(subtotal, input.discounts, input.subject, input.startedAt)
      : { applied: [], totalCents: subtotal };
  for (const { rule, reductionCents } of discounted.applied) {
    lines.push({
      kind: 'discount',
      description: {
        de: `Rabatt: ${rule.name}`,
        en: `Discount: ${rule.name}`,
      },
      quantity: 1,
      unit: 'session',
      ...(rule.percentBp !== null ? {} : { unitPriceCents: -(rule.amountCents ?? 0) }),
      amountCents: -reductionCents,
      sourceId: rule.id,
    });
  }

  const totalCents = sum(lines);
  const vatCents = vatOfGross(totalCents, tariff.vatRateBp);
  return {
    currency,
    lines,
    totalCents,
    vatRateBp: tariff.vatRateBp,
    netCents: totalCents - vatCents,
    vatCents,
    tariffId: tariff.id,
    tariffName: tariff.name,
    tariffSnapshot: {
      id: tariff.id,
      name: tariff.name,
      currency,
      vatRateBp: tariff.vatRateBp,
      definition,
    },
    eventId: input.event?.id ?? null,
    discountIds: discounted.applied.map(({ rule }) => rule.id),
  };
}
