/**
 * The drivers' own area (`/api/v1/me`): profile, sessions with their cost, cards (block a lost one),
 * prepaid balance and ledger, invoices and receipts. Company admins also see their company: its
 * cards, sessions and collective bill. A driver only ever reaches their own rows; anybody else's id
 * answers "not found", exactly as another institution's row does for staff.
 */
import { assertVisible, requireDriver, requirePermission } from '../access/tenant-scope.js';
import * as accountsRepo from '../accounts/accounts.repository.js';
import { userFields } from '../accounts/users.service.js';
import { recordAudit } from '../audit/audit.js';
import { balanceOf } from '../billing/balance.js';
import * as billingRepo from '../billing/billing.repository.js';
import type { ServiceDeps } from '../app/services.js';
import type { Db } from '../db/database.js';
import type {
  AccountingStrategyKind,
  AuthTokenStatus,
  AuthTokenType,
  DocumentKind,
  LedgerEntryKind,
} from '../db/schema.js';
import type { SessionPricer } from '../pricing/pricing.js';
import type { Actor, Ctx } from '../shared/context.js';
import { Forbidden, NotFound, Unauthenticated, ValidationFailed } from '../shared/errors.js';
import { hashPassword } from '../shared/passwords.js';
import { MIN_STAFF_PASSWORD } from '../staff/staff.service.js';
import { runningCost, type Cost } from './running-cost.js';
import * as repo from './self-service.repository.js';

type DriverActor = Extract<Actor, { kind: 'driver' }>;
type Page = { limit: number; offset: number };

/** Who pays for the driver's charging: their own account, their company's, or nobody yet. */
export type BilledTo = 'own' | 'company' | 'none';

export interface Profile {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: 'de' | 'en';
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  company: { id: string; name: string } | null;
  companyAdmin: boolean;
  billedTo: BilledTo;
  /** The customer number (Kundennummer) their charging is billed under. */
  accountNumber: string | null;
}

export interface ProfileInput {
  locale?: 'de' | 'en';
  phone?: string | null;
}

export interface MySession {
  id: string;
  status: 'active' | 'completed';
  startedAt: Date;
  stoppedAt: Date | null;
  durationSeconds: number;
  energyWh: number;
  stationName: string | null;
  compartment: string | null;
  card: { id: string; value: string; label: string | null } | null;
  /** Company sessions: whose card it was. */
  driverName: string | null;
  /** null: not priced (no tariff applies yet). */
  cost: Omit<Cost, 'lines'> | null;
}

export interface MySessionDetail extends MySession {
  lines: Cost['lines'];
}

export interface MyCard {
  id: string;
  value: string;
  type: AuthTokenType;
  label: string | null;
  status: AuthTokenStatus;
  expiresAt: Date | null;
}

export interface CompanyCard extends MyCard {
  holder: { kind: 'company' | 'user'; name: string };
  master: boolean;
}

export interface MyBalance {
  billedTo: BilledTo;
  companyName: string | null;
  accountNumber: string | null;
  strategyKind: AccountingStrategyKind | null;
  /** Prepaid accounts only; null when the driver's charging is not paid from a balance of theirs. */
  balanceCents: number | null;
  minimumBalanceCents: number | null;
  canStart: boolean | null;
  currency: string;
}

export interface MyLedgerLine {
  id: number;
  kind: LedgerEntryKind;
  amountCents: number;
  currency: string;
  balanceAfterCents: number;
  note: string | null;
  documentId: string | null;
  chargeRecordId: string | null;
  createdAt: Date;
}

/** Documents a driver may see: what was issued to their account (credit notes go to institutions). */
export type DriverDocumentKind = Extract<DocumentKind, 'invoice' | 'receipt' | 'cancellation'>;
const DRIVER_DOCUMENT_KINDS: readonly DocumentKind[] = ['invoice', 'receipt', 'cancellation'];
const isDriverDocument = <T extends { kind: DocumentKind }>(
  row: T,
): row is T & { kind: DriverDocumentKind } => DRIVER_DOCUMENT_KINDS.includes(row.kind);

export interface MyDocument {
  id: string;
  kind: DriverDocumentKind;
  number: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  issuedAt: Date;
  dueAt: Date | null;
  currency: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  cancelsId: string | null;
}

export interface MyCompany {
  id: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  email: string | null;
  vatId: string | null;
  status: 'active' | 'suspended';
  accountNumber: string;
  strategy: { name: string; kind: AccountingStrategyKind; paymentTermDays: number };
  masterCard: MyCard | null;
  memberCount: number;
  /** Prepaid companies only. */
  balanceCents: number | null;
  currency: string;
}

const card = (row: accountsRepo.CardRow): MyCard => ({
  id: row.id,
  value: row.value,
  type: row.type,
  label: row.label,
  status: row.status,
  expiresAt: row.expiresAt,
});

