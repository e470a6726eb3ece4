/**
 * Drivers (users): several cards each, a group for their price, and either their own payer account
 * (with their accounting strategy) or a company that pays for them.
 *
 * A user who joins a company is billed to the company from then on. Their own account, if they had
 * one, is kept (its ledger and invoices stay where they are) but not used while they are a member;
 * it is used again when they leave the company.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { UserStatus } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { foreignKeyViolation, uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { publishCardsChanged, strategyOf, trimmedName, type AccountsDeps } from './accounts-deps.js';
import * as repo from './accounts.repository.js';
import { changeAccountStrategy, openAccount } from './payer-accounts.service.js';
import { normalizeEmail, normalizePhone } from './users-csv.js';

export type { UserView } from './accounts.repository.js';

export interface UserInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  locale?: 'de' | 'en';
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string;
  groupId?: string | null;
  companyId?: string | null;
  /** The user's own account's strategy; not for company members (they bill to the company). */
  strategyId?: string;
  status?: UserStatus;
  /** Sees the company's cards and collective bill in the portal; only with a company. */
  companyAdmin?: boolean;
}

/** The columns of a user as written (names and references already checked). */
export interface UserFields {
  name?: string;
  email?: string | null;
  phone?: string | null;
  locale?: 'de' | 'en';
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string;
  groupId?: string | null;
  companyId?: string | null;
  status?: UserStatus;
  companyAdmin?: boolean;
}

export function userFields(input: Partial<UserInput>): UserFields {
  const fields: UserFields = {};
  if (input.name !== undefined) fields.name = trimmedName(input.name);
  if (input.email !== undefined) {
    if (input.email === null) fields.email = null;
    else {
      const email = normalizeEmail(input.email);
      if (email === undefined)
        throw new ValidationFailed(`"${input.email}" is not an e-mail address`, { field: 'email' });
      fields.email = email;
    }
  }
  if (input.phone !== undefined) {
    if (input.phone === null) fields.phone = null;
    else {
      const phone = normalizePhone(input.phone);
      if (phone === undefined)
        throw new ValidationFailed(`"${input.phone}" is not a phone number`, { field: 'phone' });
      fields.phone = phone;
    }
  }
  if (input.locale !== undefined) fields.locale = input.locale;
  if (input.street !== undefined) fields.street = input.street;
  if (input.postalCode !== undefined) fields.postalCode = input.postalCode;
  if (input.city !== undefined) fields.city = input.city;
  if (input.country !== undefined) fields.country = input.country.toUpperCase();
  if (input.groupId !== undefined) fields.groupId = input.groupId;
  if (input.companyId !== undefined) fields.companyId = input.companyId;
  if (input.status !== undefined) fields.status = input.status;
  if (input.companyAdmin !== undefined) fields.companyAdmin = input.companyAdmin;
  return fields;
}

/**
 * Creates or changes a user inside the caller's transaction, opening or re-pointing their own account
 * when a strategy is given. Returns whether anything that decides if their cards may charge changed.
 */
export async function saveUser(
  tx: Db,
  ctx: Ctx,
  institutionId: string,
  existing: repo.UserRow | undefined,
  fields: UserFields,
  strategyId: string | undefined,
  accountNumber?: string,
): Promise<{ user: repo.UserRow; cardsChanged: boolean; changed: boolean }> {
  const companyId = fields.companyId !== undefined ? fields.companyId : (existing?.companyId ?? null);
  if (strategyId !== undefined && companyId !== null)
    throw new ValidationFailed('A company member is billed to the company: no strategy of their own', {
      field: 'strategyId',
    });
  if (fields.companyAdmin === true && companyId === null)
    throw new ValidationFailed('Only a company member can be a company admin', { field: 'companyAdmin' });
  // Being the admin of one company says nothing about the next: leaving or changing the company ends it.
  if (
    fields.companyAdmin === undefined &&
    existing?.companyAdmin === true &&
    fields.companyId !== undefined &&
    fields.companyId !== existing.companyId
  )
    fields = { ...fields, companyAdmin: false };
  if (accountNumber !== undefined && strategyId === undefined)
    throw new ValidationFailed('An account number needs a strategy (strategyId)', { field: 'accountNumber' });
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (existing === undefined || existing[key as keyof repo.UserRow] !== value) changes[key] = value;
  }
  let cardsChanged =
    existing !== undefined &&
    (('status' in changes && changes.status !== undefined) || 'companyId' in changes);
  let accountId = existing?.accountId ?? null;
  if (strategyId !== undefined) {
    if (accountId === null) {
      const account = await openAccount(tx, ctx, {
        institutionId,
        strategyId,
        holderKind: 'user',
        number: accountNumber,
      });
      accountId = account.id;
      changes.accountId = accountId;
      cardsChanged = existing !== undefined;
    } else {
      const account = (await repo.findAccountRow(tx, accountId))!;
      if (await changeAccountStrategy(tx, ctx, account, strategyId)) {
        changes.strategyId = strategyId;
        cardsChanged = true;
      }
    }
  }
  if (existing !== undefined && Object.keys(changes).length === 0)
    return { user: existing, cardsChanged: false, changed: false };
  let user: repo.UserRow;
  try {
    if (existing === undefined) {
      user = await repo.insertUser(tx, {
        ...fields,
        name: fields.name!,
        institutionId,
        accountId,
        createdAt: ctx.now(),
      });
    } else {
      const { strategyId: _strategy, ...columns } = changes;
      user = Object.keys(columns).length === 0 ? existing : await repo.updateUser(tx, existing.id, columns);
    }
  } catch (error) {
    if (uniqueViolation(error))
      throw new Conflict(`Another user has the e-mail address ${fields.email}`, { field: 'email' });
    throw error;
  }
  await recordAudit(tx, ctx, {
    institutionId,
    action: existing === undefined ? 'user.created' : 'user.updated',
    target: `user:${user.id}`,
    details: existing === undefined ? { ...fields, accountId, strategyId } : changes,
  });
  return { user, cardsChanged, changed: true };
}

