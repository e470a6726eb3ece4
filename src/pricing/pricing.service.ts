/**
 * Tariffs (price modules) and where they apply, price events, discounts, quotes and price texts.
 * Implements SessionPricer for billing: the same engine prices quotes and charge records, so what
 * a driver is told is what they pay.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import type { PriceRuleTargetKind, TariffTargetKind } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, NotFound, TariffNotFound, ValidationFailed } from '../shared/errors.js';
import { priceSession as runEngine, type EngineTariff } from './engine.js';
import type { Lang } from '../shared/money.js';
import { selectPriceEvent, type DiscountRule, type PriceRuleSubject } from './price-rules.js';
import { priceText, type PriceText } from './price-text.js';
import type { PricedSession, PricingSubject, SessionPricer } from './pricing.js';
import * as repo from './pricing.repository.js';
import { validateTariffDefinition } from './tariff-definition.js';
import { MAX_PREVIEW_MINUTES, previewTariff, type TariffPreview } from './tariff-preview.js';
import {
  chainTargets,
  resolveAssignedTariff,
  resolveTariff,
  type TariffChain,
  type TariffSource,
} from './tariff-resolution.js';

export type { DiscountRow, PriceEventRow, TariffRow } from './pricing.repository.js';
export type { TariffTargetKind };

const MAX_QUOTE_MINUTES = 31 * 24 * 60;

export interface TariffInput {
  name: string;
  currency?: string;
  vatRateBp?: number;
  definition: unknown;
  active?: boolean;
}

export interface PriceEventInput {
  name: string;
  targetKind: PriceRuleTargetKind;
  targetId?: string | null;
  tariffId: string;
  validFrom: string;
  validTo: string;
}

export interface DiscountInput {
  strategyId: string;
  name: string;
  targetKind: PriceRuleTargetKind;
  targetId?: string | null;
  percentBp?: number | null;
  amountCents?: number | null;
  stackable?: boolean;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface QuoteInput {
  /** ISO 8601 duration, e.g. PT3H20M (default PT1H). */
  duration?: string;
  energyWh?: number;
  /** Start of the quoted session (ISO 8601); default now. */
  at?: string;
  userId?: string;
}

export interface TariffPreviewRequest {
  /** The draft definition, checked like a write (422 naming the field). */
  definition: unknown;
  currency?: string;
  vatRateBp?: number;
  durationMinutes: number;
  energyWh?: number;
  /** Start of the hypothetical session (ISO 8601); default now. */
  startAt?: string;
}

export interface EffectiveTariff {
  chargePointId: string;
  tariff: repo.TariffRow | null;
  source: TariffSource | null;
}

export interface Quote extends PricedSession {
  startedAt: Date;
  stoppedAt: Date;
  source: TariffSource;
}

export interface ChargePointPriceText extends PriceText {
  chargePointId: string;
  tariffId: string;
  tariffName: string;
  source: TariffSource;
}

function foreignKeyViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if ((current as { code?: unknown }).code === '23503') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** "PT3H20M", "P1DT2H", "PT90M" → minutes (seconds round up to a started minute). */
export function parseDurationMinutes(text: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (match === null || text === 'P' || text.endsWith('T'))
    throw new ValidationFailed('duration is an ISO 8601 duration such as PT3H20M', { field: 'duration' });
  const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
  const minutes = d! * 1440 + h! * 60 + m! + Math.ceil(s! / 60);
  if (minutes > MAX_QUOTE_MINUTES)
    throw new ValidationFailed('duration is at most 31 days', { field: 'duration' });
  return minutes;
}

function parseInstant(text: string, field: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ValidationFailed(`${field} is not a date-time`, { field });
  return date;
}

const engineTariff = (row: repo.TariffRow): EngineTariff => ({
  id: row.id,
  name: row.name,
  currency: row.currency,
  vatRateBp: row.vatRateBp,
  definition: validateTariffDefinition(row.definition, `tariff ${row.id} definition`),
});

const discountRule = (row: repo.DiscountRow): DiscountRule => ({
  id: row.id,
  name: row.name,
  targetKind: row.targetKind,
  targetId: row.targetId,
  percentBp: row.percentBp,
  amountCents: row.amountCents,
  stackable: row.stackable,
  validFrom: row.validFrom,
  validTo: row.validTo,
});

/** Everything the engine needs about a session, loaded through one handle (a transaction in billing). */
interface PricingFacts {
  chain: TariffChain;
  who: PriceRuleSubject;
  strategyId: string | null;
  startedAt: Date;
}

