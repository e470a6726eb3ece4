/** CSV export and import of users and their cards (columns and rules: docs/accounts.md). */
import { requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { publishCardsChanged, type AccountsDeps } from './accounts-deps.js';
import * as repo from './accounts.repository.js';
import {
  checkUserRow,
  readUserCsv,
  writeUserCsv,
  type CsvDelimiter,
  type CsvProblem,
  type UserCsvEntry,
  type UserCsvRecord,
} from './users-csv.js';
import { planImport, type ImportLookups, type PlannedUser } from './users-import-plan.js';
import { saveUser, type UserFields } from './users.service.js';

export interface ImportReport {
  dryRun: boolean;
  /** No bad rows: a real import wrote everything (a dry run would). */
  valid: boolean;
  /** Data rows read (without header and empty lines). */
  rows: number;
  users: { created: number; matched: number };
  cards: { created: number; matched: number };
  problems: CsvProblem[];
}

const byName = (rows: { id: string; name: string }[]) =>
  new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));

async function lookupsOf(db: Db, ctx: Ctx, institutionId: string): Promise<ImportLookups> {
  const scope = scopeOf(ctx.actor);
  const [groups, companies, strategies, users, cards] = await Promise.all([
    repo.listUserGroups(db, scope, { institutionId }),
    repo.listCompanies(db, scope, { institutionId }),
    repo.listStrategies(db, scope, { institutionId }),
    repo.usersOf(db, institutionId),
    repo.cardsOf(db, institutionId),
  ]);
  return {
    groups: byName(groups),
    companies: byName(companies),
    strategies: byName(strategies),
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    cards: new Map(cards.map((c) => [c.value, { id: c.id, userId: c.userId, companyId: c.companyId }])),
  };
}

function plannedFields(planned: PlannedUser): UserFields {
  const fields: UserFields = { name: planned.name };
  const keys = [
    'email',
    'phone',
    'locale',
    'street',
    'postalCode',
    'city',
    'country',
    'status',
    'groupId',
    'companyId',
  ] as const;
  for (const key of keys) {
    const value = planned[key];
    if (value !== undefined) (fields as Record<string, unknown>)[key] = value;
  }
  if (fields.locale === undefined && planned.existingId === null) fields.locale = 'de';
  return fields;
}

export class UsersTransferService {
  constructor(private readonly deps: AccountsDeps) {}

  async exportUsers(
    ctx: Ctx,
    query: { institutionId?: string; delimiter?: CsvDelimiter; bom?: boolean } = {},
  ): Promise<string> {
    requirePermission(ctx.actor, 'accounts:read');
    const institutionId = await resolveTargetInstitution(this.deps.db, ctx, query.institutionId);
    const db = this.deps.db;
    const scope = scopeOf(ctx.actor);
    const [groups, companies, strategies, users, cards] = await Promise.all([
      repo.listUserGroups(db, scope, { institutionId }),
      repo.listCompanies(db, scope, { institutionId }),
      repo.listStrategies(db, scope, { institutionId }),
      repo.usersOf(db, institutionId),
      repo.cardsOf(db, institutionId),
    ]);
    const names = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
    const groupNames = names(groups);
    const companyNames = names(companies);
    const strategyNames = names(strategies);
    const records: UserCsvRecord[] = [];
    for (const user of users) {
      const base = {
        name: user.name,
        email: user.email ?? '',
        phone: user.phone ?? '',
        locale: user.locale,
        street: user.street ?? '',
        postal_code: user.postalCode ?? '',
        city: user.city ?? '',
        country: user.country,
        status: user.status,
        group: user.groupId === null ? '' : (groupNames.get(user.groupId) ?? ''),
        company: user.companyId === null ? '' : (companyNames.get(user.companyId) ?? ''),
        // A member's own account is not used while they are a member (users.service.ts).
        strategy:
          user.companyId !== null || user.strategyId === null
            ? ''
            : (strategyNames.get(user.strategyId) ?? ''),
      };
      const held = cards.filter((card) => card.userId === user.id);
      const none = { card_uid: '', card_type: '', card_label: '', card_status: '', card_expires: '' };
      if (held.length === 0) records.push({ ...base, ...none });
      for (const card of held) {
        records.push({
          ...base,
          card_uid: card.value,
          card_type: card.type,
          card_label: card.label ?? '',
          card_status: card.status,
          card_expires: card.expiresAt?.toISOString() ?? '',
        });
      }
    }
    return writeUserCsv(records, query);
  }

