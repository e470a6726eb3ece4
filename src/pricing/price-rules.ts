/**
 * Who a price event or discount is for, and which one wins: pure functions, documented in
 * docs/pricing.md ("Price events" and "Discounts").
 */
import type { PriceRuleTargetKind } from '../db/schema.js';
import { mulDivRoundHalfUp } from '../shared/money.js';

/** The facts about a session that price rules can target. */
export interface PriceRuleSubject {
  userId: string | null;
  userGroupId: string | null;
  stationId: string;
  stationGroupId: string | null;
}

/** More specific targets win: user > user group > station > station group > everyone. */
export const TARGET_RANK: Record<PriceRuleTargetKind, number> = {
  user: 5,
  user_group: 4,
  station: 3,
  station_group: 2,
  all: 1,
};

export function targetMatches(
  rule: { targetKind: PriceRuleTargetKind; targetId: string | null },
  who: PriceRuleSubject,
): boolean {
  switch (rule.targetKind) {
    case 'all':
      return true;
    case 'user':
      return who.userId !== null && rule.targetId === who.userId;
    case 'user_group':
      return who.userGroupId !== null && rule.targetId === who.userGroupId;
    case 'station':
      return rule.targetId === who.stationId;
    case 'station_group':
      return who.stationGroupId !== null && rule.targetId === who.stationGroupId;
  }
}

/** [from, to): an open end (null) is unbounded. */
export function validAt(rule: { validFrom: Date | null; validTo: Date | null }, at: Date): boolean {
  const t = at.getTime();
  return (
    (rule.validFrom === null || rule.validFrom.getTime() <= t) &&
    (rule.validTo === null || t < rule.validTo.getTime())
  );
}

// ---- price events -------------------------------------------------------------------------------

export interface PriceEventRule {
  id: string;
  name: string;
  targetKind: PriceRuleTargetKind;
  targetId: string | null;
  tariffId: string;
  validFrom: Date;
  validTo: Date;
}

/**
 * The price event that prices a session starting at `at`: valid at the session start (the whole
 * session then keeps the event's tariff), for this subject; the most specific target wins, then the
 * latest start of validity (the newer rule), then the smaller id (deterministic).
 */
export function selectPriceEvent<T extends PriceEventRule>(
  events: readonly T[],
  who: PriceRuleSubject,
  at: Date,
): T | undefined {
  const candidates = events.filter((event) => validAt(event, at) && targetMatches(event, who));
  candidates.sort(
    (a, b) =>
      TARGET_RANK[b.targetKind] - TARGET_RANK[a.targetKind] ||
      b.validFrom.getTime() - a.validFrom.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return candidates[0];
}

// ---- discounts ----------------------------------------------------------------------------------

export interface DiscountRule {
  id: string;
  name: string;
  targetKind: PriceRuleTargetKind;
  targetId: string | null;
  /** 1000 = 10 %. Exactly one of percentBp and amountCents is set. */
  percentBp: number | null;
  amountCents: number | null;
  stackable: boolean;
  validFrom: Date | null;
  validTo: Date | null;
}

export interface AppliedDiscount {
  rule: DiscountRule;
  /** Positive: how much the discount takes off. */
  reductionCents: number;
}

/** What a discount takes off `totalCents`: never more than the total, never negative. */
export function reductionOf(rule: DiscountRule, totalCents: number): number {
  if (totalCents <= 0) return 0;
  const raw =
    rule.percentBp !== null
      ? mulDivRoundHalfUp(totalCents, Math.min(Math.max(rule.percentBp, 0), 10_000), 10_000)
      : Math.max(rule.amountCents ?? 0, 0);
  return Math.min(raw, totalCents);
}

const byId = (a: DiscountRule, b: DiscountRule) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Applies a payer's discounts to a session total (gross cents).
 * 1. Only discounts valid at the session start whose target matches the session count.
 * 2. Of the non-stackable ones, one applies: from the most specific target level that has any,
 *    the one taking off the most (ties: smaller id).
 * 3. Every stackable one applies in addition: percentages first, then fixed amounts; within each,
 *    the more specific target first (ties: smaller id). Each works on what is left.
 * 4. Each reduction is capped at what is left, so the result is never below 0 and a discount
 *    never raises the price.
 */
export function applyDiscounts(
  totalCents: number,
  rules: readonly DiscountRule[],
  who: PriceRuleSubject,
  at: Date,
): { applied: AppliedDiscount[]; totalCents: number } {
  const applicable = rules.filter((rule) => validAt(rule, at) && targetMatches(rule, who));
  const order: DiscountRule[] = [];
  const exclusive = applicable.filter((rule) => !rule.stackable);
  if (exclusive.length > 0) {
    const top = Math.max(...exclusive.map((rule) => TARGET_RANK[rule.targetKind]));
    const level = exclusive.filter((rule) => TARGET_RANK[rule.targetKind] === top).sort(byId);
    let best = level[0]!;
    for (const rule of level) if (reductionOf(rule, totalCents) > reductionOf(best, totalCents)) best = rule;
    order.push(best);
  }
  const stackable = applicable
    .filter((rule) => rule.stackable)
    .sort(
      (a, b) =>
        Number(a.percentBp === null) - Number(b.percentBp === null) ||
        TARGET_RANK[b.targetKind] - TARGET_RANK[a.targetKind] ||
        byId(a, b),
    );
  order.push(...stackable);
  let left = totalCents;
  const applied: AppliedDiscount[] = [];
  for (const rule of order) {
    const reductionCents = reductionOf(rule, left);
    if (reductionCents <= 0) continue;
    applied.push({ rule, reductionCents });
    left -= reductionCents;
  }
  return { applied, totalCents: left };
}
