/**
 * Tariffs (price modules) and where they apply, price events, discounts, quotes and price texts.
 * Implements SessionPricer for billing: the same engine prices quotes and charge records.
 */
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import { NotSupported } from '../shared/errors.js';
import type { PricedSession, PricingSubject, SessionPricer } from './pricing.js';

export class PricingService implements SessionPricer {
  constructor(private readonly deps: ServiceDeps) {}

  priceSession(_tx: Db, _subject: PricingSubject): Promise<PricedSession> {
    return Promise.reject(new NotSupported('pricing'));
  }
}