export class UsersService {
  constructor(private readonly deps: AccountsDeps) {}

  /** Group, company and strategy must be the institution's own. */
  private async checkReferences(
    institutionId: string,
    input: { groupId?: string | null; companyId?: string | null; strategyId?: string },
  ): Promise<void> {
    const db = this.deps.db;
    if (input.groupId !== undefined && input.groupId !== null) {
      const group = await repo.findUserGroup(db, input.groupId);
      if (group?.institutionId !== institutionId)
        throw new ValidationFailed('No such user group in this institution', { field: 'groupId' });
    }
    if (input.companyId !== undefined && input.companyId !== null) {
      const company = await repo.findCompany(db, input.companyId);
      if (company?.institutionId !== institutionId)
        throw new ValidationFailed('No such company in this institution', { field: 'companyId' });
    }
    if (input.strategyId !== undefined) await strategyOf(db, institutionId, input.strategyId, 'strategyId');
  }

  async createUser(
    ctx: Ctx,
    input: UserInput & { institutionId?: string; accountNumber?: string },
  ): Promise<repo.UserView> {
    requirePermission(ctx.actor, 'accounts:manage');
    const institutionId = await resolveTargetInstitution(this.deps.db, ctx, input.institutionId);
    const fields = userFields(input);
    await this.checkReferences(institutionId, input);
    if (input.strategyId !== undefined)
      await strategyOf(this.deps.db, institutionId, input.strategyId, 'strategyId', { active: true });
    const { user } = await this.deps.db.transaction((tx) =>
      saveUser(tx, ctx, institutionId, undefined, fields, input.strategyId, input.accountNumber),
    );
    return (await repo.findUserView(this.deps.db, user.id))!;
  }

  async listUsers(
    ctx: Ctx,
    query: {
      institutionId?: string;
      q?: string;
      status?: UserStatus;
      groupId?: string;
      companyId?: string;
      card?: string;
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<repo.UserView[]> {
    requirePermission(ctx.actor, 'accounts:read');
    return repo.listUsers(this.deps.db, scopeOf(ctx.actor), {
      ...query,
      limit: query.limit ?? 200,
      offset: query.offset ?? 0,
    });
  }

  async getUser(ctx: Ctx, id: string): Promise<repo.UserView> {
    requirePermission(ctx.actor, 'accounts:read');
    return assertVisible(ctx.actor, await repo.findUserView(this.deps.db, id), 'user', id);
  }

  async listUserCards(ctx: Ctx, id: string): Promise<repo.CardRow[]> {
    const user = await this.getUser(ctx, id);
    return repo.cardsOfUser(this.deps.db, user.id);
  }

  async updateUser(ctx: Ctx, id: string, input: Partial<UserInput>): Promise<repo.UserView> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findUser(this.deps.db, id), 'user', id);
    const fields = userFields(input);
    await this.checkReferences(row.institutionId, input);
    const { cardsChanged } = await this.deps.db.transaction((tx) =>
      saveUser(tx, ctx, row.institutionId, row, fields, input.strategyId),
    );
    if (cardsChanged) publishCardsChanged(this.deps, row.institutionId);
    return (await repo.findUserView(this.deps.db, id))!;
  }

  /**
   * Only a user without cards can go (reassign or delete the cards first), and only while nothing was
   * booked to their own account: block the user otherwise.
   */
  async deleteUser(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findUser(this.deps.db, id), 'user', id);
    const cards = await repo.countCardsHeld(this.deps.db, { userId: id });
    if (cards > 0)
      throw new Conflict(`The user holds ${cards} card(s); reassign or delete them first`, { cards });
    try {
      await this.deps.db.transaction(async (tx) => {
        await repo.deleteUser(tx, id);
        if (row.accountId !== null) await repo.deleteAccount(tx, row.accountId);
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'user.deleted',
          target: `user:${id}`,
          details: { name: row.name, accountId: row.accountId },
        });
      });
    } catch (error) {
      if (foreignKeyViolation(error))
        throw new Conflict("Bookings or documents refer to the user's account; block the user instead");
      throw error;
    }
  }
}
