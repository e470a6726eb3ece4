/**
 * What a tariff being edited would charge and say, before it is saved: the engine prices a
 * hypothetical session with the draft definition, and the price text is built by the same function
 * the SMS confirmation uses (PricingService.priceText → priceText), so the portal's preview is what
 * drivers will read and pay. Pure: no database, no clock.
 */
import { priceSession } from './engine.js';
import { priceText, type PriceText } from './price-text.js';
import type { PricedLine } from './pricing.js';
import { validateTariffDefinition } from './tariff-definition.js';

export const MAX_PREVIEW_MINUTES = 31 * 24 * 60;

export interface TariffPreviewInput {
  definition: unknown;
  currency: string;
  vatRateBp: number;
  durationMinutes: number;
  energyWh: number;
  startAt: Date;
}

export interface PreviewPriceText extends PriceText {
  /** What the confirmation SMS carries after "Preis:" / "Price:": the one-SMS form, else the full text. */
  sms: string;
}

export interface TariffPreview {
  startedAt: Date;
  stoppedAt: Date;
  currency: string;
  vatRateBp: number;
  lines: PricedLine[];
  totalCents: number;
  netCents: number;
  vatCents: number;
  priceText: { de: PreviewPriceText; en: PreviewPriceText };
}

/** The text the SMS flow puts into its confirmation (src/sms/flow/flow-context.ts). */
export const smsPriceText = (text: PriceText): string => text.short ?? text.text;

/** Throws ValidationFailed naming the first bad field (`definition.elements.0.time.priceCents`). */
export function previewTariff(input: TariffPreviewInput): TariffPreview {
  const definition = validateTariffDefinition(input.definition);
  const tariff = {
    id: 'preview',
    name: 'preview',
    currency: input.currency,
    vatRateBp: input.vatRateBp,
    definition,
  };
  const stoppedAt = new Date(input.startAt.getTime() + input.durationMinutes * 60_000);
  const priced = priceSession({
    startedAt: input.startAt,
    stoppedAt,
    chargingEndedAt: null,
    energyWh: input.energyWh,
    tariff,
  });
  const text = (lang: 'de' | 'en'): PreviewPriceText => {
    const result = priceText(tariff, lang);
    return { ...result, sms: smsPriceText(result) };
  };
  return {
    startedAt: input.startAt,
    stoppedAt,
    currency: priced.currency,
    vatRateBp: priced.vatRateBp,
    lines: priced.lines,
    totalCents: priced.totalCents,
    netCents: priced.netCents,
    vatCents: priced.vatCents,
    priceText: { de: text('de'), en: text('en') },
  };
}
