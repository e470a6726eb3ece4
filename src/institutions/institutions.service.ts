/** Institutions (tenants): the platform creates them; everyone else sees only their own. */
import {
  assertVisible,
  can,
  canSee,
  requirePermission,
  scopeOf,
  targetInstitution,
} from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../shared/errors.js';
import * as repo from './institutions.repository.js';

export type { InstitutionRow } from './institutions.repository.js';

/** Slugs appear in station URLs (/ocpp/{slug}/{stationId}), so they stay URL-safe and lower case. */
export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$';
const SLUG = new RegExp(SLUG_PATTERN);

export interface CreateInstitutionInput {
  slug: string;
  name: string;
  acceptUnknownStations?: boolean;
}

export interface UpdateInstitutionInput {
  name?: string;
  acceptUnknownStations?: boolean;
}

/** Institution rows carry their own id as the tenant key. */
const asTenantRow = (row: repo.InstitutionRow | undefined) =>
  row === undefined ? undefined : { ...row, institutionId: row.id };

export class InstitutionsService {
  constructor(private readonly deps: { db: Db }) {}

  async createInstitution(ctx: Ctx, input: CreateInstitutionInput): Promise<repo.InstitutionRow> {
    requirePermission(ctx.actor, 'institutions:manage');
    const slug = input.slug.trim().toLowerCase();
    if (!SLUG.test(slug)) {
      throw new ValidationFailed('A slug has lower-case letters, digits and inner dashes (at most 63)', {
        field: 'slug',
      });
    }
    let row: repo.InstitutionRow;
    try {
      row = await repo.insertInstitution(this.deps.db, {
        slug,
        name: input.name.trim(),
        acceptUnknownStations: input.acceptUnknownStations ?? false,
      });
    } catch (error) {
      if (uniqueViolation(error)) throw new Conflict(`An institution with slug ${slug} exists`, { slug });
      throw error;
    }
    await recordAudit(this.deps.db, ctx, {
      institutionId: row.id,
      action: 'institution.created',
      target: `institution:${row.id}`,
      details: { slug, name: row.name },
    });
    return row;
  }

  async listInstitutions(ctx: Ctx): Promise<repo.InstitutionRow[]> {
    return repo.listInstitutions(this.deps.db, scopeOf(ctx.actor));
  }

  async getInstitution(ctx: Ctx, id: string): Promise<repo.InstitutionRow> {
    return assertVisible(
      ctx.actor,
      asTenantRow(await repo.findInstitutionById(this.deps.db, id)),
      'institution',
      id,
    );
  }

  /** Undefined when there is none or the actor may not see it. */
  async findBySlug(ctx: Ctx, slug: string): Promise<repo.InstitutionRow | undefined> {
    const row = asTenantRow(await repo.findInstitutionBySlug(this.deps.db, slug.trim().toLowerCase()));
    if (row === undefined) return undefined;
    return canSee(ctx.actor, row.id) ? row : undefined;
  }

  /**
   * The platform may rename; an institution admin may change its own station onboarding
   * (accepting unknown stations as pending), which is part of managing its stations.
   */
  async updateInstitution(ctx: Ctx, id: string, input: UpdateInstitutionInput): Promise<repo.InstitutionRow> {
    const row = assertVisible(
      ctx.actor,
      asTenantRow(await repo.findInstitutionById(this.deps.db, id)),
      'institution',
      id,
    );
    if (input.name !== undefined) requirePermission(ctx.actor, 'institutions:manage');
    if (input.acceptUnknownStations !== undefined && !can(ctx.actor, 'institutions:manage')) {
      requirePermission(ctx.actor, 'stations:manage');
    }
    const values: Parameters<typeof repo.updateInstitution>[2] = {};
    if (input.name !== undefined) values.name = input.name.trim();
    if (input.acceptUnknownStations !== undefined) values.acceptUnknownStations = input.acceptUnknownStations;
    if (Object.keys(values).length === 0) return row;
    const updated = await repo.updateInstitution(this.deps.db, id, values);
    await recordAudit(this.deps.db, ctx, {
      institutionId: id,
      action: 'institution.updated',
      target: `institution:${id}`,
      details: { ...values },
    });
    return updated;
  }

  resolveTarget(ctx: Ctx, requested: string | undefined): Promise<string> {
    return resolveTargetInstitution(this.deps.db, ctx, requested);
  }
}

/**
 * The institution a new row of the actor goes to (tenant-scope.targetInstitution), checked to
 * exist, so a platform admin naming a wrong id gets 404 instead of a foreign-key error.
 */
export async function resolveTargetInstitution(
  db: Db,
  ctx: Ctx,
  requested: string | undefined,
): Promise<string> {
  let id: string;
  try {
    id = targetInstitution(ctx.actor, requested);
  } catch (error) {
    if (error instanceof Forbidden) throw new ValidationFailed(error.message, { field: 'institutionId' });
    throw error;
  }
  if ((await repo.findInstitutionById(db, id)) === undefined) throw new NotFound('institution', id);
  return id;
}
