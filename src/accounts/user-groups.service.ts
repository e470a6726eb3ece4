/** User groups: drivers grouped for a price (car-sharing A gets price A), an event or a discount. */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { trimmedName, type AccountsDeps } from './accounts-deps.js';
import * as repo from './accounts.repository.js';

export interface UserGroupInput {
  name: string;
  /** The group's own tariff, over the charge point's; null: none. */
  tariffId?: string | null;
}

async function checkTariff(
  db: Db,
  institutionId: string,
  tariffId: string | null | undefined,
): Promise<void> {
  if (tariffId === undefined || tariffId === null) return;
  if ((await repo.findTariffInstitution(db, tariffId)) !== institutionId)
    throw new ValidationFailed('No such tariff in this institution', { field: 'tariffId' });
}

export class UserGroupsService {
  constructor(private readonly deps: AccountsDeps) {}

  async createUserGroup(
    ctx: Ctx,
    input: UserGroupInput & { institutionId?: string },
  ): Promise<repo.UserGroupRow> {
    requirePermission(ctx.actor, 'accounts:manage');
    const institutionId = await resolveTargetInstitution(this.deps.db, ctx, input.institutionId);
    const name = trimmedName(input.name);
    await checkTariff(this.deps.db, institutionId, input.tariffId);
    return this.deps.db.transaction(async (tx) => {
      let row: repo.UserGroupRow;
      try {
        row = await repo.insertUserGroup(tx, {
          institutionId,
          name,
          tariffId: input.tariffId ?? null,
          createdAt: ctx.now(),
        });
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`A user group named ${name} exists`, { field: 'name' });
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'user_group.created',
        target: `user_group:${row.id}`,
        details: { name, tariffId: row.tariffId },
      });
      return row;
    });
  }

  async listUserGroups(
    ctx: Ctx,
    query: { institutionId?: string; q?: string } = {},
  ): Promise<repo.UserGroupRow[]> {
    requirePermission(ctx.actor, 'accounts:read');
    return repo.listUserGroups(this.deps.db, scopeOf(ctx.actor), query);
  }

  async getUserGroup(ctx: Ctx, id: string): Promise<repo.UserGroupRow> {
    requirePermission(ctx.actor, 'accounts:read');
    return assertVisible(ctx.actor, await repo.findUserGroup(this.deps.db, id), 'user group', id);
  }

  async listMembers(
    ctx: Ctx,
    id: string,
    query: { limit?: number; offset?: number } = {},
  ): Promise<repo.UserView[]> {
    const group = await this.getUserGroup(ctx, id);
    return repo.listUsers(this.deps.db, scopeOf(ctx.actor), {
      institutionId: group.institutionId,
      groupId: id,
      limit: query.limit ?? 200,
      offset: query.offset ?? 0,
    });
  }

  async updateUserGroup(ctx: Ctx, id: string, input: Partial<UserGroupInput>): Promise<repo.UserGroupRow> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findUserGroup(this.deps.db, id), 'user group', id);
    const values: { name?: string; tariffId?: string | null } = {};
    if (input.name !== undefined) values.name = trimmedName(input.name);
    if (input.tariffId !== undefined) {
      await checkTariff(this.deps.db, row.institutionId, input.tariffId);
      values.tariffId = input.tariffId;
    }
    if (Object.keys(values).length === 0) return row;
    return this.deps.db.transaction(async (tx) => {
      let updated: repo.UserGroupRow;
      try {
        updated = await repo.updateUserGroup(tx, id, values);
      } catch (error) {
        if (uniqueViolation(error))
          throw new Conflict(`A user group named ${values.name} exists`, { field: 'name' });
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'user_group.updated',
        target: `user_group:${id}`,
        details: { ...values },
      });
      return updated;
    });
  }

  /** Only an empty group can go: its members' prices would change silently otherwise. */
  async deleteUserGroup(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'accounts:manage');
    const row = assertVisible(ctx.actor, await repo.findUserGroup(this.deps.db, id), 'user group', id);
    const members = await repo.countUsersWhere(this.deps.db, { groupId: id });
    if (members > 0) throw new Conflict(`${members} user(s) are in this group; move them first`, { members });
    await this.deps.db.transaction(async (tx) => {
      await repo.deleteUserGroup(tx, id);
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: 'user_group.deleted',
        target: `user_group:${id}`,
        details: { name: row.name },
      });
    });
  }
}
