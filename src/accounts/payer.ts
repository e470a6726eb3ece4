/**
 * Who pays for a card: the card's company (a company's own card, or a user card of a company member),
 * else the card holder's own account. One query, used by authorization (can the payer pay?) and
 * billing (whom to book to). Shared contract: change with care.
 */
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.js';
import {
  accountingStrategies,
  accounts,
  authTokens,
  companies,
  users,
  type AccountingStrategyKind,
  type AuthTokenStatus,
  type AuthTokenType,
  type CompanyStatus,
  type UserStatus,
} from '../db/schema.js';

export interface PayerInfo {
  tokenId: string;
  value: string;
  type: AuthTokenType;
  tokenStatus: AuthTokenStatus;
  tokenExpiresAt: Date | null;
  userId: string | null;
  userStatus: UserStatus | null;
  userGroupId: string | null;
  /** The company that pays, when one does. */
  companyId: string | null;
  companyStatus: CompanyStatus | null;
  /** null: nobody pays (an unassigned card). */
  accountId: string | null;
  strategyId: string | null;
  strategyKind: AccountingStrategyKind | null;
  strategyActive: boolean | null;
  minimumBalanceCents: number | null;
}

const userCompany = alias(companies, 'user_company');
const cardCompany = alias(companies, 'card_company');

/**
 * Cards with their holder, company, account and strategy, for one card (resolvePayer) or many
 * (local-list/): one set of joins, so both decide on the same facts.
 */
export function selectCardsWithPayer(db: Db) {
  return db
    .select({
      tokenId: authTokens.id,
      value: authTokens.value,
      type: authTokens.type,
      tokenStatus: authTokens.status,
      tokenExpiresAt: authTokens.expiresAt,
      userId: users.id,
      userStatus: users.status,
      userGroupId: users.groupId,
      companyId: sql<string | null>`coalesce(${cardCompany.id}, ${userCompany.id})`,
      companyStatus: sql<CompanyStatus | null>`coalesce(${cardCompany.status}, ${userCompany.status})`,
      accountId: accounts.id,
      strategyId: accountingStrategies.id,
      strategyKind: accountingStrategies.kind,
      strategyActive: accountingStrategies.active,
      minimumBalanceCents: accountingStrategies.minimumBalanceCents,
    })
    .from(authTokens)
    .leftJoin(users, eq(users.id, authTokens.userId))
    .leftJoin(cardCompany, eq(cardCompany.id, authTokens.companyId))
    .leftJoin(userCompany, eq(userCompany.id, users.companyId))
    .leftJoin(
      accounts,
      eq(accounts.id, sql`coalesce(${cardCompany.accountId}, ${userCompany.accountId}, ${users.accountId})`),
    )
    .leftJoin(accountingStrategies, eq(accountingStrategies.id, accounts.strategyId));
}

export async function resolvePayer(db: Db, tokenId: string): Promise<PayerInfo | undefined> {
  const [row] = await selectCardsWithPayer(db).where(eq(authTokens.id, tokenId));
  return row;
}
