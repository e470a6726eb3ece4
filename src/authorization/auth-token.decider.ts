import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { authTokens } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import {
  tokenCandidates,
  type AuthorizationDecider,
  type AuthorizationDecision,
  type AuthorizationRequest,
} from './authorization.js';

/** Tokens registered in the institution (auth_tokens): accepted unless blocked or expired. */
export class AuthTokenDecider implements AuthorizationDecider {
  readonly name = 'auth-tokens';

  constructor(private readonly db: Db) {}

  async authorize(ctx: Ctx, request: AuthorizationRequest): Promise<AuthorizationDecision | undefined> {
    const candidates = tokenCandidates(request.idToken);
    const rows = await this.db
      .select({ value: authTokens.value, status: authTokens.status, expiresAt: authTokens.expiresAt })
      .from(authTokens)
      .where(and(eq(authTokens.institutionId, request.institutionId), inArray(authTokens.value, candidates)));
    // The exact spelling wins over the upper-cased one.
    const row = rows.find((r) => r.value === request.idToken) ?? rows[0];
    if (row === undefined) return undefined;
    if (row.status === 'blocked') return { status: 'Blocked' };
    if (row.expiresAt !== null && row.expiresAt.getTime() <= ctx.now().getTime())
      return { status: 'Expired' };
    return row.expiresAt === null ? { status: 'Accepted' } : { status: 'Accepted', expiresAt: row.expiresAt };
  }
}
