/**
 * Registered cards (auth_tokens with their holder, company and payer): the card rules of
 * card-rules.ts over what the database knows. Runs on every Authorize and transaction start, so it
 * reads little: station mode and token in one query, the payer in a second, a prepaid balance in a
 * third only for prepaid cards.
 */
import { assertVisible, requirePermission } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import type { StationAuthorizationMode } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { NotFound } from '../shared/errors.js';
import {
  tokenCandidates,
  type AuthorizationDecider,
  type AuthorizationDecision,
  type AuthorizationRequest,
} from './authorization.js';
import { decideCard, FREE_STATION_UNKNOWN } from './card-rules.js';
import { cardFacts, findStation, findStationAndTokens, findToken, stationMode } from './card.repository.js';

/** What staff see when they ask why a card is accepted or refused. */
export interface CardExplanation {
  tokenId: string;
  /** The station asked about; null: the decision as on a station in `cards` mode. */
  stationId: string | null;
  authorizationMode: StationAuthorizationMode;
  decision: AuthorizationDecision;
}

function logDecision(ctx: Ctx, request: AuthorizationRequest, decision: AuthorizationDecision): void {
  const fields = {
    stationId: request.stationId,
    evseId: request.evseId,
    idToken: request.idToken,
    tokenId: decision.tokenId,
    status: decision.status,
    reason: decision.reason,
  };
  // A refusal is what staff look for later ("why did my card not work?").
  if (decision.status === 'Accepted') ctx.log.debug(fields, 'card authorized');
  else ctx.log.info(fields, 'card refused');
}

export class CardDecider implements AuthorizationDecider {
  readonly name = 'cards';

  constructor(private readonly db: Db) {}

  async authorize(ctx: Ctx, request: AuthorizationRequest): Promise<AuthorizationDecision | undefined> {
    const { mode, tokens } = await findStationAndTokens(
      this.db,
      request.institutionId,
      request.stationId,
      tokenCandidates(request.idToken),
    );
    // The exact spelling wins over the upper-cased one.
    const token = tokens.find((t) => t.value === request.idToken) ?? tokens[0];
    if (token === undefined) return undefined;
    const facts = await cardFacts(this.db, token.id);
    if (facts === undefined) return undefined;
    const decision = decideCard(facts, ctx.now(), mode ?? 'cards');
    logDecision(ctx, request, decision);
    return decision;
  }

  /** GET /auth-tokens/{tokenId}/authorization: the decision with its reason, for staff. */
  async explain(ctx: Ctx, tokenId: string, stationRef?: string): Promise<CardExplanation> {
    requirePermission(ctx.actor, 'accounts:read');
    const token = assertVisible(ctx.actor, await findToken(this.db, tokenId), 'auth token', tokenId);
    let station: { id: string; mode: StationAuthorizationMode } | undefined;
    if (stationRef !== undefined) {
      const row = await findStation(this.db, stationRef);
      // Another institution's station is as unknown as a missing one.
      if (row === undefined || row.institutionId !== token.institutionId)
        throw new NotFound('station', stationRef);
      station = assertVisible(ctx.actor, row, 'station', stationRef);
    }
    const facts = await cardFacts(this.db, token.id);
    if (facts === undefined) throw new NotFound('auth token', tokenId);
    const mode = station?.mode ?? 'cards';
    return {
      tokenId: token.id,
      stationId: station?.id ?? null,
      authorizationMode: mode,
      decision: decideCard(facts, ctx.now(), mode),
    };
  }
}

/**
 * Asked last: a token no decider knows is Accepted on a station in `free` mode ("accept any card").
 * Apart from the card decider so that PINs, phone numbers and roaming tokens are still recognised
 * as what they are on a free station.
 */
export class FreeStationDecider implements AuthorizationDecider {
  readonly name = 'free-station';

  constructor(private readonly db: Db) {}

  async authorize(ctx: Ctx, request: AuthorizationRequest): Promise<AuthorizationDecision | undefined> {
    if ((await stationMode(this.db, request.stationId)) !== 'free') return undefined;
    ctx.log.debug(
      { stationId: request.stationId, idToken: request.idToken },
      'unknown card on a free station',
    );
    return FREE_STATION_UNKNOWN;
  }
}
