/**
 * The pricing contract: what the engine (pricing/engine.ts) is asked and what it answers. Billing
 * freezes a PricedSession into a charge record; the quote endpoint and the SMS price text use the
 * same engine, so what a driver is told is what they pay.
 *
 * Money is integer cents (gross, VAT included, as drivers see it); energy integer Wh; times UTC,
 * calendar rules (time of day, weekday, daily cap) in Europe/Berlin.
 */
import type { Db } from '../db/database.js';

export type PricedLineKind =
  'start_fee' | 'time' | 'energy' | 'occupancy' | 'minimum' | 'maximum' | 'daily_cap' | 'discount';

export interface PricedLine {
  kind: PricedLineKind;
  /** Short text for receipts and invoices, in both languages. */
  description: { de: string; en: string };
  /** How many units (started time units, minutes, Wh, 1 for fees and adjustments). */
  quantity: number;
  unit: 'unit' | 'minute' | 'Wh' | 'session' | 'day';
  /** Gross cents per unit where the line has one (per kWh for energy). */
  unitPriceCents?: number;
  /** Gross cents; negative for reductions (caps, discounts). */
  amountCents: number;
  /** The part of the session the line covers (ISO 8601), where it covers one. */
  from?: string;
  to?: string;
  /** The tariff element, price event or discount the line comes from. */
  sourceId?: string;
}

export interface PricedSession {
  currency: string;
  lines: PricedLine[];
  /** Sum of the lines, never negative. */
  totalCents: number;
  vatRateBp: number;
  /** net + vat = total; vat = round(total × rate / (1 + rate)), half up (docs/pricing.md). */
  netCents: number;
  vatCents: number;
  tariffId: string;
  tariffName: string;
  /** The tariff definition exactly as used. */
  tariffSnapshot: unknown;
  /** The price event whose tariff replaced the usual one, if any. */
  eventId: string | null;
  discountIds: string[];
}

/** Who used which charge point how long, and everything that decides the price. */
export interface PricingSubject {
  institutionId: string;
  stationId: string;
  chargePointId: string | null;
  userId: string | null;
  userGroupId: string | null;
  /** The payer's accounting strategy: discounts live inside it. */
  strategyId: string | null;
  startedAt: Date;
  stoppedAt: Date;
  /** When energy stopped flowing (occupancy fees "after charging ended"); null: unknown. */
  chargingEndedAt: Date | null;
  energyWh: number;
  /** Cumulative register readings, to place energy in time-of-day elements; optional. */
  energySamples?: { at: Date; wh: number }[];
}

/** What billing needs from pricing. Runs inside the caller's transaction; throws TariffNotFound. */
export interface SessionPricer {
  priceSession(tx: Db, subject: PricingSubject): Promise<PricedSession>;
}
