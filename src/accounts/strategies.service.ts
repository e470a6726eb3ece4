/** Accounting strategies (Abrechnungsstrategien): how a payer pays. The institution admin's money settings. */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { AccountingStrategyKind } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { foreignKeyViolation, uniqueViolation } from '../shared/db-errors.js';
import { Conflict } from '../shared/errors.js';
import { publishCardsChanged, trimmedName, type AccountsDeps } from './accounts-deps.js';
import * as repo from './accounts.repository.js';

export const STRATEGY_KINDS = [
  'prepaid',
  'postpaid',
  'carrier',
  'free',
  'roaming',
] as const satisfies readonly AccountingStrategyKind[];

export interface StrategyInput {
  name: string;
  kind: AccountingStrategyKind;
  /** prepaid: the balance needed to start a session, cents. */
  minimumBalanceCents?: number;
  /** postpaid: days from invoice date to due date. */
  paymentTermDays?: number;
  active?: boolean;
}

export class StrategiesService {
  constructor(private readonly deps: AccountsDeps) {}

  async createStrategy(
    ctx: Ctx,
    input: StrategyInput & { institutionId?: string },
  ): Promise<repo.StrategyRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const institutionId = await resolveTargetInstitution(this.deps.db, ctx, input.institutionId);
    const name = trimmedName(input.name);
    const row = await this.deps.db.transaction(async (tx) => {
      let created: repo.StrategyRow;
      try {
        created = await repo.insertStrategy(tx, {
          institutionId,
          name,
          kind: input.kind,
          minimumBalanceCents: input.minimumBalanceCents ?? 0,
          paymentTermDays: input.paymentTermDays ?? 14,
          active: input.active ?? true,
          createdAt: ctx.now(),
        });
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`An accounting strategy named ${name} exists`, { field: 'name', name });
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'accounting_strategy.created',
        target: `accounting_strategy:${created.id}`,
        details: { name, kind: created.kind, minimumBalanceCents: created.minimumBalanceCents },
      });
      return created;
    });
    return row;
  }

  async listStrategies(
    ctx: Ctx,
    query: { institutionId?: string; kind?: AccountingStrategyKind; active?: boolean } = {},
  ): Promise<repo.StrategyRow[]> {
    requirePermission(ctx.actor, 'pricing:read');
    return repo.listStrategies(this.deps.db, scopeOf(ctx.actor), query);
  }

  async getStrategy(ctx: Ctx, id: string): Promise<repo.StrategyRow> {
    requirePermission(ctx.actor, 'pricing:read');
    return assertVisible(ctx.actor, await repo.findStrategy(this.deps.db, id), 'accounting strategy', id);
  }

  async updateStrategy(ctx: Ctx, id: string, input: Partial<StrategyInput>): Promise<repo.StrategyRow> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(
      ctx.actor,
      await repo.findStrategy(this.deps.db, id),
      'accounting strategy',
      id,
    );
    const values: Partial<StrategyInput> = {};
    if (input.name !== undefined) values.name = trimmedName(input.name);
    if (input.kind !== undefined && input.kind !== row.kind) values.kind = input.kind;
    if (input.minimumBalanceCents !== undefined && input.minimumBalanceCents !== row.minimumBalanceCents)
      values.minimumBalanceCents = input.minimumBalanceCents;
    if (input.paymentTermDays !== undefined) values.paymentTermDays = input.paymentTermDays;
    if (input.active !== undefined && input.active !== row.active) values.active = input.active;
    if (Object.keys(values).length === 0) return row;
    const updated = await this.deps.db.transaction(async (tx) => {
      let changed: repo.StrategyRow;
      try {
        changed = await repo.updateStrategy(tx, id, values);
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`An accounting strategy named ${values.name} exists`, { field: 'name' });
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'accounting_strategy.updated',
        target: `accounting_strategy:${id}`,
        details: { ...values },
      });
      return changed;
    });
    if (values.kind !== undefined || values.active !== undefined || values.minimumBalanceCents !== undefined)
      publishCardsChanged(this.deps, row.institutionId);
    return updated;
  }

  /** Only an unused strategy can go; deactivate one in use instead. */
  async deleteStrategy(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'pricing:manage');
    const row = assertVisible(
      ctx.actor,
      await repo.findStrategy(this.deps.db, id),
      'accounting strategy',
      id,
    );
    const inUse = await repo.countAccountsWithStrategy(this.deps.db, id);
    if (inUse > 0)
      throw new Conflict(`${inUse} account(s) use this strategy; change them or deactivate it`, {
        accounts: inUse,
      });
    try {
      await this.deps.db.transaction(async (tx) => {
        await repo.deleteStrategy(tx, id);
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'accounting_strategy.deleted',
          target: `accounting_strategy:${id}`,
          details: { name: row.name },
        });
      });
    } catch (error) {
      if (foreignKeyViolation(error))
        throw new Conflict('The strategy is still used (accounts or discounts); deactivate it instead');
      throw error;
    }
  }
}
