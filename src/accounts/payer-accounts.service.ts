/**
 * Payer accounts: what the ledger, charge records and invoices point at. Opened by the service when a
 * user gets their own strategy or a company is created; their balances are billing's.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { AccountHolderKind } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { ACCOUNT_NUMBER_PREFIX, checkAccountNumber, formatAccountNumber } from './account-number.js';
import { publishCardsChanged, strategyOf, type AccountsDeps } from './accounts-deps.js';
import * as repo from './accounts.repository.js';

export type { AccountView } from './accounts.repository.js';

/**
 * Opens an account inside the caller's transaction. Numbering holds the institution's row until
 * commit, so two accounts opened at once never get the same generated number.
 */
export async function openAccount(
  tx: Db,
  ctx: Ctx,
  input: {
    institutionId: string;
    strategyId: string;
    holderKind: AccountHolderKind;
    number?: string | undefined;
  },
): Promise<repo.AccountRow> {
  await repo.lockInstitution(tx, input.institutionId);
  let number: string;
  if (input.number !== undefined) {
    const checked = checkAccountNumber(input.number);
    if (checked === undefined)
      throw new ValidationFailed('An account number has 1 to 32 letters, digits and . _ / -', {
        field: 'accountNumber',
      });
    if (await repo.accountNumberTaken(tx, input.institutionId, checked))
      throw new Conflict(`Account number ${checked} is taken`, { field: 'accountNumber', number: checked });
    number = checked;
  } else {
    number = formatAccountNumber(
      (await repo.highestAccountNumber(tx, input.institutionId, ACCOUNT_NUMBER_PREFIX)) + 1,
    );
  }
  const row = await repo.insertAccount(tx, {
    institutionId: input.institutionId,
    strategyId: input.strategyId,
    holderKind: input.holderKind,
    number,
    createdAt: ctx.now(),
  });
  await recordAudit(tx, ctx, {
    institutionId: input.institutionId,
    action: 'account.opened',
    target: `account:${row.id}`,
    details: { number, strategyId: input.strategyId, holderKind: input.holderKind },
  });
  return row;
}

/** Changes an account's strategy inside the caller's transaction (audited); false when unchanged. */
export async function changeAccountStrategy(
  tx: Db,
  ctx: Ctx,
  account: repo.AccountRow,
  strategyId: string,
): Promise<boolean> {
  if (account.strategyId === strategyId) return false;
  await strategyOf(tx, account.institutionId, strategyId, 'strategyId', { active: true });
  await repo.setAccountStrategy(tx, account.id, strategyId);
  await recordAudit(tx, ctx, {
    institutionId: account.institutionId,
    action: 'account.strategy_changed',
    target: `account:${account.id}`,
    details: { from: account.strategyId, to: strategyId },
  });
  return true;
}

export class PayerAccountsService {
  constructor(private readonly deps: AccountsDeps) {}

  async listAccounts(
    ctx: Ctx,
    query: {
      institutionId?: string;
      q?: string;
      strategyId?: string;
      holderKind?: AccountHolderKind;
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<repo.AccountView[]> {
    requirePermission(ctx.actor, 'accounts:read');
    return repo.listAccounts(this.deps.db, scopeOf(ctx.actor), {
      ...query,
      limit: query.limit ?? 200,
      offset: query.offset ?? 0,
    });
  }

  async getAccount(ctx: Ctx, id: string): Promise<repo.AccountView> {
    requirePermission(ctx.actor, 'accounts:read');
    return assertVisible(ctx.actor, await repo.findAccount(this.deps.db, id), 'account', id);
  }

  /** Assigning one of the institution's strategies to a payer is account management (accounts:manage). */
  async updateAccount(ctx: Ctx, id: string, input: { strategyId?: string }): Promise<repo.AccountView> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findAccountRow(this.deps.db, id), 'account', id);
    if (input.strategyId === undefined) return (await repo.findAccount(this.deps.db, id))!;
    const strategyId = input.strategyId;
    const changed = await this.deps.db.transaction((tx) => changeAccountStrategy(tx, ctx, row, strategyId));
    if (changed) publishCardsChanged(this.deps, row.institutionId);
    return (await repo.findAccount(this.deps.db, id))!;
  }
}
