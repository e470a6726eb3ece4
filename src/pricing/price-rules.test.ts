import { describe, expect, it } from 'vitest';
import {
  applyDiscounts,
  selectPriceEvent,
  type DiscountRule,
  type PriceEventRule,
  type PriceRuleSubject,
} from './price-rules.js';

const WHO: PriceRuleSubject = { userId: 'u1', userGroupId: 'g1', stationId: 's1', stationGroupId: 'sg1' };
const AT = new Date('2026-11-21T10:00:00Z');

const discount = (id: string, values: Partial<DiscountRule>): DiscountRule => ({
  id,
  name: id,
  targetKind: 'all',
  targetId: null,
  percentBp: null,
  amountCents: null,
  stackable: false,
  validFrom: null,
  validTo: null,
  ...values,
});

const applied = (total: number, rules: DiscountRule[]) => {
  const result = applyDiscounts(total, rules, WHO, AT);
  return { total: result.totalCents, ids: result.applied.map((a) => `${a.rule.id}:${a.reductionCents}`) };
};

describe('discount precedence and stacking', () => {
  it.each([
    {
      name: 'the most specific target wins over a larger general one',
      rules: [
        discount('all50', { percentBp: 5000 }),
        discount('user10', { targetKind: 'user', targetId: 'u1', percentBp: 1000 }),
      ],
      total: 1000,
      expected: { total: 900, ids: ['user10:100'] },
    },
    {
      name: 'user group beats station and station group',
      rules: [
        discount('station', { targetKind: 'station', targetId: 's1', amountCents: 500 }),
        discount('group', { targetKind: 'user_group', targetId: 'g1', amountCents: 100 }),
        discount('stgroup', { targetKind: 'station_group', targetId: 'sg1', amountCents: 900 }),
      ],
      total: 1000,
      expected: { total: 900, ids: ['group:100'] },
    },
    {
      name: 'within one level the largest reduction wins',
      rules: [
        discount('pct', { targetKind: 'station', targetId: 's1', percentBp: 1000 }),
        discount('fix', { targetKind: 'station', targetId: 's1', amountCents: 150 }),
      ],
      total: 1000,
      expected: { total: 850, ids: ['fix:150'] },
    },
    {
      name: 'a rule for someone else does not count',
      rules: [
        discount('other', { targetKind: 'user', targetId: 'u2', percentBp: 9000 }),
        discount('all', { percentBp: 1000 }),
      ],
      total: 1000,
      expected: { total: 900, ids: ['all:100'] },
    },
    {
      name: 'stackable ones apply in addition: percent before fixed, on what is left',
      rules: [
        discount('fixS', { amountCents: 100, stackable: true }),
        discount('main', { targetKind: 'user', targetId: 'u1', percentBp: 1000 }),
        discount('pctS', { percentBp: 5000, stackable: true }),
      ],
      total: 1000,
      expected: { total: 350, ids: ['main:100', 'pctS:450', 'fixS:100'] },
    },
    {
      name: 'never below zero',
      rules: [
        discount('big', { amountCents: 5000 }),
        discount('more', { amountCents: 5000, stackable: true }),
      ],
      total: 1000,
      expected: { total: 0, ids: ['big:1000'] },
    },
    {
      name: 'expired and future discounts do not apply',
      rules: [
        discount('old', { percentBp: 5000, validTo: new Date('2026-11-21T10:00:00Z') }),
        discount('new', { percentBp: 5000, validFrom: new Date('2026-11-21T10:00:01Z') }),
      ],
      total: 1000,
      expected: { total: 1000, ids: [] },
    },
    {
      name: 'percent rounds half up (10 % of 35 = 3.5 → 4)',
      rules: [discount('p', { percentBp: 1000 })],
      total: 35,
      expected: { total: 31, ids: ['p:4'] },
    },
  ])('$name', ({ rules, total, expected }) => {
    expect(applied(total, rules)).toEqual(expected);
  });
});

describe('price event selection', () => {
  const event = (id: string, values: Partial<PriceEventRule>): PriceEventRule => ({
    id,
    name: id,
    targetKind: 'all',
    targetId: null,
    tariffId: `t-${id}`,
    validFrom: new Date('2026-11-01T00:00:00Z'),
    validTo: new Date('2026-12-01T00:00:00Z'),
    ...values,
  });

  it('chooses the most specific event valid at the session start', () => {
    const events = [
      event('all', {}),
      event('group', { targetKind: 'user_group', targetId: 'g1' }),
      event('station', { targetKind: 'station', targetId: 's1' }),
      event('foreign', { targetKind: 'user', targetId: 'u2' }),
    ];
    expect(selectPriceEvent(events, WHO, AT)?.id).toBe('group');
    expect(selectPriceEvent(events, { ...WHO, userGroupId: null }, AT)?.id).toBe('station');
  });

  it('the newer of two equally specific events wins; validTo is exclusive', () => {
    const events = [event('older', {}), event('newer', { validFrom: new Date('2026-11-20T00:00:00Z') })];
    expect(selectPriceEvent(events, WHO, AT)?.id).toBe('newer');
    expect(selectPriceEvent(events, WHO, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
  });
});
