/**
 * Companies: one master card and many user cards; everything done with them is billed collectively
 * to the company's account, which carries the company's accounting strategy.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { CompanyStatus } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { foreignKeyViolation, uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { publishCardsChanged, strategyOf, trimmedName, type AccountsDeps } from './accounts-deps.js';
import * as repo from './accounts.repository.js';
import { changeAccountStrategy, openAccount } from './payer-accounts.service.js';
import { normalizeEmail } from './users-csv.js';

export type { CompanyView } from './accounts.repository.js';

export interface CompanyInput {
  name: string;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string;
  vatId?: string | null;
  email?: string | null;
  status?: CompanyStatus;
  /** The company account's strategy. */
  strategyId: string;
  /** The company's master card: a card of the institution not held by a user or another company. */
  masterTokenId?: string | null;
}

/** USt-IdNr. and foreign VAT ids: country prefix and 2 to 12 characters, stored without spaces. */
export function normalizeVatId(raw: string): string | undefined {
  const vatId = raw.replace(/[\s.-]/g, '').toUpperCase();
  return /^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(vatId) ? vatId : undefined;
}

function companyValues(input: Partial<CompanyInput>) {
  const values: {
    name?: string;
    street?: string | null;
    postalCode?: string | null;
    city?: string | null;
    country?: string;
    vatId?: string | null;
    email?: string | null;
    status?: CompanyStatus;
  } = {};
  if (input.name !== undefined) values.name = trimmedName(input.name);
  if (input.street !== undefined) values.street = input.street;
  if (input.postalCode !== undefined) values.postalCode = input.postalCode;
  if (input.city !== undefined) values.city = input.city;
  if (input.country !== undefined) values.country = input.country.toUpperCase();
  if (input.vatId !== undefined && input.vatId !== null) {
    const vatId = normalizeVatId(input.vatId);
    if (vatId === undefined)
      throw new ValidationFailed(`"${input.vatId}" is not a VAT id (DE123456789)`, { field: 'vatId' });
    values.vatId = vatId;
  } else if (input.vatId === null) values.vatId = null;
  if (input.email !== undefined && input.email !== null) {
    const email = normalizeEmail(input.email);
    if (email === undefined)
      throw new ValidationFailed(`"${input.email}" is not an e-mail address`, { field: 'email' });
    values.email = email;
  } else if (input.email === null) values.email = null;
  if (input.status !== undefined) values.status = input.status;
  return values;
}

/** Makes a card the company's master card (inside the caller's transaction); true when the card moved. */
async function takeMasterCard(tx: Db, ctx: Ctx, company: repo.CompanyRow, tokenId: string): Promise<boolean> {
  const card = await repo.findCard(tx, tokenId);
  const field = { field: 'masterTokenId' };
  if (card === undefined || card.institutionId !== company.institutionId)
    throw new ValidationFailed('No such card in this institution', field);
  if (card.userId !== null)
    throw new ValidationFailed('The card is held by a user; unassign it first (PATCH /auth-tokens)', field);
  if (card.companyId !== null && card.companyId !== company.id)
    throw new ValidationFailed('The card belongs to another company', field);
  if (card.companyId === company.id) return false;
  await repo.setCardCompany(tx, card.id, company.id, ctx.now());
  await recordAudit(tx, ctx, {
    institutionId: company.institutionId,
    action: 'auth_token.reassigned',
    target: `auth_token:${card.id}`,
    details: { from: { userId: null, companyId: null }, to: { userId: null, companyId: company.id } },
  });
  return true;
}

export class CompaniesService {
  constructor(private readonly deps: AccountsDeps) {}

