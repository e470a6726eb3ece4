/**
 * A compartment's public page (the QR code may point here): its state in words, its price and how
 * to start it by SMS. Shows that one compartment only; unknown numbers and names are "not found".
 */
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import type { PricingService } from '../pricing/pricing.service.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { FachwerkError, NotFound } from '../shared/errors.js';
import type { Lang } from '../shared/money.js';
import { matchCompartmentName } from './compartment-name.js';
import { compartmentState, type CompartmentState } from './compartment-state.js';
import * as repo from './compartment-page.repository.js';

export interface CompartmentPage {
  serviceNumber: string;
  shortName: string;
  state: CompartmentState;
  stationName: string | null;
  location: { name: string; street: string | null; postalCode: string | null; city: string | null } | null;
  /** The price as the confirmation SMS states it; null when no tariff applies (no SMS start then). */
  priceText: string | null;
}

export type CompartmentLookup =
  | { kind: 'page'; page: CompartmentPage }
  /** The name was spelled differently: the page lives at the canonical short name. */
  | { kind: 'redirect'; serviceNumber: string; shortName: string };

export class CompartmentPageService {
  private readonly db: Db;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'log' | 'now'> & { pricing: PricingService }) {
    this.db = deps.db;
  }

  async find(serviceNumber: string, name: string, lang: Lang): Promise<CompartmentLookup> {
    const institutionId = await repo.institutionOfNumber(this.db, serviceNumber);
    if (institutionId === undefined) throw new NotFound('compartment');
    const shortName = matchCompartmentName(name, await repo.shortNamesOf(this.db, institutionId));
    if (shortName === undefined) throw new NotFound('compartment');
    if (shortName !== name) return { kind: 'redirect', serviceNumber, shortName };
    const row = await repo.compartmentByName(this.db, institutionId, shortName);
    if (row === undefined) throw new NotFound('compartment');
    const cp = row.chargePoint;
    const state = compartmentState({
      stationOnline: row.stationOnline !== null,
      stationAccepted: row.registration === 'accepted',
      status: cp.status,
      door: cp.door,
      inUse: await repo.inUse(this.db, cp.id),
    });
    return {
      kind: 'page',
      page: {
        serviceNumber,
        shortName,
        state,
        stationName: row.stationName,
        location:
          row.location === null
            ? null
            : {
                name: row.location.name,
                street: row.location.street,
                postalCode: row.location.postalCode,
                city: row.location.city,
              },
        priceText: await this.priceText(cp.id, lang),
      },
    };
  }

  private async priceText(chargePointId: string, lang: Lang): Promise<string | null> {
    // The page is public; pricing checks permissions, so it is asked as the system on the page's behalf.
    const ctx: Ctx = {
      actor: systemActor('public compartment page'),
      now: this.deps.now,
      log: this.deps.log,
    };
    try {
      return (await this.deps.pricing.priceText(ctx, chargePointId, lang)).text;
    } catch (error) {
      if (error instanceof FachwerkError && error.code === 'tariff_not_found') return null;
      throw error;
    }
  }
}