const document = (row: billingRepo.DocumentSummary & { kind: DriverDocumentKind }): MyDocument => ({
  id: row.id,
  kind: row.kind,
  number: row.number,
  periodStart: row.periodStart,
  periodEnd: row.periodEnd,
  issuedAt: row.issuedAt,
  dueAt: row.dueAt,
  currency: row.currency,
  netCents: row.netCents,
  vatCents: row.vatCents,
  grossCents: row.grossCents,
  cancelsId: row.cancelsId,
});

export class SelfServiceService {
  constructor(private readonly deps: ServiceDeps & { pricer: SessionPricer }) {}

  private get db(): Db {
    return this.deps.db;
  }

  /** The driver's row as it is now (the session checked it is active when the request came in). */
  private async me(ctx: Ctx): Promise<{ actor: DriverActor; user: accountsRepo.UserRow }> {
    const actor = requireDriver(ctx.actor);
    const user = await accountsRepo.findUser(this.db, actor.userId);
    if (user === undefined || user.institutionId !== actor.institutionId) throw new Unauthenticated();
    return { actor, user };
  }

  /** The company a company admin administers; everybody else is refused. */
  private async myCompany(ctx: Ctx): Promise<accountsRepo.CompanyView> {
    const actor = requireDriver(ctx.actor);
    if (!actor.companyAdmin || actor.companyId === null)
      throw new Forbidden('Only company admins see their company');
    const company = await accountsRepo.findCompanyView(this.db, actor.companyId);
    if (company === undefined || company.institutionId !== actor.institutionId)
      throw new NotFound('company', actor.companyId);
    return company;
  }

  // ---- profile ----

