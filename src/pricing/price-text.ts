/**
 * A plain-language price text for a tariff, German and English, for station displays, public pages
 * and SMS: a full sentence, and a short form that fits one SMS (160 GSM 03.38 characters) when
 * possible. Built from the same definition the engine prices with.
 */
import type { TariffDefinition, TariffElement, TariffRestrictions } from './tariff-definition.js';
import { formatMoney, formatPercent, type Lang } from '../shared/money.js';

export interface PriceTextTariff {
  currency: string;
  vatRateBp: number;
  definition: TariffDefinition;
}

export interface PriceText {
  lang: Lang;
  text: string;
  /** The text itself or a compact form, ≤ 160 GSM characters; null when even the compact form is longer. */
  short: string | null;
}

/** "je angefangene 30 Minuten" / "per started 30 minutes". */
export function unitPhrase(stepMinutes: number, lang: Lang): string {
  if (lang === 'de') {
    if (stepMinutes === 1) return 'je angefangene Minute';
    if (stepMinutes === 60) return 'je angefangene Stunde';
    if (stepMinutes % 60 === 0) return `je angefangene ${stepMinutes / 60} Stunden`;
    return `je angefangene ${stepMinutes} Minuten`;
  }
  if (stepMinutes === 1) return 'per started minute';
  if (stepMinutes === 60) return 'per started hour';
  if (stepMinutes % 60 === 0) return `per started ${stepMinutes / 60} hours`;
  return `per started ${stepMinutes} minutes`;
}

