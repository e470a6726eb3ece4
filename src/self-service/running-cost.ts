/**
 * What a running session has cost so far: priced as if it stopped now, by the same engine, payer,
 * discounts, meter readings and free-station rule billing uses when it freezes the record
 * (billing.service.ts `freeze`), so the figure a driver watches is the figure they will pay.
 */
import { resolvePayer } from '../accounts/payer.js';
import * as billingRepo from '../billing/billing.repository.js';
import { bookingFor, chargingEndedAt, freezeAmounts, registerReadings } from '../billing/freeze.js';
import type { Db } from '../db/database.js';
import type { PricedLine, PricingSubject, SessionPricer } from '../pricing/pricing.js';
import { FachwerkError } from '../shared/errors.js';
import type { Logger } from 'pino';

export interface RunningSession {
  id: string;
  institutionId: string;
  stationId: string;
  chargePointId: string | null;
  startedAt: Date;
  meterStartWh: number | null;
  energyWh: number;
  tokenId: string | null;
  smsSessionId: string | null;
}

export interface Cost {
  cents: number;
  currency: string;
  /** false while the session runs: the cost so far, as of `asOf`. */
  final: boolean;
  asOf: Date;
  lines: (Omit<PricedLine, 'kind'> & { kind: string })[];
}

/** undefined when no tariff prices the session (billing would leave it unpriced as well). */
export async function runningCost(
  db: Db,
  pricer: SessionPricer,
  session: RunningSession,
  now: Date,
  log: Logger,
): Promise<Cost | undefined> {
  const stoppedAt = new Date(Math.max(now.getTime(), session.startedAt.getTime()));
  const station = await billingRepo.stationBilling(db, session.stationId);
  const stationFree = station?.authorizationMode === 'free';
  const smsSession = session.smsSessionId !== null;
  const payer = smsSession || session.tokenId === null ? undefined : await resolvePayer(db, session.tokenId);
  const booking = bookingFor(stationFree, payer, smsSession);
  const readings = registerReadings(await billingRepo.registerRows(db, session.id));
  const subject: PricingSubject = {
    institutionId: session.institutionId,
    stationId: session.stationId,
    chargePointId: session.chargePointId,
    userId: payer?.userId ?? null,
    userGroupId: payer?.userGroupId ?? null,
    strategyId: payer?.strategyId ?? null,
    startedAt: session.startedAt,
    stoppedAt,
    chargingEndedAt: chargingEndedAt(readings, {
      startedAt: session.startedAt,
      stoppedAt,
      meterStartWh: session.meterStartWh,
      meterStopWh: null,
    }),
    energyWh: session.energyWh,
    ...(readings.length > 0 ? { energySamples: readings } : {}),
  };
  let priced;
  try {
    priced = await pricer.priceSession(db, subject);
  } catch (error) {
    if (!(error instanceof FachwerkError)) throw error;
    log.debug({ sessionId: session.id, err: error }, 'running session not priced');
    if (!stationFree) return undefined;
  }
  const amounts = freezeAmounts(priced, booking, stationFree ? 'station' : 'strategy');
  return {
    cents: amounts.totalCents,
    currency: priced?.currency ?? 'EUR',
    final: false,
    asOf: stoppedAt,
    lines: amounts.lines,
  };
}
