import type { Ctx } from '../shared/context.js';
import {
  UNKNOWN_TOKEN,
  type AuthorizationDecider,
  type AuthorizationDecision,
  type AuthorizationRequest,
} from './authorization.js';
import type { CardDecider, CardExplanation } from './card.decider.js';

/** Asks the deciders in order; the first that knows the token decides, otherwise it is Invalid. */
export class AuthorizationService {
  private readonly deciders: AuthorizationDecider[];

  /** `cards`: the registered-card decider, which also explains its decisions to staff. */
  constructor(
    deciders: AuthorizationDecider[],
    private readonly options: { cards?: CardDecider } = {},
  ) {
    this.deciders = [...deciders];
  }

  /** Why a registered card is accepted or refused (at a station, or on a card station in general). */
  async explainCard(ctx: Ctx, tokenId: string, stationRef?: string): Promise<CardExplanation> {
    if (this.options.cards === undefined) throw new Error('No card decider is configured');
    return this.options.cards.explain(ctx, tokenId, stationRef);
  }

  /** Adds a decider, asked before the existing ones unless `last` is set. */
  addDecider(decider: AuthorizationDecider, position: 'first' | 'last' = 'first'): void {
    if (position === 'first') this.deciders.unshift(decider);
    else this.deciders.push(decider);
  }

  async authorize(ctx: Ctx, request: AuthorizationRequest): Promise<AuthorizationDecision> {
    for (const decider of this.deciders) {
      const decision = await decider.authorize(ctx, request);
      if (decision !== undefined) {
        ctx.log.debug(
          {
            decider: decider.name,
            stationId: request.stationId,
            status: decision.status,
            reason: decision.reason,
          },
          'authorization decided',
        );
        return decision;
      }
    }
    return UNKNOWN_TOKEN;
  }
}
