/** fast-check generators for discount rules, shared by the engine's property tests (test-only). */
import fc from 'fast-check';
import type { DiscountRule, PriceRuleSubject } from './price-rules.js';

/** Discounts whose target (if any) is always `match`, the id of every part of WHO. */
export const discountArb: fc.Arbitrary<DiscountRule> = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c', 'd'),
    targetKind: fc.constantFrom('all', 'user', 'user_group', 'station', 'station_group'),
    percent: fc.boolean(),
    value: fc.integer({ min: 1, max: 10_000 }),
    stackable: fc.boolean(),
  })
  .map((d) => ({
    id: d.id,
    name: `Rabatt ${d.id}`,
    targetKind: d.targetKind,
    targetId: d.targetKind === 'all' ? null : 'match',
    percentBp: d.percent ? d.value : null,
    amountCents: d.percent ? null : d.value,
    stackable: d.stackable,
    validFrom: null,
    validTo: null,
  }));

export const WHO: PriceRuleSubject = {
  userId: 'match',
  userGroupId: 'match',
  stationId: 'match',
  stationGroupId: 'match',
};
