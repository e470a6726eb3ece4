/**
 * Stations and their charge points as the institution manages them: creation with credentials,
 * assignment to locations and groups, short names, adoption of pending stations, and the live
 * status as the central system last recorded it.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { StationAuthorizationMode, StationKind, StationRegistration } from '../db/schema.js';
import type { LiveEvents } from '../live/live-events.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import { findGroup, findLocation } from '../locations/locations.repository.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, ValidationFailed } from '../shared/errors.js';
import { hashPassword, randomSecret } from '../shared/passwords.js';
import {
  isValidChargeBoxId,
  isValidShortName,
  normalizeShortName,
  numberedShortNames,
  SHORT_NAME_MAX,
  stationPasswordProblem,
} from './station-naming.js';
import * as repo from './stations.repository.js';
import { chargePointState, type ChargePointState } from './charge-point-state.js';

export type { ChargePointRow } from './stations.repository.js';

/** A station as callers see it: never its password hash. */
export type Station = Omit<repo.StationRow, 'passwordHash'> & { hasPassword: boolean; online: boolean };
export type StationWithChargePoints = Station & { chargePoints: repo.ChargePointRow[] };

export interface CreateStationInput {
  /** Required for a platform admin; others create in their own institution. */
  institutionId?: string;
  chargeBoxId: string;
  /** 16–40 characters; generated (and returned once) when absent. */
  password?: string;
  kind?: StationKind;
  name?: string | null;
  locationId?: string | null;
  groupId?: string | null;
  /** A count (short names PREFIX-01, PREFIX-02, ...) or the short names themselves, evse ids 1..n. */
  chargePoints?: number | string[];
  /** Prefix for numbered short names; defaults to the charge box id. */
  shortNamePrefix?: string;
}

export interface UpdateStationInput {
  name?: string | null;
  kind?: StationKind;
  locationId?: string | null;
  groupId?: string | null;
  /** `free`: accept any card, nothing is billed (docs/authorization.md). */
  authorizationMode?: StationAuthorizationMode;
  /** Keep a local authorization list on the station (SendLocalList). */
  localListEnabled?: boolean;
}

export interface StationListQuery {
  q?: string;
  institutionId?: string;
  locationId?: string;
  groupId?: string;
  online?: boolean;
  kind?: StationKind;
  registration?: StationRegistration;
  limit?: number;
  offset?: number;
}

export interface ChargePointStatus {
  id: string;
  evseId: number;
  shortName: string;
  status: string;
  errorCode: string | null;
  statusInfo: string | null;
  statusAt: Date | null;
  door: string | null;
  doorAt: Date | null;
  activeSessionId: string | null;
  /** What staff see at a glance (charge-point-state.ts). */
  state: ChargePointState;
}

export interface StationStatus {
  stationId: string;
  chargeBoxId: string;
  online: boolean;
  registration: StationRegistration;
  ocppVersion: string | null;
  lastSeenAt: Date | null;
  connectedAt: Date | null;
  lastBootAt: Date | null;
  chargePoints: ChargePointStatus[];
}

export function toStation(row: repo.StationRow): Station {
  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash !== null, online: row.connectedNode !== null };
}

function checkPassword(password: string): void {
  const problem = stationPasswordProblem(password);
  if (problem !== undefined) throw new ValidationFailed(problem, { field: 'password' });
}

function checkShortName(raw: string): string {
  const name = normalizeShortName(raw);
  if (!isValidShortName(name)) {
    throw new ValidationFailed(
      `Short name ${JSON.stringify(raw)} must be letters and digits in dash-separated parts (at most ${SHORT_NAME_MAX}), e.g. P20-07`,
      { field: 'shortName', shortName: raw },
    );
  }
  return name;
}

/** Generated passwords are 32 URL-safe characters: inside the OCPP 16–40 range. */
const generatePassword = (): string => randomSecret(24);

export class StationsService {
  /** `live`: a changed authorization setting brings the station's local list up to date. */
  constructor(private readonly deps: { db: Db; live?: LiveEvents }) {}

  private get db(): Db {
    return this.deps.db;
  }

  private async visibleStation(ctx: Ctx, ref: string): Promise<repo.StationRow> {
    return assertVisible(ctx.actor, await repo.findStationByRef(this.db, ref), 'station', ref);
  }

