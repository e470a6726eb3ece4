import { describe, expect, it } from 'vitest';
import { decideCard, prepaidCanStart, type CardFacts } from './card-rules.js';

const NOW = new Date('2026-03-05T10:00:00Z');
const PAST = new Date('2026-03-05T09:59:59Z');
const FUTURE = new Date('2026-12-31T00:00:00Z');

/** A driver's card paid postpaid through the driver's own account: accepted everywhere. */
const card = (overrides: Partial<CardFacts> = {}): CardFacts => ({
  tokenId: 'token-1',
  tokenStatus: 'accepted',
  tokenExpiresAt: null,
  userId: 'user-1',
  userStatus: 'active',
  companyId: null,
  companyStatus: null,
  accountId: 'account-1',
  strategyKind: 'postpaid',
  strategyActive: true,
  minimumBalanceCents: 0,
  balanceCents: null,
  ...overrides,
});

const prepaid = (balanceCents: number, minimumBalanceCents = 0) =>
  card({ strategyKind: 'prepaid', balanceCents, minimumBalanceCents });

describe('decideCard on a card station', () => {
  it.each<[string, CardFacts, string, string]>([
    ['an active card with a postpaid payer', card(), 'Accepted', 'card_accepted'],
    ['a blocked card', card({ tokenStatus: 'blocked' }), 'Blocked', 'card_blocked'],
    ['an expired card', card({ tokenExpiresAt: PAST }), 'Expired', 'card_expired'],
    ['a card expiring exactly now', card({ tokenExpiresAt: NOW }), 'Expired', 'card_expired'],
    ['a card of a blocked user', card({ userStatus: 'blocked' }), 'Blocked', 'user_blocked'],
    [
      'a user card of a suspended company',
      card({ companyId: 'c', companyStatus: 'suspended' }),
      'Blocked',
      'company_suspended',
    ],
    ['an unassigned card', card({ userId: null, userStatus: null, accountId: null }), 'Invalid', 'no_payer'],
    [
      'a driver without an account',
      card({ accountId: null, strategyKind: null, strategyActive: null }),
      'Invalid',
      'no_payer',
    ],
    [
      'a payer whose strategy is switched off',
      card({ strategyActive: false }),
      'Invalid',
      'strategy_inactive',
    ],
    ['a prepaid payer with credit', prepaid(500), 'Accepted', 'card_accepted'],
    ['a prepaid payer at exactly the minimum', prepaid(500, 500), 'Accepted', 'card_accepted'],
    ['a prepaid payer below the minimum', prepaid(499, 500), 'NoCredit', 'insufficient_balance'],
    ['a prepaid payer with nothing left', prepaid(0), 'NoCredit', 'insufficient_balance'],
    ['an overdrawn prepaid payer', prepaid(-120), 'NoCredit', 'insufficient_balance'],
    [
      'a prepaid payer never topped up',
      card({ strategyKind: 'prepaid' }),
      'NoCredit',
      'insufficient_balance',
    ],
    ['a free strategy', card({ strategyKind: 'free' }), 'Accepted', 'card_accepted'],
    [
      'a company master card',
      card({ userId: null, userStatus: null, companyId: 'c', companyStatus: 'active' }),
      'Accepted',
      'card_accepted',
    ],
    // Blocked wins over every other reason: the card itself is what staff changed.
    [
      'a blocked and expired card',
      card({ tokenStatus: 'blocked', tokenExpiresAt: PAST }),
      'Blocked',
      'card_blocked',
    ],
    [
      'an expired card of a blocked user',
      card({ tokenExpiresAt: PAST, userStatus: 'blocked' }),
      'Expired',
      'card_expired',
    ],
  ])('%s: %s (%s)', (_what, facts, status, reason) => {
    const decision = decideCard(facts, NOW, 'cards');
    expect(decision).toMatchObject({ status, reason, tokenId: 'token-1' });
  });

  it('lets the station cache an accepted card only until the card expires', () => {
    expect(decideCard(card({ tokenExpiresAt: FUTURE }), NOW, 'cards').expiresAt).toEqual(FUTURE);
    expect(decideCard(card(), NOW, 'cards').expiresAt).toBeUndefined();
  });
});

describe('decideCard on a free station', () => {
  it.each<[string, CardFacts, string, string]>([
    ['an active card', card(), 'Accepted', 'card_accepted'],
    ['a blocked card stays blocked', card({ tokenStatus: 'blocked' }), 'Blocked', 'card_blocked'],
    ['a card of a blocked user stays blocked', card({ userStatus: 'blocked' }), 'Blocked', 'user_blocked'],
    ['an expired card', card({ tokenExpiresAt: PAST }), 'Accepted', 'free_station'],
    ['an unassigned card', card({ userId: null, accountId: null }), 'Accepted', 'free_station'],
    ['a suspended company', card({ companyId: 'c', companyStatus: 'suspended' }), 'Accepted', 'free_station'],
    ['no credit', prepaid(0), 'Accepted', 'free_station'],
    ['an inactive strategy', card({ strategyActive: false }), 'Accepted', 'free_station'],
  ])('%s: %s (%s)', (_what, facts, status, reason) => {
    expect(decideCard(facts, NOW, 'free')).toMatchObject({ status, reason, tokenId: 'token-1' });
  });
});

describe('prepaidCanStart', () => {
  it.each([
    [1, 0, true],
    [0, 0, false],
    [-1, 0, false],
    [1000, 1000, true],
    [999, 1000, false],
    [5, -100, true],
    [0, -100, false],
  ])('balance %i with minimum %i: %s', (balance, minimum, expected) => {
    expect(prepaidCanStart(balance, minimum)).toBe(expected);
  });
});