/** "4 Stunden", "90 Minuten" / "4 hours", "90 minutes". */
export function durationPhrase(minutes: number, lang: Lang): string {
  const hours = minutes / 60;
  if (minutes % 60 === 0 && minutes > 0) {
    if (lang === 'de') return hours === 1 ? '1 Stunde' : `${hours} Stunden`;
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  if (lang === 'de') return minutes === 1 ? '1 Minute' : `${minutes} Minuten`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function compactDuration(minutes: number, lang: Lang): string {
  if (minutes % 60 === 0 && minutes > 0) return `${minutes / 60} ${lang === 'de' ? 'Std.' : 'h'}`;
  return `${minutes} ${lang === 'de' ? 'Min.' : 'min'}`;
}

function compactUnit(stepMinutes: number, lang: Lang): string {
  if (stepMinutes === 1) return lang === 'de' ? '/Min.' : '/min';
  if (stepMinutes === 60) return lang === 'de' ? '/Std.' : '/h';
  return `/${compactDuration(stepMinutes, lang)}`;
}

const WEEKDAYS: Record<Lang, string[]> = {
  de: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** [1,2,3,4,5] → "Mo-Fr"; [6,7] → "Sa, So". */
export function weekdaysPhrase(days: readonly number[], lang: Lang): string {
  const sorted = [...days].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[last.length - 1] === day - 1) last.push(day);
    else runs.push([day]);
  }
  const name = (day: number) => WEEKDAYS[lang][day - 1]!;
  return runs
    .map((run) =>
      run.length >= 3 ? `${name(run[0]!)}-${name(run[run.length - 1]!)}` : run.map(name).join(', '),
    )
    .join(', ');
}

const germanDate = (date: string) => date.split('-').reverse().join('.');

function restrictionPhrase(r: TariffRestrictions | undefined, lang: Lang, compact: boolean): string {
  if (r === undefined) return '';
  const de = lang === 'de';
  const parts: string[] = [];
  const dur = (m: number) => (compact ? compactDuration(m, lang) : durationPhrase(m, lang));
  if (r.startDate !== undefined || r.endDate !== undefined) {
    const date = (d: string) => (de ? germanDate(d) : d);
    if (r.startDate !== undefined && r.endDate !== undefined)
      parts.push(
        r.startDate === r.endDate
          ? de
            ? `am ${date(r.startDate)}`
            : `on ${date(r.startDate)}`
          : de
            ? `vom ${date(r.startDate)} bis ${date(r.endDate)}`
            : `from ${date(r.startDate)} to ${date(r.endDate)}`,
      );
    else if (r.startDate !== undefined)
      parts.push(de ? `ab ${date(r.startDate)}` : `from ${date(r.startDate)}`);
    else parts.push(de ? `bis ${date(r.endDate!)}` : `until ${date(r.endDate!)}`);
  }
  if (r.weekdays !== undefined && r.weekdays.length < 7) parts.push(weekdaysPhrase(r.weekdays, lang));
  if (r.startTime !== undefined || r.endTime !== undefined) {
    const suffix = de ? ' Uhr' : '';
    if (r.startTime !== undefined && r.endTime !== undefined)
      parts.push(`${r.startTime}-${r.endTime}${suffix}`);
    else if (r.startTime !== undefined) parts.push(de ? `ab ${r.startTime} Uhr` : `from ${r.startTime}`);
    else parts.push(de ? `bis ${r.endTime!} Uhr` : `until ${r.endTime!}`);
  }
  const { minDurationMinutes: min, maxDurationMinutes: max } = r;
  if (min !== undefined && min > 0 && max !== undefined)
    parts.push(de ? `ab ${dur(min)} bis ${dur(max)}` : `from ${dur(min)} to ${dur(max)}`);
  else if (min !== undefined && min > 0) parts.push(de ? `ab ${dur(min)}` : `after ${dur(min)}`);
  else if (max !== undefined)
    parts.push(
      compact
        ? de
          ? `bis ${dur(max)}`
          : `up to ${dur(max)}`
        : de
          ? `in den ersten ${dur(max)}`
          : `for the first ${dur(max)}`,
    );
  return parts.join(' ');
}

function elementPhrase(
  element: TariffElement,
  tariff: PriceTextTariff,
  lang: Lang,
  compact: boolean,
): string {
  const de = lang === 'de';
  const money = (cents: number) => {
    const text = formatMoney(cents, tariff.currency, lang);
    return compact ? text.replace(' €', '€') : text;
  };
  const per = (step: number) => (compact ? compactUnit(step, lang) : ` ${unitPhrase(step, lang)}`);
  const components: string[] = [];
  if (element.time !== undefined) {
    components.push(
      element.time.priceCents === 0
        ? de
          ? 'Parken/Laden kostenlos'
          : 'time free of charge'
        : `${money(element.time.priceCents)}${per(element.time.stepMinutes)}`,
    );
  }
  if (element.energy !== undefined)
    components.push(`${money(element.energy.centsPerKwh)}${compact ? '/kWh' : de ? ' je kWh' : ' per kWh'}`);
  if (element.occupancy !== undefined) {
    const o = element.occupancy;
    const when: string[] = [];
    const dur = (m: number) => (compact ? compactDuration(m, lang) : durationPhrase(m, lang));
    if (o.afterMinutes !== undefined)
      when.push(de ? `ab ${dur(o.afterMinutes)}` : `after ${dur(o.afterMinutes)}`);
    if (o.afterChargingEnded === true) when.push(de ? 'nach Ladeende' : 'after charging ends');
    let phrase = `${de ? (compact ? 'Blockierg.' : 'Blockiergebühr') : compact ? 'blocking' : 'occupancy fee'} ${money(o.priceCents)}${per(o.stepMinutes)}`;
    if (when.length > 0) phrase += ` ${when.join(de ? ' oder ' : ' or ')}`;
    if (o.graceMinutes !== undefined && o.graceMinutes > 0)
      phrase += de ? ` (+${dur(o.graceMinutes)} frei)` : ` (+${dur(o.graceMinutes)} free)`;
    components.push(phrase);
  }
  const prefix = restrictionPhrase(element.restrictions, lang, compact);
  const body = components.join(' + ');
  return prefix === '' ? body : `${prefix} ${body}`;
}

const unrestricted = (element: TariffElement) =>
  element.restrictions === undefined || Object.keys(element.restrictions).length === 0;
const COMPONENTS = ['time', 'energy', 'occupancy'] as const;

const firstHoursOnly = (element: TariffElement) =>
  element.restrictions !== undefined &&
  Object.keys(element.restrictions).length === 1 &&
  element.restrictions.maxDurationMinutes !== undefined;

/**
 * The order a driver reads a tariff in: prices for the first hours ("in den ersten 4 Stunden"),
 * then the base price (after such first hours: "danach"), then the other restricted prices in their
 * order ("ab 4 Stunden …", "Mo-Fr 08:00-18:00 Uhr …"). An element whose every component an earlier
 * unrestricted element already prices can never apply and is left out.
 */
export function textOrder(elements: readonly TariffElement[]): { element: TariffElement; then: boolean }[] {
  const reachable = elements.filter((element, i) => {
    const earlier = elements.slice(0, i).filter(unrestricted);
    return COMPONENTS.some((c) => element[c] !== undefined && !earlier.some((e) => e[c] !== undefined));
  });
  const early = reachable.filter(firstHoursOnly);
  const base = reachable.filter(unrestricted);
  const rest = reachable.filter((e) => !unrestricted(e) && !firstHoursOnly(e));
  return [
    ...early.map((element) => ({ element, then: false })),
    ...base.map((element) => ({ element, then: early.length > 0 })),
    ...rest.map((element) => ({ element, then: false })),
  ];
}

function build(tariff: PriceTextTariff, lang: Lang, compact: boolean): string {
  const de = lang === 'de';
  const d = tariff.definition;
  const money = (cents: number) => {
    const text = formatMoney(cents, tariff.currency, lang);
    return compact ? text.replace(' €', '€') : text;
  };
  const parts: string[] = [];
  if (d.startFeeCents !== undefined && d.startFeeCents > 0)
    parts.push(de ? `Startgebühr ${money(d.startFeeCents)}` : `start fee ${money(d.startFeeCents)}`);
  for (const { element, then } of textOrder(d.elements)) {
    const phrase = elementPhrase(element, tariff, lang, compact);
    parts.push(then ? `${de ? 'danach' : 'then'} ${phrase}` : phrase);
  }
  if (d.minimumCents !== undefined && d.minimumCents > 0)
    parts.push(
      compact
        ? `min. ${money(d.minimumCents)}`
        : de
          ? `mindestens ${money(d.minimumCents)} je Ladevorgang`
          : `at least ${money(d.minimumCents)} per session`,
    );
  if (d.maximumCents !== undefined)
    parts.push(
      compact
        ? `max. ${money(d.maximumCents)}${de ? '/Vorgang' : '/session'}`
        : de
          ? `höchstens ${money(d.maximumCents)} je Ladevorgang`
          : `at most ${money(d.maximumCents)} per session`,
    );
  if (d.dailyCapCents !== undefined)
    parts.push(
      compact
        ? `max. ${money(d.dailyCapCents)}${de ? '/Tag' : '/day'}`
        : de
          ? `höchstens ${money(d.dailyCapCents)} pro Tag`
          : `at most ${money(d.dailyCapCents)} per day`,
    );
  const sentence = parts.filter((p) => p !== '').join(', ');
  const capitalised = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  const vat = formatPercent(tariff.vatRateBp, lang);
  const vatText = compact
    ? de
      ? 'inkl. MwSt.'
      : 'incl. VAT'
    : de
      ? `Preise inkl. ${vat} MwSt.`
      : `Prices incl. ${vat} VAT.`;
  return compact ? `${capitalised}, ${vatText}` : `${capitalised}. ${vatText}`;
}

// GSM 03.38: the basic set counts 1, the extension table 2 (escape + char); anything else forces UCS-2.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

/** Length in GSM 7-bit characters, or null when the text cannot be sent in GSM 7-bit. */
export function gsmLength(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (GSM_BASIC.has(char)) length += 1;
    else if (GSM_EXTENSION.has(char)) length += 2;
    else return null;
  }
  return length;
}

const fitsOneSms = (text: string) => {
  const length = gsmLength(text);
  return length !== null && length <= 160;
};

export function priceText(tariff: PriceTextTariff, lang: Lang): PriceText {
  const text = build(tariff, lang, false);
  if (fitsOneSms(text)) return { lang, text, short: text };
  const compact = build(tariff, lang, true);
  return { lang, text, short: fitsOneSms(compact) ? compact : null };
}