  /** Location and group must belong to the station's institution; another's is "not found". */
  private async checkPlacement(
    ctx: Ctx,
    institutionId: string,
    input: { locationId?: string | null; groupId?: string | null },
  ): Promise<void> {
    if (input.locationId !== undefined && input.locationId !== null) {
      const location = await findLocation(this.db, input.locationId);
      if (location === undefined || location.institutionId !== institutionId) {
        assertVisible(ctx.actor, undefined, 'location', input.locationId);
      }
    }
    if (input.groupId !== undefined && input.groupId !== null) {
      const group = await findGroup(this.db, input.groupId);
      if (group === undefined || group.institutionId !== institutionId) {
        assertVisible(ctx.actor, undefined, 'station group', input.groupId);
      }
    }
  }

  async createStation(
    ctx: Ctx,
    input: CreateStationInput,
  ): Promise<{ station: StationWithChargePoints; generatedPassword: string | undefined }> {
    requirePermission(ctx.actor, 'stations:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    const chargeBoxId = input.chargeBoxId.trim();
    if (!isValidChargeBoxId(chargeBoxId)) {
      throw new ValidationFailed('A charge box id has 1–48 of the characters a-z A-Z 0-9 * - _ = + | @ .', {
        field: 'chargeBoxId',
      });
    }
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword!;
    checkPassword(password);
    await this.checkPlacement(ctx, institutionId, input);
    const spec = input.chargePoints ?? 1;
    const shortNames =
      typeof spec === 'number'
        ? numberedShortNames(input.shortNamePrefix ?? chargeBoxId, spec)
        : spec.map(checkShortName);
    if (new Set(shortNames).size !== shortNames.length) {
      throw new ValidationFailed('Short names repeat', { field: 'chargePoints' });
    }
    const passwordHash = await hashPassword(password);
    const result = await this.db.transaction(async (tx) => {
      let station: repo.StationRow;
      try {
        station = await repo.insertStation(tx, {
          institutionId,
          chargeBoxId,
          name: input.name ?? null,
          kind: input.kind ?? 'charge_point',
          locationId: input.locationId ?? null,
          groupId: input.groupId ?? null,
          passwordHash,
          registration: 'accepted',
          createdAt: ctx.now(),
        });
      } catch (error) {
        if (uniqueViolation(error)) throw new Conflict(`A station ${chargeBoxId} exists`, { chargeBoxId });
        throw error;
      }
      let chargePoints: repo.ChargePointRow[];
      try {
        chargePoints = await repo.insertChargePoints(
          tx,
          shortNames.map((shortName, i) => ({
            institutionId,
            stationId: station.id,
            evseId: i + 1,
            shortName,
          })),
        );
      } catch (error) {
        if (uniqueViolation(error)) {
          throw new Conflict('A short name is already used in this institution', { shortNames });
        }
        throw error;
      }
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'station.created',
        target: `station:${station.id}`,
        details: { chargeBoxId, kind: station.kind, chargePoints: shortNames },
      });
      return { ...toStation(station), chargePoints };
    });
    return { station: result, generatedPassword };
  }

  async listStations(ctx: Ctx, query: StationListQuery = {}): Promise<Station[]> {
    requirePermission(ctx.actor, 'stations:read');
    const rows = await repo.listStations(this.db, scopeOf(ctx.actor), {
      ...query,
      limit: query.limit ?? 200,
      offset: query.offset ?? 0,
    });
    return rows.map(toStation);
  }

  async listPending(ctx: Ctx): Promise<Station[]> {
    return this.listStations(ctx, { registration: 'pending', limit: 1000 });
  }

  /** By UUID or charge box id. */
  async getStation(ctx: Ctx, ref: string): Promise<StationWithChargePoints> {
    requirePermission(ctx.actor, 'stations:read');
    const row = await this.visibleStation(ctx, ref);
    return { ...toStation(row), chargePoints: await repo.listChargePointsOf(this.db, [row.id]) };
  }

  async updateStation(ctx: Ctx, ref: string, input: UpdateStationInput): Promise<StationWithChargePoints> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = await this.visibleStation(ctx, ref);
    await this.checkPlacement(ctx, row.institutionId, input);
    const values: repo.StationValues = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.kind !== undefined) values.kind = input.kind;
    if (input.locationId !== undefined) values.locationId = input.locationId;
    if (input.groupId !== undefined) values.groupId = input.groupId;
    const authorization: repo.StationValues = {};
    if (input.authorizationMode !== undefined && input.authorizationMode !== row.authorizationMode)
      authorization.authorizationMode = input.authorizationMode;
    if (input.localListEnabled !== undefined && input.localListEnabled !== row.localListEnabled)
      authorization.localListEnabled = input.localListEnabled;
    const changes = { ...values, ...authorization };
    const updated =
      Object.keys(changes).length === 0 ? row : await repo.updateStation(this.db, row.id, changes);
    if (Object.keys(values).length > 0) {
      await recordAudit(this.db, ctx, {
        institutionId: row.institutionId,
        action: 'station.updated',
        target: `station:${row.id}`,
        details: { ...values },
      });
    }
    if (Object.keys(authorization).length > 0) {
      // Who may charge here changed: audited on its own, with the previous values.
      await recordAudit(this.db, ctx, {
        institutionId: row.institutionId,
        action: 'station.authorization_changed',
        target: `station:${row.id}`,
        details: {
          ...authorization,
          previous: { authorizationMode: row.authorizationMode, localListEnabled: row.localListEnabled },
        },
      });
      this.deps.live?.publish({ type: 'cards.changed', institutionId: row.institutionId });
    }
    return { ...toStation(updated), chargePoints: await repo.listChargePointsOf(this.db, [row.id]) };
  }

  /**
   * Sets or rotates the station's Basic-auth password. The station keeps its connection; it
   * must use the new password on its next connect (the central system's cache sees the new hash).
   */
  async setPassword(
    ctx: Ctx,
    ref: string,
    password: string | undefined,
  ): Promise<{ station: Station; generatedPassword: string | undefined }> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = await this.visibleStation(ctx, ref);
    const generatedPassword = password === undefined ? generatePassword() : undefined;
    const next = password ?? generatedPassword!;
    checkPassword(next);
    const updated = await repo.updateStation(this.db, row.id, { passwordHash: await hashPassword(next) });
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'station.password_set',
      target: `station:${row.id}`,
    });
    return { station: toStation(updated), generatedPassword };
  }

  /**
   * Accepts a pending station (one that connected unknown) into its institution. Its next
   * BootNotification is then answered Accepted.
   */
  async adoptStation(
    ctx: Ctx,
    ref: string,
    input: {
      password?: string;
      name?: string | null;
      kind?: StationKind;
      locationId?: string | null;
      groupId?: string | null;
    },
  ): Promise<{ station: StationWithChargePoints; generatedPassword: string | undefined }> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = await this.visibleStation(ctx, ref);
    if (row.registration !== 'pending') {
      throw new Conflict(`Station ${row.chargeBoxId} is not pending (it is ${row.registration})`, {
        registration: row.registration,
      });
    }
    await this.checkPlacement(ctx, row.institutionId, input);
    // A station that connected without credentials gets some; the operator configures them on it.
    const generatedPassword =
      input.password === undefined && row.passwordHash === null ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword;
    if (password !== undefined) checkPassword(password);
    const values: repo.StationValues = { registration: 'accepted' };
    if (password !== undefined) values.passwordHash = await hashPassword(password);
    if (input.name !== undefined) values.name = input.name;
    if (input.kind !== undefined) values.kind = input.kind;
    if (input.locationId !== undefined) values.locationId = input.locationId;
    if (input.groupId !== undefined) values.groupId = input.groupId;
    const updated = await repo.updateStation(this.db, row.id, values);
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'station.adopted',
      target: `station:${row.id}`,
      details: { chargeBoxId: row.chargeBoxId, passwordSet: password !== undefined },
    });
    return {
      station: { ...toStation(updated), chargePoints: await repo.listChargePointsOf(this.db, [row.id]) },
      generatedPassword,
    };
  }

  async stationStatus(ctx: Ctx, ref: string): Promise<StationStatus> {
    requirePermission(ctx.actor, 'stations:read');
    const row = await this.visibleStation(ctx, ref);
    const [chargePoints, active] = await Promise.all([
      repo.listChargePointsOf(this.db, [row.id]),
      repo.activeSessionsOf(this.db, row.id),
    ]);
    return {
      stationId: row.id,
      chargeBoxId: row.chargeBoxId,
      online: row.connectedNode !== null,
      registration: row.registration,
      ocppVersion: row.ocppVersion,
      lastSeenAt: row.lastSeenAt,
      connectedAt: row.connectedAt,
      lastBootAt: row.lastBootAt,
      chargePoints: chargePoints.map((cp) => {
        const activeSessionId =
          active.find(
            (s) => s.chargePointId === cp.id || (s.chargePointId === null && s.evseId === cp.evseId),
          )?.id ?? null;
        return {
          id: cp.id,
          evseId: cp.evseId,
          shortName: cp.shortName,
          status: cp.status,
          errorCode: cp.errorCode,
          statusInfo: cp.statusInfo,
          statusAt: cp.statusAt,
          door: cp.door,
          doorAt: cp.doorAt,
          activeSessionId,
          state: chargePointState({
            stationOnline: row.connectedNode !== null && row.registration === 'accepted',
            status: cp.status,
            errorCode: cp.errorCode,
            door: cp.door,
            sessionActive: activeSessionId !== null,
          }),
        };
      }),
    };
  }

  async listStationChargePoints(ctx: Ctx, ref: string): Promise<repo.ChargePointRow[]> {
    requirePermission(ctx.actor, 'stations:read');
    const row = await this.visibleStation(ctx, ref);
    return repo.listChargePointsOf(this.db, [row.id]);
  }

  async listChargePoints(
    ctx: Ctx,
    query: { q?: string; institutionId?: string } = {},
  ): Promise<repo.ChargePointRow[]> {
    requirePermission(ctx.actor, 'stations:read');
    return repo.listChargePoints(this.db, scopeOf(ctx.actor), query);
  }

  async getChargePoint(ctx: Ctx, id: string): Promise<repo.ChargePointRow> {
    requirePermission(ctx.actor, 'stations:read');
    return assertVisible(ctx.actor, await repo.findChargePoint(this.db, id), 'charge point', id);
  }

  /** The charge point a person means by a short name ("p20-07"), within one institution. */
  async findChargePointByShortName(
    ctx: Ctx,
    institutionId: string,
    shortName: string,
  ): Promise<repo.ChargePointRow | undefined> {
    const row = await repo.findChargePointByShortName(this.db, institutionId, normalizeShortName(shortName));
    return row === undefined ? undefined : assertVisible(ctx.actor, row, 'charge point');
  }

  async addChargePoint(
    ctx: Ctx,
    ref: string,
    input: { shortName: string; evseId?: number },
  ): Promise<repo.ChargePointRow> {
    requirePermission(ctx.actor, 'stations:manage');
    const station = await this.visibleStation(ctx, ref);
    const shortName = checkShortName(input.shortName);
    const evseId = input.evseId ?? (await repo.maxEvseId(this.db, station.id)) + 1;
    let row: repo.ChargePointRow;
    try {
      [row] = (await repo.insertChargePoints(this.db, [
        { institutionId: station.institutionId, stationId: station.id, evseId, shortName },
      ])) as [repo.ChargePointRow];
    } catch (error) {
      const violation = uniqueViolation(error);
      if (violation?.constraint === 'charge_points_station_evse') {
        throw new Conflict(`Station ${station.chargeBoxId} already has EVSE ${evseId}`, { evseId });
      }
      if (violation)
        throw new Conflict(`Short name ${shortName} is already used in this institution`, { shortName });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId: station.institutionId,
      action: 'charge_point.created',
      target: `charge_point:${row.id}`,
      details: { stationId: station.id, evseId, shortName },
    });
    return row;
  }

  async renameChargePoint(ctx: Ctx, id: string, rawShortName: string): Promise<repo.ChargePointRow> {
    requirePermission(ctx.actor, 'stations:manage');
    const row = assertVisible(ctx.actor, await repo.findChargePoint(this.db, id), 'charge point', id);
    const shortName = checkShortName(rawShortName);
    if (shortName === row.shortName) return row;
    let updated: repo.ChargePointRow;
    try {
      updated = await repo.renameChargePoint(this.db, id, shortName);
    } catch (error) {
      if (uniqueViolation(error))
        throw new Conflict(`Short name ${shortName} is already used in this institution`, { shortName });
      throw error;
    }
    await recordAudit(this.db, ctx, {
      institutionId: row.institutionId,
      action: 'charge_point.renamed',
      target: `charge_point:${id}`,
      details: { from: row.shortName, to: shortName },
    });
    return updated;
  }

  /** For transports that hold a station id (e.g. the command routes): the visible station or NotFound. */
  async requireStation(ctx: Ctx, ref: string): Promise<Station> {
    requirePermission(ctx.actor, 'stations:read');
    return toStation(await this.visibleStation(ctx, ref));
  }
}
