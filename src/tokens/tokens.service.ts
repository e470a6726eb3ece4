/**
 * Id tokens (RFID cards, key codes, app tokens) an institution accepts at its stations, and who holds
 * them: a user (driver), a company directly (its master card), or nobody yet.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { findCompany, findCompanyByMasterToken, findUser } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { AuthTokenStatus, AuthTokenType } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { LiveEvents } from '../live/live-events.js';
import type { Ctx } from '../shared/context.js';
import { foreignKeyViolation, uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { normalizeTokenValue } from './token-value.js';
import * as repo from './tokens.repository.js';

export type { AuthTokenRow } from './tokens.repository.js';

export interface CreateAuthTokenInput {
  institutionId?: string;
  value: string;
  type?: AuthTokenType;
  status?: AuthTokenStatus;
  label?: string | null;
  expiresAt?: Date | null;
  /** The driver holding the card. */
  userId?: string | null;
  /** A company's own card (e.g. its master card). A card is held by a user or a company, not both. */
  companyId?: string | null;
}

export interface UpdateAuthTokenInput {
  status?: AuthTokenStatus;
  label?: string | null;
  expiresAt?: Date | null;
  /** Reassigns the card; setting one holder clears the other. */
  userId?: string | null;
  companyId?: string | null;
}

export class AuthTokensService {
  constructor(private readonly deps: { db: Db; live: LiveEvents }) {}

  private get db(): Db {
    return this.deps.db;
  }

  /** Cards decide who may charge: local authorization lists follow every change (after the commit). */
  private cardsChanged(institutionId: string): void {
    this.deps.live.publish({ type: 'cards.changed', institutionId });
  }

  /** The holder must be the card's institution's own user or company. */
  private async checkHolder(
    institutionId: string,
    holder: { userId?: string | null; companyId?: string | null },
  ): Promise<void> {
    if (typeof holder.userId === 'string' && typeof holder.companyId === 'string')
      throw new ValidationFailed('A card is held by a user or by a company, not both', {
        field: 'companyId',
      });
    if (typeof holder.userId === 'string') {
      const user = await findUser(this.db, holder.userId);
      if (user?.institutionId !== institutionId)
        throw new ValidationFailed('No such user in this institution', { field: 'userId' });
    }
    if (typeof holder.companyId === 'string') {
      const company = await findCompany(this.db, holder.companyId);
      if (company?.institutionId !== institutionId)
        throw new ValidationFailed('No such company in this institution', { field: 'companyId' });
    }
  }

  async createToken(ctx: Ctx, input: CreateAuthTokenInput): Promise<repo.AuthTokenRow> {
    requirePermission(ctx.actor, 'tokens:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const type = input.type ?? 'ISO14443';
    const normalized = normalizeTokenValue(type, input.value);
    if (!normalized.ok) throw new ValidationFailed(normalized.problem, { field: 'value' });
    await this.checkHolder(institutionId, input);
    const row = await this.db.transaction(async (tx) => {
      let created: repo.AuthTokenRow;
      try {
        created = await repo.insertToken(tx, {
          institutionId,
          value: normalized.value,
          type,
          status: input.status ?? 'accepted',
          label: input.label ?? null,
          expiresAt: input.expiresAt ?? null,
          userId: input.userId ?? null,
          companyId: input.companyId ?? null,
          createdAt: ctx.now(),
          updatedAt: ctx.now(),
        });
      } catch (error) {
        if (uniqueViolation(error)) {
          throw new Conflict(`Token ${normalized.value} already exists in this institution`, {
            field: 'value',
            value: normalized.value,
          });
        }
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'auth_token.created',
        target: `auth_token:${created.id}`,
        details: {
          value: created.value,
          type,
          status: created.status,
          userId: created.userId,
          companyId: created.companyId,
        },
      });
      return created;
    });
    this.cardsChanged(institutionId);
    return row;
  }