  /**
   * Checks every row and reports every bad one. A real import writes all rows in one transaction, or
   * nothing when any row is bad (422 with the same problems).
   */
  async importUsers(
    ctx: Ctx,
    csv: string,
    options: { institutionId?: string; dryRun: boolean },
  ): Promise<ImportReport> {
    requirePermission(ctx.actor, 'accounts:manage');
    requirePermission(ctx.actor, 'tokens:manage');
    const institutionId = await resolveTargetInstitution(this.deps.db, ctx, options.institutionId);
    const { rows, problems } = readUserCsv(csv);
    const entries: UserCsvEntry[] = [];
    for (const row of rows) {
      const checked = checkUserRow(row);
      problems.push(...checked.problems);
      if (checked.entry !== undefined) entries.push(checked.entry);
    }
    const report = (planned: PlannedUser[], all: CsvProblem[]): ImportReport => ({
      dryRun: options.dryRun,
      valid: all.length === 0,
      rows:
        rows.length +
        new Set(problems.filter((p) => p.line > 1 && !rows.some((r) => r.line === p.line)).map((p) => p.line))
          .size,
      users: {
        created: planned.filter((u) => u.existingId === null).length,
        matched: planned.filter((u) => u.existingId !== null).length,
      },
      cards: {
        created: planned.flatMap((u) => u.cards).filter((c) => c.existingId === null).length,
        matched: planned.flatMap((u) => u.cards).filter((c) => c.existingId !== null).length,
      },
      problems: all.sort((a, b) => a.line - b.line),
    });
    if (options.dryRun) {
      const plan = planImport(entries, await lookupsOf(this.deps.db, ctx, institutionId));
      return report(plan.users, [...problems, ...plan.problems]);
    }
    let changedCards = false;
    const result = await this.deps.db.transaction(async (tx) => {
      const plan = planImport(entries, await lookupsOf(tx, ctx, institutionId));
      const all = [...problems, ...plan.problems];
      if (all.length > 0) {
        throw new ValidationFailed(
          `${new Set(all.map((p) => p.line)).size} row(s) of the file are bad; nothing was imported`,
          { problems: all.sort((a, b) => a.line - b.line) },
        );
      }
      for (const planned of plan.users) {
        const existing =
          planned.existingId === null ? undefined : await repo.findUser(tx, planned.existingId);
        const strategyId = planned.strategyId ?? undefined;
        const saved = await saveUser(tx, ctx, institutionId, existing, plannedFields(planned), strategyId);
        if (saved.cardsChanged) changedCards = true;
        for (const card of planned.cards) {
          if (await this.saveCard(tx, ctx, institutionId, saved.user.id, card)) changedCards = true;
        }
      }
      const summary = report(plan.users, []);
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'users.imported',
        details: { rows: summary.rows, users: summary.users, cards: summary.cards },
      });
      return summary;
    });
    if (changedCards) publishCardsChanged(this.deps, institutionId);
    return result;
  }

  /** Creates the card or brings it to the row's state; true when anything changed. */
  private async saveCard(
    tx: Db,
    ctx: Ctx,
    institutionId: string,
    userId: string,
    card: PlannedUser['cards'][number],
  ): Promise<boolean> {
    const values = {
      type: card.type,
      label: card.label,
      status: card.status,
      expiresAt: card.expiresAt,
      userId,
      companyId: null,
    };
    if (card.existingId === null) {
      let row: repo.CardRow;
      try {
        row = await repo.insertCard(tx, {
          ...values,
          institutionId,
          value: card.value,
          createdAt: ctx.now(),
          updatedAt: ctx.now(),
        });
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`Card ${card.value} was added meanwhile; import again`, { line: card.line });
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'auth_token.created',
        target: `auth_token:${row.id}`,
        details: { value: row.value, type: row.type, status: row.status, userId },
      });
      return true;
    }
    const existing = (await repo.findCard(tx, card.existingId))!;
    const changes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      const current = existing[key as keyof repo.CardRow];
      const same =
        current instanceof Date && value instanceof Date
          ? current.getTime() === value.getTime()
          : current === value;
      if (!same) changes[key] = value;
    }
    if (Object.keys(changes).length === 0) return false;
    await repo.updateCard(tx, existing.id, { ...changes, updatedAt: ctx.now() });
    await recordAudit(tx, ctx, {
      institutionId,
      action: existing.userId !== userId ? 'auth_token.reassigned' : 'auth_token.updated',
      target: `auth_token:${existing.id}`,
      details: { ...changes, from: { userId: existing.userId, companyId: existing.companyId } },
    });
    return true;
  }
}