export class PricingService implements SessionPricer {
  constructor(private readonly deps: ServiceDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  // ---- pricing (billing, quotes, texts) ---------------------------------------------------------

  /** Finds the tariff that prices a session: event, group tariff, then the inheritance chain. */
  private async resolve(db: Db, facts: PricingFacts) {
    const events = await repo.priceEventsAt(db, facts.chain.institutionId, facts.startedAt);
    const event = selectPriceEvent(events, facts.who, facts.startedAt);
    const assignments = await repo.assignmentsFor(db, chainTargets(facts.chain));
    const group =
      facts.who.userGroupId === null ? undefined : await repo.findUserGroup(db, facts.who.userGroupId);
    const candidateIds = [
      ...assignments.map((a) => a.tariffId),
      ...(event === undefined ? [] : [event.tariffId]),
      ...(group?.tariffId ? [group.tariffId] : []),
    ];
    const tariffRows = await repo.findTariffs(db, [...new Set(candidateIds)]);
    const usable = new Map(
      tariffRows
        .filter((t) => t.active && t.institutionId === facts.chain.institutionId)
        .map((t) => [t.id, t]),
    );
    const resolved = resolveTariff({
      chain: facts.chain,
      assignments,
      userGroup: group === undefined || group.institutionId !== facts.chain.institutionId ? null : group,
      event: event ?? null,
      isActive: (id) => usable.has(id),
    });
    if (resolved === undefined) throw new TariffNotFound(facts.chain.chargePointId, facts.chain.stationId);
    return { resolved, tariff: usable.get(resolved.tariffId)! };
  }

  private async price(
    db: Db,
    facts: PricingFacts,
    session: {
      stoppedAt: Date;
      chargingEndedAt: Date | null;
      energyWh: number;
      energySamples?: PricingSubject['energySamples'];
    },
  ): Promise<{ priced: PricedSession; source: TariffSource }> {
    const { resolved, tariff } = await this.resolve(db, facts);
    const discountRows =
      facts.strategyId === null ? [] : await repo.discountsOfStrategy(db, facts.strategyId);
    const engine = engineTariff(tariff);
    const priced = runEngine({
      startedAt: facts.startedAt,
      stoppedAt: session.stoppedAt,
      chargingEndedAt: session.chargingEndedAt,
      energyWh: session.energyWh,
      energySamples: session.energySamples,
      tariff: engine,
      event: resolved.source.kind === 'price_event' ? { id: resolved.source.id, tariff: engine } : null,
      discounts: discountRows.filter((d) => d.institutionId === facts.chain.institutionId).map(discountRule),
      subject: facts.who,
    });
    return { priced, source: resolved.source };
  }

  async priceSession(tx: Db, subject: PricingSubject): Promise<PricedSession> {
    const station = await repo.findStationPlace(tx, subject.stationId);
    if (station === undefined) throw new NotFound('station', subject.stationId);
    const { priced } = await this.price(
      tx,
      {
        chain: {
          chargePointId: subject.chargePointId,
          stationId: station.id,
          stationGroupId: station.groupId,
          locationId: station.locationId,
          institutionId: station.institutionId,
        },
        who: {
          userId: subject.userId,
          userGroupId: subject.userGroupId,
          stationId: station.id,
          stationGroupId: station.groupId,
        },
        strategyId: subject.strategyId,
        startedAt: subject.startedAt,
      },
      subject,
    );
    return priced;
  }

  private async visibleChargePoint(ctx: Ctx, chargePointId: string) {
    return assertVisible(
      ctx.actor,
      await repo.findChargePointPlace(this.db, chargePointId),
      'charge point',
      chargePointId,
    );
  }

  private chainOf(cp: NonNullable<Awaited<ReturnType<typeof repo.findChargePointPlace>>>): TariffChain {
    return {
      chargePointId: cp.id,
      stationId: cp.stationId,
      stationGroupId: cp.groupId,
      locationId: cp.locationId,
      institutionId: cp.institutionId,
    };
  }

  /** "What would 3 h 20 min cost here now": priced exactly as billing would. */
  async quote(ctx: Ctx, chargePointId: string, input: QuoteInput): Promise<Quote> {
    requirePermission(ctx.actor, 'pricing:read');
    const cp = await this.visibleChargePoint(ctx, chargePointId);
    const minutes = parseDurationMinutes(input.duration ?? 'PT1H');
    const startedAt = input.at === undefined ? ctx.now() : parseInstant(input.at, 'at');
    const stoppedAt = new Date(startedAt.getTime() + minutes * 60_000);
    let who: PriceRuleSubject = {
      userId: null,
      userGroupId: null,
      stationId: cp.stationId,
      stationGroupId: cp.groupId,
    };
    let strategyId: string | null = null;
    if (input.userId !== undefined) {
      const user = await repo.findUserForPricing(this.db, input.userId);
      if (user === undefined || user.institutionId !== cp.institutionId)
        throw new NotFound('user', input.userId);
      who = { ...who, userId: user.id, userGroupId: user.groupId };
      strategyId = user.strategyId;
    }
    const { priced, source } = await this.price(
      this.db,
      { chain: this.chainOf(cp), who, strategyId, startedAt },
      { stoppedAt, chargingEndedAt: null, energyWh: input.energyWh ?? 0 },
    );
    return { ...priced, startedAt, stoppedAt, source };
  }

  /** The price text a driver sees for a charge point now (anonymous driver: events apply, groups do not). */
  async priceText(ctx: Ctx, chargePointId: string, lang: Lang): Promise<ChargePointPriceText> {
    requirePermission(ctx.actor, 'pricing:read');
    const cp = await this.visibleChargePoint(ctx, chargePointId);
    const { resolved, tariff } = await this.resolve(this.db, {
      chain: this.chainOf(cp),
      who: { userId: null, userGroupId: null, stationId: cp.stationId, stationGroupId: cp.groupId },
      strategyId: null,
      startedAt: ctx.now(),
    });
    const text = priceText(engineTariff(tariff), lang);
    return { ...text, chargePointId, tariffId: tariff.id, tariffName: tariff.name, source: resolved.source };
  }

  /** The tariff the charge point's inheritance chain gives it (no group or event), and where it comes from. */
  async effectiveTariff(ctx: Ctx, chargePointId: string): Promise<EffectiveTariff> {
    requirePermission(ctx.actor, 'pricing:read');
    const cp = await this.visibleChargePoint(ctx, chargePointId);
    const chain = this.chainOf(cp);
    const assignments = await repo.assignmentsFor(this.db, chainTargets(chain));
    const rows = await repo.findTariffs(
      this.db,
      assignments.map((a) => a.tariffId),
    );
    const active = new Map(rows.filter((t) => t.active).map((t) => [t.id, t]));
    const resolved = resolveAssignedTariff({ chain, assignments, isActive: (id) => active.has(id) });
    return {
      chargePointId,
      tariff: resolved === undefined ? null : active.get(resolved.tariffId)!,
      source: resolved?.source ?? null,
    };
  }

  // ---- tariffs ----------------------------------------------------------------------------------

  /**
   * A draft tariff priced for a hypothetical session, with the SMS price text, before it is saved.
   * Touches no institution's data, so reading prices is the only permission it needs.
   */
  previewTariff(ctx: Ctx, input: TariffPreviewRequest): TariffPreview {
    requirePermission(ctx.actor, 'pricing:read');
    if (input.durationMinutes > MAX_PREVIEW_MINUTES)
      throw new ValidationFailed('durationMinutes is at most 31 days', { field: 'durationMinutes' });
    return previewTariff({
      definition: input.definition,
      currency: (input.currency ?? 'EUR').toUpperCase(),
      vatRateBp: input.vatRateBp ?? 1900,
      durationMinutes: input.durationMinutes,
      energyWh: input.energyWh ?? 0,
      startAt: input.startAt === undefined ? ctx.now() : parseInstant(input.startAt, 'startAt'),
    });
  }

  /** Where tariffs are assigned (institution, locations, groups, stations, charge points), with names. */
  async listAssignments(
    ctx: Ctx,
    query: { institutionId?: string; tariffId?: string } = {},
  ): Promise<repo.AssignmentListRow[]> {
    requirePermission(ctx.actor, 'pricing:read');
    return repo.listAssignments(this.db, scopeOf(ctx.actor), query);
  }

  async listTariffs(ctx: Ctx, query: { institutionId?: string } = {}): Promise<repo.TariffRow[]> {
    requirePermission(ctx.actor, 'pricing:read');
    return repo.listTariffs(this.db, scopeOf(ctx.actor), query);
  }

  async getTariff(ctx: Ctx, id: string): Promise<repo.TariffRow> {
    requirePermission(ctx.actor, 'pricing:read');
    return assertVisible(ctx.actor, await repo.findTariff(this.db, id), 'tariff', id);
  }

  async createTariff(ctx: Ctx, input: TariffInput & { institutionId?: string }): Promise<repo.TariffRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const definition = validateTariffDefinition(input.definition);
    const name = input.name.trim();
    return this.db.transaction(async (tx) => {
      let row: repo.TariffRow;
      try {
        row = await repo.insertTariff(tx, {
          institutionId,
          name,
          definition,
          ...(input.currency === undefined ? {} : { currency: input.currency.toUpperCase() }),
          ...(input.vatRateBp === undefined ? {} : { vatRateBp: input.vatRateBp }),
          ...(input.active === undefined ? {} : { active: input.active }),
        });
      } catch (error) {
        if (uniqueViolation(error)) throw new Conflict(`A tariff named ${name} exists`, { name });
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'tariff.created',
        target: `tariff:${row.id}`,
        details: { name, currency: row.currency, vatRateBp: row.vatRateBp, definition },
      });
      return row;
    });
  }

  async updateTariff(ctx: Ctx, id: string, input: Partial<TariffInput>): Promise<repo.TariffRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(ctx.actor, await repo.findTariff(this.db, id), 'tariff', id);
    const values: Partial<typeof row> = {};
    if (input.definition !== undefined) values.definition = validateTariffDefinition(input.definition);
    if (input.name !== undefined) values.name = input.name.trim();
    if (input.currency !== undefined) values.currency = input.currency.toUpperCase();
    if (input.vatRateBp !== undefined) values.vatRateBp = input.vatRateBp;
    if (input.active !== undefined) values.active = input.active;
    if (Object.keys(values).length === 0) return row;
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(values) as (keyof typeof values)[]) before[key] = row[key];
    return this.db.transaction(async (tx) => {
      let updated: repo.TariffRow;
      try {
        updated = await repo.updateTariff(tx, id, { ...values, updatedAt: ctx.now() });
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`A tariff named ${values.name} exists`, { name: values.name });
        throw error;
      }
      // Who changed which price, from what to what.
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'tariff.updated',
        target: `tariff:${id}`,
        details: { before, after: values },
      });
      return updated;
    });
  }

  async deleteTariff(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(ctx.actor, await repo.findTariff(this.db, id), 'tariff', id);
    try {
      await this.db.transaction(async (tx) => {
        await repo.deleteTariff(tx, id);
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'tariff.deleted',
          target: `tariff:${id}`,
          details: { name: row.name, definition: row.definition },
        });
      });
    } catch (error) {
      if (foreignKeyViolation(error))
        throw new Conflict(
          'The tariff is in use (assigned, in an event, a user group or a charge record); deactivate it instead',
          { tariffId: id },
        );
      throw error;
    }
  }

  // ---- assignments ------------------------------------------------------------------------------

  /** The target must exist and be visible; its institution is the assignment's. */
  private async visibleTarget(ctx: Ctx, kind: TariffTargetKind, targetId: string): Promise<string> {
    const institutionId = await repo.institutionOfTarget(this.db, kind, targetId);
    const label = kind.replace('_', ' ');
    assertVisible(ctx.actor, institutionId === undefined ? undefined : { institutionId }, label, targetId);
    return institutionId!;
  }

  async assignTariff(
    ctx: Ctx,
    targetKind: TariffTargetKind,
    targetId: string,
    tariffId: string,
  ): Promise<repo.TariffAssignmentRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const institutionId = await this.visibleTarget(ctx, targetKind, targetId);
    const tariff = await repo.findTariff(this.db, tariffId);
    if (tariff === undefined || tariff.institutionId !== institutionId)
      throw new NotFound('tariff', tariffId);
    return this.db.transaction(async (tx) => {
      const previous = await repo.findAssignment(tx, targetKind, targetId);
      const row = await repo.upsertAssignment(tx, { institutionId, targetKind, targetId, tariffId });
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'tariff.assigned',
        target: `${targetKind}:${targetId}`,
        details: { tariffId, previousTariffId: previous?.tariffId ?? null },
      });
      return row;
    });
  }

  async unassignTariff(ctx: Ctx, targetKind: TariffTargetKind, targetId: string): Promise<void> {
    requirePermission(ctx.actor, 'pricing:manage');
    const institutionId = await this.visibleTarget(ctx, targetKind, targetId);
    const previous = await repo.findAssignment(this.db, targetKind, targetId);
    if (previous === undefined)
      throw new NotFound(`tariff assignment of ${targetKind.replace('_', ' ')}`, targetId);
    await this.db.transaction(async (tx) => {
      await repo.deleteAssignment(tx, targetKind, targetId);
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'tariff.unassigned',
        target: `${targetKind}:${targetId}`,
        details: { previousTariffId: previous.tariffId },
      });
    });
  }

  // ---- price rule targets -----------------------------------------------------------------------

  private async checkRuleTarget(
    kind: PriceRuleTargetKind,
    targetId: string | null | undefined,
    institutionId: string,
  ): Promise<string | null> {
    if (kind === 'all') {
      if (targetId !== undefined && targetId !== null)
        throw new ValidationFailed('targetId must be empty for target all', { field: 'targetId' });
      return null;
    }
    if (targetId === undefined || targetId === null)
      throw new ValidationFailed(`targetId is required for target ${kind}`, { field: 'targetId' });
    const owner = await repo.institutionOfTarget(this.db, kind, targetId);
    if (owner !== institutionId) throw new NotFound(kind.replace('_', ' '), targetId);
    return targetId;
  }

  private static checkWindow(from: Date | null, to: Date | null): void {
    if (from !== null && to !== null && to.getTime() <= from.getTime())
      throw new ValidationFailed('validTo must be after validFrom', { field: 'validTo' });
  }

  // ---- price events -----------------------------------------------------------------------------

  async listPriceEvents(ctx: Ctx, query: { institutionId?: string } = {}): Promise<repo.PriceEventRow[]> {
    requirePermission(ctx.actor, 'pricing:read');
    return repo.listPriceEvents(this.db, scopeOf(ctx.actor), query);
  }

  async getPriceEvent(ctx: Ctx, id: string): Promise<repo.PriceEventRow> {
    requirePermission(ctx.actor, 'pricing:read');
    return assertVisible(ctx.actor, await repo.findPriceEvent(this.db, id), 'price event', id);
  }

  async createPriceEvent(
    ctx: Ctx,
    input: PriceEventInput & { institutionId?: string },
  ): Promise<repo.PriceEventRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const values = await this.eventValues(institutionId, input);
    return this.db.transaction(async (tx) => {
      const row = await repo.insertPriceEvent(tx, {
        institutionId,
        name: values.name!,
        targetKind: values.targetKind!,
        targetId: values.targetId ?? null,
        tariffId: values.tariffId!,
        validFrom: values.validFrom!,
        validTo: values.validTo!,
      });
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'price_event.created',
        target: `price_event:${row.id}`,
        details: { ...values },
      });
      return row;
    });
  }

  private async eventValues(
    institutionId: string,
    input: Partial<PriceEventInput>,
    current?: repo.PriceEventRow,
  ): Promise<Partial<repo.PriceEventRow>> {
    const values: Partial<repo.PriceEventRow> = {};
    if (input.name !== undefined) values.name = input.name.trim();
    const kind = input.targetKind ?? current?.targetKind;
    if (input.targetKind !== undefined || input.targetId !== undefined) {
      values.targetKind = kind!;
      values.targetId = await this.checkRuleTarget(
        kind!,
        input.targetId === undefined ? current?.targetId : input.targetId,
        institutionId,
      );
    }
    if (input.tariffId !== undefined) {
      const tariff = await repo.findTariff(this.db, input.tariffId);
      if (tariff === undefined || tariff.institutionId !== institutionId)
        throw new NotFound('tariff', input.tariffId);
      values.tariffId = input.tariffId;
    }
    if (input.validFrom !== undefined) values.validFrom = parseInstant(input.validFrom, 'validFrom');
    if (input.validTo !== undefined) values.validTo = parseInstant(input.validTo, 'validTo');
    PricingService.checkWindow(
      values.validFrom ?? current?.validFrom ?? null,
      values.validTo ?? current?.validTo ?? null,
    );
    return values;
  }

  async updatePriceEvent(ctx: Ctx, id: string, input: Partial<PriceEventInput>): Promise<repo.PriceEventRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(ctx.actor, await repo.findPriceEvent(this.db, id), 'price event', id);
    const values = await this.eventValues(row.institutionId, input, row);
    if (Object.keys(values).length === 0) return row;
    return this.db.transaction(async (tx) => {
      const updated = await repo.updatePriceEvent(tx, id, values);
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'price_event.updated',
        target: `price_event:${id}`,
        details: { after: values },
      });
      return updated;
    });
  }

  async deletePriceEvent(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(ctx.actor, await repo.findPriceEvent(this.db, id), 'price event', id);
    await this.db.transaction(async (tx) => {
      await repo.deletePriceEvent(tx, id);
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'price_event.deleted',
        target: `price_event:${id}`,
        details: { name: row.name, tariffId: row.tariffId },
      });
    });
  }

  // ---- discounts --------------------------------------------------------------------------------

  async listDiscounts(
    ctx: Ctx,
    query: { institutionId?: string; strategyId?: string } = {},
  ): Promise<repo.DiscountRow[]> {
    requirePermission(ctx.actor, 'pricing:read');
    return repo.listDiscounts(this.db, scopeOf(ctx.actor), query);
  }

  async getDiscount(ctx: Ctx, id: string): Promise<repo.DiscountRow> {
    requirePermission(ctx.actor, 'pricing:read');
    return assertVisible(ctx.actor, await repo.findDiscount(this.db, id), 'discount', id);
  }

  private async discountValues(
    institutionId: string,
    input: Partial<DiscountInput>,
    current?: repo.DiscountRow,
  ): Promise<Partial<repo.DiscountRow>> {
    const values: Partial<repo.DiscountRow> = {};
    if (input.name !== undefined) values.name = input.name.trim();
    if (input.targetKind !== undefined || input.targetId !== undefined) {
      const kind = input.targetKind ?? current!.targetKind;
      values.targetKind = kind;
      values.targetId = await this.checkRuleTarget(
        kind,
        input.targetId === undefined ? current?.targetId : input.targetId,
        institutionId,
      );
    }
    if (input.percentBp !== undefined) values.percentBp = input.percentBp;
    if (input.amountCents !== undefined) values.amountCents = input.amountCents;
    const percent = values.percentBp !== undefined ? values.percentBp : (current?.percentBp ?? null);
    const amount = values.amountCents !== undefined ? values.amountCents : (current?.amountCents ?? null);
    if ((percent === null) === (amount === null))
      throw new ValidationFailed('A discount has exactly one of percentBp and amountCents', {
        field: percent === null ? 'percentBp' : 'amountCents',
      });
    if (input.stackable !== undefined) values.stackable = input.stackable;
    if (input.validFrom !== undefined)
      values.validFrom = input.validFrom === null ? null : parseInstant(input.validFrom, 'validFrom');
    if (input.validTo !== undefined)
      values.validTo = input.validTo === null ? null : parseInstant(input.validTo, 'validTo');
    PricingService.checkWindow(
      values.validFrom !== undefined ? values.validFrom : (current?.validFrom ?? null),
      values.validTo !== undefined ? values.validTo : (current?.validTo ?? null),
    );
    return values;
  }

  /** A discount lives inside an accounting strategy of the same institution. */
  async createDiscount(ctx: Ctx, input: DiscountInput): Promise<repo.DiscountRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const strategy = assertVisible(
      ctx.actor,
      await repo.findStrategy(this.db, input.strategyId),
      'accounting strategy',
      input.strategyId,
    );
    const values = await this.discountValues(strategy.institutionId, input);
    return this.db.transaction(async (tx) => {
      const row = await repo.insertDiscount(tx, {
        ...values,
        institutionId: strategy.institutionId,
        strategyId: strategy.id,
        name: values.name!,
        targetKind: values.targetKind!,
      });
      await recordAudit(tx, ctx, {
        institutionId: strategy.institutionId,
        action: 'discount.created',
        target: `discount:${row.id}`,
        details: { strategyId: strategy.id, ...values },
      });
      return row;
    });
  }

  async updateDiscount(
    ctx: Ctx,
    id: string,
    input: Partial<Omit<DiscountInput, 'strategyId'>>,
  ): Promise<repo.DiscountRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(ctx.actor, await repo.findDiscount(this.db, id), 'discount', id);
    const values = await this.discountValues(row.institutionId, input, row);
    if (Object.keys(values).length === 0) return row;
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(values) as (keyof typeof values)[]) before[key] = row[key];
    return this.db.transaction(async (tx) => {
      const updated = await repo.updateDiscount(tx, id, values);
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'discount.updated',
        target: `discount:${id}`,
        details: { before, after: values },
      });
      return updated;
    });
  }

  async deleteDiscount(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(ctx.actor, await repo.findDiscount(this.db, id), 'discount', id);
    await this.db.transaction(async (tx) => {
      await repo.deleteDiscount(tx, id);
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'discount.deleted',
        target: `discount:${id}`,
        details: { name: row.name, strategyId: row.strategyId },
      });
    });
  }
}
