/**
 * Payers for cards, straight into the database: a driver with an account under an accounting
 * strategy, a company with its master account, a prepaid balance. Card stations accept only cards
 * whose payer can pay (docs/authorization.md), so tests that only need "a card that works" use
 * makePayingCard.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { makeAuthToken } from './factories.js';

const unique = () => randomBytes(4).toString('hex');

export interface PayerInput {
  kind?: s.AccountingStrategyKind;
  minimumBalanceCents?: number;
  strategyActive?: boolean;
  /** Prepaid: a top-up of this many cents in the ledger. */
  balanceCents?: number;
}

export async function makeStrategy(db: Db, institutionId: string, input: PayerInput = {}) {
  const [strategy] = await db
    .insert(s.accountingStrategies)
    .values({
      institutionId,
      name: `${input.kind ?? 'postpaid'} ${unique()}`,
      kind: input.kind ?? 'postpaid',
      minimumBalanceCents: input.minimumBalanceCents ?? 0,
      active: input.strategyActive ?? true,
    })
    .returning();
  return strategy!;
}

export async function makeAccount(
  db: Db,
  institutionId: string,
  input: PayerInput & { holderKind?: s.AccountHolderKind } = {},
) {
  const strategy = await makeStrategy(db, institutionId, input);
  const [account] = await db
    .insert(s.accounts)
    .values({
      institutionId,
      strategyId: strategy.id,
      holderKind: input.holderKind ?? 'user',
      number: `K-${unique()}`,
    })
    .returning();
  if (input.balanceCents !== undefined && input.balanceCents !== 0) {
    await db.insert(s.ledgerEntries).values({
      institutionId,
      accountId: account!.id,
      kind: 'topup',
      amountCents: input.balanceCents,
      createdBy: 'test',
    });
  }
  return { strategy, account: account! };
}

/** A driver paying through their own account. */
export async function makeDriver(
  db: Db,
  institutionId: string,
  input: PayerInput & { status?: s.UserStatus; groupId?: string } = {},
) {
  const { strategy, account } = await makeAccount(db, institutionId, input);
  const [user] = await db
    .insert(s.users)
    .values({
      institutionId,
      name: `Driver ${unique()}`,
      accountId: account.id,
      status: input.status ?? 'active',
      groupId: input.groupId,
    })
    .returning();
  return { strategy, account, user: user! };
}

/** A company with its master account; members are users with companyId and no account of their own. */
export async function makeCompany(
  db: Db,
  institutionId: string,
  input: PayerInput & { status?: s.CompanyStatus } = {},
) {
  const { strategy, account } = await makeAccount(db, institutionId, { ...input, holderKind: 'company' });
  const [company] = await db
    .insert(s.companies)
    .values({
      institutionId,
      name: `Company ${unique()}`,
      accountId: account.id,
      status: input.status ?? 'active',
    })
    .returning();
  return { strategy, account, company: company! };
}

export async function makeCompanyMember(db: Db, institutionId: string, companyId: string) {
  const [user] = await db
    .insert(s.users)
    .values({ institutionId, name: `Member ${unique()}`, companyId })
    .returning();
  return user!;
}

/** A card held by a driver whose payer can always pay (strategy `free` unless said otherwise). */
export async function makePayingCard(
  db: Db,
  institutionId: string,
  value: string,
  input: PayerInput & Partial<typeof s.authTokens.$inferInsert> = {},
) {
  const { kind, minimumBalanceCents, strategyActive, balanceCents, ...token } = input;
  const driver = await makeDriver(db, institutionId, {
    kind: kind ?? 'free',
    minimumBalanceCents,
    strategyActive,
    balanceCents,
  });
  const card = await makeAuthToken(db, institutionId, value, { userId: driver.user.id, ...token });
  return { ...driver, card };
}
