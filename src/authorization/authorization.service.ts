import type { Ctx } from '../shared/context.js';
import {
  UNKNOWN_TOKEN,
  type AuthorizationDecider,
  type AuthorizationDecision,
  type AuthorizationRequest,
} from './authorization.js';

/** Asks the deciders in order; the first that knows the token decides, otherwise it is Invalid. */
export class AuthorizationService {
  private readonly deciders: AuthorizationDecider[];

  constructor(deciders: AuthorizationDecider[]) {
    this.deciders = [...deciders];
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
        ctx.log.debug({ decider: decider.name, status: decision.status }, 'authorization decided');
        return decision;
      }
    }
    return UNKNOWN_TOKEN;
  }
}