  async profile(ctx: Ctx): Promise<Profile> {
    const { user } = await this.me(ctx);
    const company =
      user.companyId === null ? undefined : await accountsRepo.findCompanyView(this.db, user.companyId);
    const own =
      user.accountId === null ? undefined : await accountsRepo.findAccountRow(this.db, user.accountId);
    const billedTo: BilledTo = company !== undefined ? 'company' : own !== undefined ? 'own' : 'none';
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      phone: user.phone,
      locale: user.locale,
      street: user.street,
      postalCode: user.postalCode,
      city: user.city,
      country: user.country,
      company: company === undefined ? null : { id: company.id, name: company.name },
      companyAdmin: company !== undefined && user.companyAdmin,
      billedTo,
      accountNumber: company?.accountNumber ?? own?.number ?? null,
    };
  }

  /** What drivers may change themselves: their language (SMS, e-mails, documents) and phone. */
  async updateProfile(ctx: Ctx, input: ProfileInput): Promise<Profile> {
    const { user } = await this.me(ctx);
    const fields = userFields(input);
    const changed = Object.fromEntries(
      Object.entries(fields).filter(([key, value]) => user[key as keyof typeof user] !== value),
    );
    if (Object.keys(changed).length > 0) {
      await this.db.transaction(async (tx) => {
        await accountsRepo.updateUser(tx, user.id, changed);
        await recordAudit(tx, ctx, {
          institutionId: user.institutionId,
          action: 'user.updated',
          target: `user:${user.id}`,
          details: { ...changed, by: 'self-service' },
        });
      });
    }
    return this.profile(ctx);
  }

  // ---- sessions ----

  private async present(ctx: Ctx, row: repo.OwnSessionRow): Promise<MySessionDetail> {
    const now = ctx.now();
    let cost: Cost | undefined;
    if (row.status === 'active') {
      cost = await runningCost(this.db, this.deps.pricer, row, now, ctx.log);
    } else if (row.recordId !== null && row.recordTotalCents !== null) {
      cost = {
        cents: row.recordTotalCents,
        currency: row.recordCurrency ?? 'EUR',
        final: true,
        asOf: row.stoppedAt ?? row.updatedAt,
        lines: (row.recordLines ?? []) as Cost['lines'],
      };
    }
    const end = row.stoppedAt ?? (row.status === 'active' ? now : row.updatedAt);
    const { lines, ...summary } = cost ?? { lines: [] };
    return {
      id: row.id,
      status: row.status,
      startedAt: row.startedAt,
      stoppedAt: row.stoppedAt,
      durationSeconds: Math.max(0, Math.floor((end.getTime() - row.startedAt.getTime()) / 1000)),
      energyWh: row.energyWh,
      stationName: row.stationName,
      compartment: row.compartment,
      card:
        row.tokenId === null || row.cardValue === null
          ? null
          : { id: row.tokenId, value: row.cardValue, label: row.cardLabel },
      driverName: row.driverName,
      cost: cost === undefined ? null : (summary as MySession['cost']),
      lines,
    };
  }

  private async sessionsOf(
    ctx: Ctx,
    institutionId: string,
    owner: repo.SessionOwner,
    page: Page & { status?: 'active' | 'completed' },
  ): Promise<MySession[]> {
    const rows = await repo.listOwnSessions(this.db, institutionId, owner, page);
    const sessions = await Promise.all(rows.map((row) => this.present(ctx, row)));
    return sessions.map(({ lines: _lines, ...session }) => session);
  }

  async sessions(ctx: Ctx, page: Page & { status?: 'active' | 'completed' }): Promise<MySession[]> {
    const { actor } = await this.me(ctx);
    return this.sessionsOf(ctx, actor.institutionId, { kind: 'user', userId: actor.userId }, page);
  }

  async session(ctx: Ctx, sessionId: string): Promise<MySessionDetail> {
    const { actor } = await this.me(ctx);
    const owner = { kind: 'user', userId: actor.userId } as const;
    const row = await repo.findOwnSession(this.db, actor.institutionId, owner, sessionId);
    if (row === undefined) throw new NotFound('session', sessionId);
    return this.present(ctx, row);
  }

  // ---- cards ----

  async cards(ctx: Ctx): Promise<MyCard[]> {
    const { user } = await this.me(ctx);
    return (await accountsRepo.cardsOfUser(this.db, user.id)).map(card);
  }

  /** A lost card: blocked at once; only staff can unblock it. */
  async blockCard(ctx: Ctx, tokenId: string): Promise<MyCard> {
    const { user } = await this.me(ctx);
    const row = await accountsRepo.findCard(this.db, tokenId);
    if (row === undefined || row.userId !== user.id || row.institutionId !== user.institutionId)
      throw new NotFound('card', tokenId);
    return this.block(ctx, row);
  }

  private async block(ctx: Ctx, row: accountsRepo.CardRow): Promise<MyCard> {
    const blocked = await this.db.transaction(async (tx) => {
      const changed = await repo.blockCardOnce(tx, row.id, ctx.now());
      if (changed === undefined) return undefined;
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'auth_token.updated',
        target: `auth_token:${row.id}`,
        details: { status: 'blocked', reason: 'reported lost in the self-service area' },
      });
      return changed;
    });
    // After the commit: the local authorization lists on the stations drop the card.
    if (blocked !== undefined)
      this.deps.live.publish({ type: 'cards.changed', institutionId: row.institutionId });
    return card(blocked ?? { ...row, status: 'blocked' });
  }

  // ---- balance, ledger, documents ----

  async balance(ctx: Ctx): Promise<MyBalance> {
    const { user } = await this.me(ctx);
    if (user.companyId !== null) {
      const company = await accountsRepo.findCompany(this.db, user.companyId);
      // The company pays: its balance is the company admin's business (GET /me/company).
      return {
        billedTo: 'company',
        companyName: company?.name ?? null,
        accountNumber: null,
        strategyKind: null,
        balanceCents: null,
        minimumBalanceCents: null,
        canStart: null,
        currency: 'EUR',
      };
    }
    const account =
      user.accountId === null ? undefined : await billingRepo.findAccount(this.db, user.accountId);
    if (account === undefined) {
      return {
        billedTo: 'none',
        companyName: null,
        accountNumber: null,
        strategyKind: null,
        balanceCents: null,
        minimumBalanceCents: null,
        canStart: null,
        currency: 'EUR',
      };
    }
    const prepaid = account.strategyKind === 'prepaid';
    const balanceCents = prepaid ? await balanceOf(this.db, account.id) : null;
    return {
      billedTo: 'own',
      companyName: null,
      accountNumber: account.number,
      strategyKind: account.strategyKind,
      balanceCents,
      minimumBalanceCents: prepaid ? account.minimumBalanceCents : null,
      canStart: balanceCents === null ? null : balanceCents >= account.minimumBalanceCents,
      currency: 'EUR',
    };
  }

  /** The own account's ledger (kept even while the driver is a company member: it is still theirs). */
  async ledger(ctx: Ctx, page: Page): Promise<MyLedgerLine[]> {
    const { user } = await this.me(ctx);
    if (user.accountId === null) return [];
    const rows = await billingRepo.listLedger(this.db, user.accountId, page);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      amountCents: row.amountCents,
      currency: row.currency,
      balanceAfterCents: row.balanceAfterCents,
      note: row.note,
      documentId: row.documentId,
      chargeRecordId: row.chargeRecordId,
      createdAt: row.createdAt,
    }));
  }

  private async documentsOf(institutionId: string, accountId: string, page: Page): Promise<MyDocument[]> {
    const rows = await billingRepo.listDocuments(
      this.db,
      { kind: 'one', institutionId },
      { accountId },
      page,
    );
    return rows.filter(isDriverDocument).map(document);
  }

  private async pdfOf(
    institutionId: string,
    accountId: string | null,
    documentId: string,
  ): Promise<{ number: string; pdf: Buffer }> {
    const summary = await billingRepo.findDocument(this.db, documentId);
    if (
      summary === undefined ||
      accountId === null ||
      summary.accountId !== accountId ||
      summary.institutionId !== institutionId ||
      !isDriverDocument(summary)
    )
      throw new NotFound('document', documentId);
    const row = (await billingRepo.findDocumentPdf(this.db, documentId))!;
    return { number: row.number, pdf: row.pdf };
  }

  async documents(ctx: Ctx, page: Page): Promise<MyDocument[]> {
    const { user } = await this.me(ctx);
    if (user.accountId === null) return [];
    return this.documentsOf(user.institutionId, user.accountId, page);
  }

  async documentPdf(ctx: Ctx, documentId: string): Promise<{ number: string; pdf: Buffer }> {
    const { user } = await this.me(ctx);
    return this.pdfOf(user.institutionId, user.accountId, documentId);
  }

  // ---- the company (company admins) ----

  async company(ctx: Ctx): Promise<MyCompany> {
    const company = await this.myCompany(ctx);
    const account = (await billingRepo.findAccount(this.db, company.accountId))!;
    const strategy = (await accountsRepo.findStrategy(this.db, account.strategyId))!;
    const master =
      company.masterTokenId === null
        ? undefined
        : await accountsRepo.findCard(this.db, company.masterTokenId);
    return {
      id: company.id,
      name: company.name,
      street: company.street,
      postalCode: company.postalCode,
      city: company.city,
      country: company.country,
      email: company.email,
      vatId: company.vatId,
      status: company.status,
      accountNumber: company.accountNumber,
      strategy: { name: strategy.name, kind: strategy.kind, paymentTermDays: strategy.paymentTermDays },
      masterCard: master === undefined ? null : card(master),
      memberCount: await repo.countMembers(this.db, company.id),
      balanceCents: strategy.kind === 'prepaid' ? await balanceOf(this.db, company.accountId) : null,
      currency: 'EUR',
    };
  }

  async companyCards(ctx: Ctx): Promise<CompanyCard[]> {
    const company = await this.myCompany(ctx);
    const [cards, names] = await Promise.all([
      accountsRepo.cardsOfCompany(this.db, company.id),
      repo.memberNames(this.db, company.id),
    ]);
    return cards.map((row) => ({
      ...card(row),
      holder:
        row.userId === null
          ? { kind: 'company', name: company.name }
          : { kind: 'user', name: names.get(row.userId) ?? '' },
      master: row.id === company.masterTokenId,
    }));
  }

  async blockCompanyCard(ctx: Ctx, tokenId: string): Promise<MyCard> {
    const company = await this.myCompany(ctx);
    const row = (await accountsRepo.cardsOfCompany(this.db, company.id)).find((c) => c.id === tokenId);
    if (row === undefined) throw new NotFound('card', tokenId);
    return this.block(ctx, row);
  }

  async companySessions(ctx: Ctx, page: Page & { status?: 'active' | 'completed' }): Promise<MySession[]> {
    const company = await this.myCompany(ctx);
    return this.sessionsOf(ctx, company.institutionId, { kind: 'company', companyId: company.id }, page);
  }

  /** The collective bill: the documents issued to the company's account. */
  async companyDocuments(ctx: Ctx, page: Page): Promise<MyDocument[]> {
    const company = await this.myCompany(ctx);
    return this.documentsOf(company.institutionId, company.accountId, page);
  }

  async companyDocumentPdf(ctx: Ctx, documentId: string): Promise<{ number: string; pdf: Buffer }> {
    const company = await this.myCompany(ctx);
    return this.pdfOf(company.institutionId, company.accountId, documentId);
  }

  // ---- portal log-in for drivers ----

  /**
   * Gives a driver a portal password (e.g. the demo's drivers). Staff who manage accounts may do it;
   * the driver logs in with their e-mail address.
   */
  async setPortalPassword(ctx: Ctx, userId: string, password: string): Promise<void> {
    requirePermission(ctx.actor, 'accounts:manage');
    const user = assertVisible(ctx.actor, await accountsRepo.findUser(this.db, userId), 'user', userId);
    if (user.email === null)
      throw new ValidationFailed('A portal log-in needs an e-mail address', { field: 'email' });
    // The same rule as for staff: everybody logs in through the same form.
    if (password.length < MIN_STAFF_PASSWORD)
      throw new ValidationFailed(`The password must have at least ${MIN_STAFF_PASSWORD} characters`, {
        field: 'password',
      });
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await repo.setPasswordHash(tx, userId, passwordHash);
      await recordAudit(tx, ctx, {
        institutionId: user.institutionId,
        action: 'user.portal_password_set',
        target: `user:${userId}`,
      });
    });
  }
}
