/** Locations (places with address and coordinates) and station groups of an institution. */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import * as repo from './locations.repository.js';

export type { LocationRow, StationGroupRow } from './locations.repository.js';

export interface LocationInput {
  name: string;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  /** ISO 3166-1 alpha-2, default DE. */
  country?: string;
  latitude?: number | null;
  longitude?: number | null;
}

export interface CreateLocationInput extends LocationInput {
  institutionId?: string;
}

function checkCoordinates(input: Partial<LocationInput>): void {
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLon = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLon && (input.latitude !== undefined || input.longitude !== undefined)) {
    throw new ValidationFailed('Latitude and longitude are set together', {
      field: hasLat ? 'longitude' : 'latitude',
    });
  }
}

function locationValues(input: Partial<LocationInput>): Partial<repo.LocationValues> {
  const values: Partial<repo.LocationValues> = {};
  if (input.name !== undefined) values.name = input.name.trim();
  if (input.street !== undefined) values.street = input.street;
  if (input.postalCode !== undefined) values.postalCode = input.postalCode;
  if (input.city !== undefined) values.city = input.city;
  if (input.country !== undefined) values.country = input.country.toUpperCase();
  if (input.latitude !== undefined) values.latitude = input.latitude;
  if (input.longitude !== undefined) values.longitude = input.longitude;
  return values;
}

export class LocationsService {
  constructor(private readonly deps: { db: Db }) {}

  private get db(): Db {
    return this.deps.db;
  }

  async createLocation(ctx: Ctx, input: CreateLocationInput): Promise<repo.LocationRow> {
    requirePermission(ctx.actor, 'stations:manage');
    checkCoordinates(input);
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const values = locationValues(input);
    let row: repo.LocationRow;
    try {
      row = await repo.insertLocation(this.db, { ...values, name: values.name!, institutionId });
    } catch (error) {
      if (uniqueViolation(error))
        throw new Conflict(`A location named ${values.name} exists`, { name: values.name });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId,
      action: 'location.created',
      target: `location:${row.id}`,
      details: { name: row.name },
    });
    return row;
  }

  async listLocations(
    ctx: Ctx,
    query: { q?: string; institutionId?: string } = {},
  ): Promise<repo.LocationRow[]> {
    requirePermission(ctx.actor, 'stations:read');
    return repo.listLocations(this.db, scopeOf(ctx.actor), query);
  }

  async getLocation(ctx: Ctx, id: string): Promise<repo.LocationRow> {
    requirePermission(ctx.actor, 'stations:read');
    return assertVisible(ctx.actor, await repo.findLocation(this.db, id), 'location', id);
  }

  async updateLocation(ctx: Ctx, id: string, input: Partial<LocationInput>): Promise<repo.LocationRow> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = assertVisible(ctx.actor, await repo.findLocation(this.db, id), 'location', id);
    checkCoordinates({
      latitude: input.latitude === undefined ? row.latitude : input.latitude,
      longitude: input.longitude === undefined ? row.longitude : input.longitude,
    });
    const values = locationValues(input);
    if (Object.keys(values).length === 0) return row;
    let updated: repo.LocationRow;
    try {
      updated = await repo.updateLocation(this.db, id, values);
    } catch (error) {
      if (uniqueViolation(error))
        throw new Conflict(`A location named ${values.name} exists`, { name: values.name });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'location.updated',
      target: `location:${id}`,
      details: { ...values },
    });
    return updated;
  }

  async deleteLocation(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = assertVisible(ctx.actor, await repo.findLocation(this.db, id), 'location', id);
    const stations = await repo.countStationsAt(this.db, { locationId: id });
    if (stations > 0)
      throw new Conflict(`${stations} station(s) are at this location; move them first`, { stations });
    await repo.deleteLocation(this.db, id);
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'location.deleted',
      target: `location:${id}`,
      details: { name: row.name },
    });
  }

  async createGroup(
    ctx: Ctx,
    input: { name: string; institutionId?: string },
  ): Promise<repo.StationGroupRow> {
    requirePermission(ctx.actor, 'stations:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const name = input.name.trim();
    let row: repo.StationGroupRow;
    try {
      row = await repo.insertGroup(this.db, { institutionId, name });
    } catch (error) {
      if (uniqueViolation(error)) throw new Conflict(`A station group named ${name} exists`, { name });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId,
      action: 'station_group.created',
      target: `station_group:${row.id}`,
      details: { name },
    });
    return row;
  }

  async listGroups(ctx: Ctx, query: { institutionId?: string } = {}): Promise<repo.StationGroupRow[]> {
    requirePermission(ctx.actor, 'stations:read');
    return repo.listGroups(this.db, scopeOf(ctx.actor), query);
  }

  async getGroup(ctx: Ctx, id: string): Promise<repo.StationGroupRow> {
    requirePermission(ctx.actor, 'stations:read');
    return assertVisible(ctx.actor, await repo.findGroup(this.db, id), 'station group', id);
  }

  async renameGroup(ctx: Ctx, id: string, name: string): Promise<repo.StationGroupRow> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = assertVisible(ctx.actor, await repo.findGroup(this.db, id), 'station group', id);
    const trimmed = name.trim();
    let updated: repo.StationGroupRow;
    try {
      updated = await repo.renameGroup(this.db, id, trimmed);
    } catch (error) {
      if (uniqueViolation(error))
        throw new Conflict(`A station group named ${trimmed} exists`, { name: trimmed });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'station_group.renamed',
      target: `station_group:${id}`,
      details: { from: row.name, to: trimmed },
    });
    return updated;
  }

  async deleteGroup(ctx: Ctx, id: string): Promise<void> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = assertVisible(ctx.actor, await repo.findGroup(this.db, id), 'station group', id);
    const stations = await repo.countStationsAt(this.db, { groupId: id });
    if (stations > 0)
      throw new Conflict(`${stations} station(s) are in this group; move them first`, { stations });
    await repo.deleteGroup(this.db, id);
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'station_group.deleted',
      target: `station_group:${id}`,
      details: { name: row.name },
    });
  }
}
