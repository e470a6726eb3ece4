/** Id tokens (RFID cards, key codes, app tokens) an institution accepts at its stations. */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { AuthTokenStatus, AuthTokenType } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
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
}

export interface UpdateAuthTokenInput {
  status?: AuthTokenStatus;
  label?: string | null;
  expiresAt?: Date | null;
}

export class AuthTokensService {
  constructor(private readonly deps: { db: Db }) {}

  private get db(): Db {
    return this.deps.db;
  }

  async createToken(ctx: Ctx, input: CreateAuthTokenInput): Promise<repo.AuthTokenRow> {
    requirePermission(ctx.actor, 'tokens:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const type = input.type ?? 'ISO14443';
    const normalized = normalizeTokenValue(type, input.value);
    if (!normalized.ok) throw new ValidationFailed(normalized.problem, { field: 'value' });
    let row: repo.AuthTokenRow;
    try {
      row = await repo.insertToken(this.db, {
        institutionId,
        value: normalized.value,
        type,
        status: input.status ?? 'accepted',
        label: input.label ?? null,
        expiresAt: input.expiresAt ?? null,
        createdAt: ctx.now(),
      });
    } catch (error) {
      if (uniqueViolation(error)) {
        throw new Conflict(`Token ${normalized.value} already exists in this institution`, {
          value: normalized.value,
        });
      }
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId,
      action: 'auth_token.created',
      target: `auth_token:${row.id}`,
      details: { value: row.value, type, status: row.status },
    });
    return row;
  }

  async listTokens(
    ctx: Ctx,
    query: {
      q?: string;
      institutionId?: string;
      status?: AuthTokenStatus;
      type?: AuthTokenType;
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<repo.AuthTokenRow[]> {
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
    if (input.status !== undefined) values.status = input.status;
    if (input.label !== undefined) values.label = input.label;
    if (input.expiresAt !== undefined) values.expiresAt = input.expiresAt;
    if (Object.keys(values).length === 0) return row;
    const updated = await repo.updateToken(this.db, id, values);
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'auth_token.updated',
      target: `auth_token:${id}`,
      details: { ...values },
    });
    return updated;
  }

  async deleteToken(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'tokens:manage');
    const row = assertVisible(ctx.actor, await repo.findToken(this.db, id), 'auth token', id);
    await repo.deleteToken(this.db, id);
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'auth_token.deleted',
      target: `auth_token:${id}`,
      details: { value: row.value },
    });
  }
}
