/**
 * Whether a registered card may charge, as a pure function of what the database knows about it
 * (docs/authorization.md). The card decider, the local lists and the "why is this card refused?"
 * endpoint all decide here, so a station online, a station offline and staff see the same answer.
 */
import type { PayerInfo } from '../accounts/payer.js';
import type { StationAuthorizationMode } from '../db/schema.js';
import type { AuthorizationDecision } from './authorization.js';

/** What decides about one card: its payer (accounts/payer.ts) and, for prepaid payers, the balance. */
export type CardFacts = Omit<PayerInfo, 'userGroupId' | 'strategyId' | 'value' | 'type'> & {
  /** The payer's prepaid balance in cents; null when not prepaid (or not looked up). */
  balanceCents: number | null;
};

/**
 * A prepaid payer may start when the balance covers the strategy's minimum and is above zero:
 * a minimum of 0 does not let an empty (or overdrawn) account start a session it cannot pay.
 */
export function prepaidCanStart(balanceCents: number, minimumBalanceCents: number): boolean {
  return balanceCents > 0 && balanceCents >= minimumBalanceCents;
}

/** The decision on a station that only accepts cards whose payer can pay (authorization_mode `cards`). */
function decideForCards(facts: CardFacts, now: Date): AuthorizationDecision {
  const tokenId = facts.tokenId;
  if (facts.tokenStatus === 'blocked') return { status: 'Blocked', reason: 'card_blocked', tokenId };
  if (facts.tokenExpiresAt !== null && facts.tokenExpiresAt.getTime() <= now.getTime())
    return { status: 'Expired', reason: 'card_expired', tokenId };
  if (facts.userId !== null && facts.userStatus === 'blocked')
    return { status: 'Blocked', reason: 'user_blocked', tokenId };
  if (facts.companyId !== null && facts.companyStatus === 'suspended')
    return { status: 'Blocked', reason: 'company_suspended', tokenId };
  if (facts.accountId === null) return { status: 'Invalid', reason: 'no_payer', tokenId };
  if (facts.strategyActive !== true) return { status: 'Invalid', reason: 'strategy_inactive', tokenId };
  if (facts.strategyKind === 'prepaid') {
    const balance = facts.balanceCents ?? 0;
    if (!prepaidCanStart(balance, facts.minimumBalanceCents ?? 0))
      return { status: 'NoCredit', reason: 'insufficient_balance', tokenId };
  }
  return {
    status: 'Accepted',
    reason: 'card_accepted',
    tokenId,
    ...(facts.tokenExpiresAt === null ? {} : { expiresAt: facts.tokenExpiresAt }),
  };
}

/** Refusals that a free station keeps: somebody blocked this card or its holder on purpose. */
const KEPT_ON_FREE_STATIONS = new Set(['card_blocked', 'user_blocked']);

/**
 * On a free station (authorization_mode `free`, nothing is billed) every card is accepted except a
 * blocked card or a card of a blocked user: a lost or stolen card stays unusable everywhere.
 * Whatever else would refuse the card (expired, no payer, no credit, company suspended) is about
 * paying, and nobody pays there.
 */
export function decideCard(
  facts: CardFacts,
  now: Date,
  mode: StationAuthorizationMode,
): AuthorizationDecision {
  const decision = decideForCards(facts, now);
  if (mode === 'cards' || decision.status === 'Accepted') return decision;
  if (KEPT_ON_FREE_STATIONS.has(decision.reason ?? '')) return decision;
  return { status: 'Accepted', reason: 'free_station', tokenId: facts.tokenId };
}

/** A token nobody registered, presented at a free station. */
export const FREE_STATION_UNKNOWN: AuthorizationDecision = { status: 'Accepted', reason: 'free_station' };