  async createCompany(
    ctx: Ctx,
    input: CompanyInput & { institutionId?: string; accountNumber?: string },
  ): Promise<repo.CompanyView> {
    requirePermission(ctx.actor, 'accounts:manage');
    const institutionId = await resolveTargetInstitution(this.deps.db, ctx, input.institutionId);
    const values = companyValues(input);
    await strategyOf(this.deps.db, institutionId, input.strategyId, 'strategyId', { active: true });
    const id = await this.deps.db.transaction(async (tx) => {
      const account = await openAccount(tx, ctx, {
        institutionId,
        strategyId: input.strategyId,
        holderKind: 'company',
        number: input.accountNumber,
      });
      let company: repo.CompanyRow;
      try {
        company = await repo.insertCompany(tx, {
          ...values,
          name: values.name!,
          institutionId,
          accountId: account.id,
          createdAt: ctx.now(),
        });
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`A company named ${values.name} exists`, { field: 'name' });
        throw error;
      }
      if (input.masterTokenId !== undefined && input.masterTokenId !== null) {
        await takeMasterCard(tx, ctx, company, input.masterTokenId);
        company = await repo.updateCompany(tx, company.id, { masterTokenId: input.masterTokenId });
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'company.created',
        target: `company:${company.id}`,
        details: { ...values, accountId: account.id, masterTokenId: company.masterTokenId },
      });
      return company.id;
    });
    if (input.masterTokenId !== undefined && input.masterTokenId !== null)
      publishCardsChanged(this.deps, institutionId);
    return (await repo.findCompanyView(this.deps.db, id))!;
  }

  async listCompanies(
    ctx: Ctx,
    query: { institutionId?: string; q?: string; status?: CompanyStatus } = {},
  ): Promise<repo.CompanyView[]> {
    requirePermission(ctx.actor, 'accounts:read');
    return repo.listCompanies(this.deps.db, scopeOf(ctx.actor), query);
  }

  async getCompany(ctx: Ctx, id: string): Promise<repo.CompanyView> {
    requirePermission(ctx.actor, 'accounts:read');
    return assertVisible(ctx.actor, await repo.findCompanyView(this.deps.db, id), 'company', id);
  }

  /** The master card, the company's other own cards and every card of its members. */
  async listCompanyCards(ctx: Ctx, id: string): Promise<repo.CardRow[]> {
    const company = await this.getCompany(ctx, id);
    return repo.cardsOfCompany(this.deps.db, company.id);
  }

  async updateCompany(ctx: Ctx, id: string, input: Partial<CompanyInput>): Promise<repo.CompanyView> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findCompany(this.deps.db, id), 'company', id);
    const values = companyValues(input);
    let cardsChanged = false;
    await this.deps.db.transaction(async (tx) => {
      const changes: Record<string, unknown> = { ...values };
      if (input.strategyId !== undefined) {
        const account = (await repo.findAccountRow(tx, row.accountId))!;
        if (await changeAccountStrategy(tx, ctx, account, input.strategyId)) {
          changes.strategyId = input.strategyId;
          cardsChanged = true;
        }
      }
      const update: Partial<typeof values & { masterTokenId: string | null }> = { ...values };
      if (input.masterTokenId !== undefined && input.masterTokenId !== row.masterTokenId) {
        if (input.masterTokenId !== null) await takeMasterCard(tx, ctx, row, input.masterTokenId);
        update.masterTokenId = input.masterTokenId;
        changes.masterTokenId = input.masterTokenId;
        cardsChanged = true;
      }
      if (values.status !== undefined && values.status !== row.status) cardsChanged = true;
      if (Object.keys(update).length > 0) {
        try {
          await repo.updateCompany(tx, id, update);
        } catch (error) {
          if (uniqueViolation(error))
            throw new Conflict(`A company named ${values.name} exists`, { field: 'name' });
          throw error;
        }
      }
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'company.updated',
          target: `company:${id}`,
          details: changes,
        });
      }
    });
    if (cardsChanged) publishCardsChanged(this.deps, row.institutionId);
    return (await repo.findCompanyView(this.deps.db, id))!;
  }

  /**
   * Only a company without members and cards can go, and only while nothing was booked to its account
   * (invoices must stay reproducible): suspend it otherwise.
   */
  async deleteCompany(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findCompany(this.deps.db, id), 'company', id);
    const members = await repo.countUsersWhere(this.deps.db, { companyId: id });
    if (members > 0)
      throw new Conflict(`${members} user(s) belong to this company; move them first`, { members });
    const cards = await repo.countCardsHeld(this.deps.db, { companyId: id });
    if (cards > 0)
      throw new Conflict(`The company holds ${cards} card(s); reassign or delete them first`, { cards });
    try {
      await this.deps.db.transaction(async (tx) => {
        await repo.deleteCompany(tx, id);
        await repo.deleteAccount(tx, row.accountId);
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'company.deleted',
          target: `company:${id}`,
          details: { name: row.name, accountId: row.accountId },
        });
      });
    } catch (error) {
      if (foreignKeyViolation(error))
        throw new Conflict('Bookings or documents refer to the company account; suspend the company instead');
      throw error;
    }
  }
}
