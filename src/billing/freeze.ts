/**
 * Freezing a session into a charge record, as plain functions: when charging ended, which booking a
 * payer gets, and the lines a free booking adds. No IO; billing.service.ts feeds them.
 */
import type { AccountingStrategyKind, ChargeRecordBooking } from '../db/schema.js';
import type { PricedLine, PricedLineKind, PricedSession } from '../pricing/pricing.js';
import { ENERGY_REGISTER, toWh } from '../sessions/meter-values.js';
import { splitGross } from '../shared/money.js';

/** A line of a charge record: a priced line, a line that makes a free booking 0, or a correction. */
export type ChargeLine = Omit<PricedLine, 'kind'> & { kind: PricedLineKind | 'free' | 'correction' };

export interface MeterRowLike {
  sampledAt: Date;
  measurand: string;
  phase: string | null;
  unit: string | null;
  value: string;
}

export interface RegisterReading {
  at: Date;
  wh: number;
}

/** The session's total import register readings (no phase), in time order. */
export function registerReadings(rows: readonly MeterRowLike[]): RegisterReading[] {
  const readings: RegisterReading[] = [];
  for (const row of rows) {
    if (row.measurand !== ENERGY_REGISTER || row.phase !== null) continue;
    const wh = toWh(row.value, row.unit);
    if (wh !== undefined) readings.push({ at: row.sampledAt, wh });
  }
  return readings.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface SessionMeter {
  startedAt: Date;
  stoppedAt: Date;
  meterStartWh: number | null;
  meterStopWh: number | null;
}

/**
 * When energy stopped flowing: the time of the register's last increase. Start and stop readings
 * count too; a rise only seen in the stop reading is dated at the stop (the latest it can be). null
 * when the register never rose or nothing was reported.
 */
export function chargingEndedAt(readings: readonly RegisterReading[], meter: SessionMeter): Date | null {
  let last: number | undefined = meter.meterStartWh ?? undefined;
  let endedAt: Date | null = null;
  for (const reading of readings) {
    if (last !== undefined && reading.wh > last) endedAt = reading.at;
    last = last === undefined ? reading.wh : Math.max(last, reading.wh);
  }
  if (meter.meterStopWh !== null && last !== undefined && meter.meterStopWh > last) endedAt = meter.stoppedAt;
  return endedAt;
}

export interface PayerLike {
  accountId: string | null;
  strategyKind: AccountingStrategyKind | null;
}

/**
 * How a record is booked. A free station books nothing for anyone; a session started by SMS (its
 * receipt PIN was the token) is charged to the phone through the carrier; without a payer account
 * (unknown or unassigned card, remote start) nothing can be booked; roaming settlement comes later.
 */
export function bookingFor(
  stationFree: boolean,
  payer: PayerLike | undefined,
  smsSession = false,
): ChargeRecordBooking {
  if (stationFree) return 'free';
  if (smsSession) return 'carrier';
  if (payer === undefined || payer.accountId === null || payer.strategyKind === null) return 'none';
  switch (payer.strategyKind) {
    case 'prepaid':
      return 'ledger';
    case 'postpaid':
      return 'invoice';
    case 'carrier':
      return 'carrier';
    case 'free':
      return 'free';
    case 'roaming':
      return 'none';
  }
}

export interface FrozenAmounts {
  lines: ChargeLine[];
  totalCents: number;
  netCents: number;
  vatCents: number;
  vatRateBp: number;
}

const FREE_TEXT = {
  station: { de: 'Kostenfreie Ladestation', en: 'Free charging station' },
  strategy: { de: 'Kostenfrei laut Abrechnungsstrategie', en: 'Free of charge (accounting strategy)' },
};

/**
 * The record's lines and amounts. A free booking keeps the priced lines (what it would have cost)
 * and adds one line bringing the amount due to 0, so the total is still the sum of the lines.
 */
export function freezeAmounts(
  priced: PricedSession | undefined,
  booking: ChargeRecordBooking,
  freeReason: 'station' | 'strategy',
): FrozenAmounts {
  const lines: ChargeLine[] = priced === undefined ? [] : priced.lines.map((line) => ({ ...line }));
  const vatRateBp = priced?.vatRateBp ?? 0;
  const priceSum = lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (booking === 'free') {
    if (priceSum !== 0) {
      lines.push({
        kind: 'free',
        description: FREE_TEXT[freeReason],
        quantity: 1,
        unit: 'session',
        amountCents: -priceSum,
      });
    }
    return { lines, totalCents: 0, netCents: 0, vatCents: 0, vatRateBp };
  }
  const split =
    priced !== undefined && priced.totalCents === priceSum
      ? { netCents: priced.netCents, vatCents: priced.vatCents }
      : splitGross(priceSum, vatRateBp);
  return { lines, totalCents: priceSum, ...split, vatRateBp };
}

/** A correction record's single line. */
export function correctionLine(deltaCents: number, reason: string): ChargeLine {
  return {
    kind: 'correction',
    description: { de: `Korrektur: ${reason}`, en: `Correction: ${reason}` },
    quantity: 1,
    unit: 'session',
    amountCents: deltaCents,
  };
}

/** The carrier charge written with a carrier-booked record: an outbox row, or nothing due. */
export function carrierChargeFor(
  totalCents: number,
  now: Date,
): { status: 'pending' | 'waived'; nextAttemptAt: Date | null; settledAt: Date | null } {
  // 0,00 € is never sent to the carrier: there is nothing to charge, and it is settled at once.
  return totalCents > 0
    ? { status: 'pending', nextAttemptAt: now, settledAt: null }
    : { status: 'waived', nextAttemptAt: null, settledAt: now };
}