  async listTokens(
    ctx: Ctx,
    query: {
      q?: string;
      institutionId?: string;
      status?: AuthTokenStatus;
      type?: AuthTokenType;
      userId?: string;
      companyId?: string;
      holder?: repo.CardHolderKind;
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<repo.AuthTokenListRow[]> {
    requirePermission(ctx.actor, 'stations:read');
    return repo.listTokens(this.db, scopeOf(ctx.actor), {
      ...query,
      limit: query.limit ?? 200,
      offset: query.offset ?? 0,
    });
  }

  async getToken(ctx: Ctx, id: string): Promise<repo.AuthTokenRow> {
    requirePermission(ctx.actor, 'stations:read');
    return assertVisible(ctx.actor, await repo.findToken(this.db, id), 'auth token', id);
  }

  async updateToken(ctx: Ctx, id: string, input: UpdateAuthTokenInput): Promise<repo.AuthTokenRow> {
    requirePermission(ctx.actor, 'tokens:manage');
    const row = assertVisible(ctx.actor, await repo.findToken(this.db, id), 'auth token', id);
    const values: repo.AuthTokenValues = {};
    if (input.status !== undefined && input.status !== row.status) values.status = input.status;
    if (input.label !== undefined && input.label !== row.label) values.label = input.label;
    if (input.expiresAt !== undefined && input.expiresAt?.getTime() !== row.expiresAt?.getTime())
      values.expiresAt = input.expiresAt;
    if (input.userId !== undefined || input.companyId !== undefined) {
      await this.checkHolder(row.institutionId, input);
      // Setting one holder clears the other: a card is held by a user or by a company.
      const userId =
        input.userId !== undefined ? input.userId : typeof input.companyId === 'string' ? null : row.userId;
      const companyId =
        input.companyId !== undefined
          ? input.companyId
          : typeof input.userId === 'string'
            ? null
            : row.companyId;
      if (userId !== row.userId) values.userId = userId;
      if (companyId !== row.companyId) values.companyId = companyId;
      if (values.companyId !== undefined) {
        const master = await findCompanyByMasterToken(this.db, id);
        if (master !== undefined)
          throw new Conflict(
            `The card is the master card of ${master.name}; choose another master card first`,
            {
              field: 'companyId',
              companyId: master.id,
            },
          );
      }
    }
    if (Object.keys(values).length === 0) return row;
    const reassigned = values.userId !== undefined || values.companyId !== undefined;
    const updated = await this.db.transaction(async (tx) => {
      const changed = await repo.updateToken(tx, id, { ...values, updatedAt: ctx.now() });
      await recordAudit(tx, ctx, {
        institutionId: row.institutionId,
        action: reassigned ? 'auth_token.reassigned' : 'auth_token.updated',
        target: `auth_token:${id}`,
        details: reassigned
          ? { ...values, from: { userId: row.userId, companyId: row.companyId } }
          : { ...values },
      });
      return changed;
    });
    this.cardsChanged(row.institutionId);
    return updated;
  }

  /** A card that was used (sessions refer to it) or is a company's master card stays: block it instead. */
  async deleteToken(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'tokens:manage');
    const row = assertVisible(ctx.actor, await repo.findToken(this.db, id), 'auth token', id);
    const master = await findCompanyByMasterToken(this.db, id);
    if (master !== undefined)
      throw new Conflict(`The card is the master card of ${master.name}; choose another master card first`, {
        companyId: master.id,
      });
    try {
      await this.db.transaction(async (tx) => {
        await repo.deleteToken(tx, id);
        await recordAudit(tx, ctx, {
          institutionId: row.institutionId,
          action: 'auth_token.deleted',
          target: `auth_token:${id}`,
          details: { value: row.value, userId: row.userId, companyId: row.companyId },
        });
      });
    } catch (error) {
      if (foreignKeyViolation(error))
        throw new Conflict('Sessions refer to this card; block it instead of deleting it', {
          value: row.value,
        });
      throw error;
    }
    this.cardsChanged(row.institutionId);
  }
}
