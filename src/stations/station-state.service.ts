/**
 * The live state of stations as they report it over OCPP, whatever the protocol version: who may
 * connect, boot, connection and last seen, connector status, compartment doors, firmware and
 * diagnostics status, and other station reports. The OCPP adapters (ocpp/v16, ocpp/v201) call these
 * verbs; the acting station is named by a `StationRef` next to `ctx`.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { DoorState, OcppVersion, StationRegistration } from '../db/schema.js';
import type { LiveEvent, LiveEvents } from '../live/live-events.js';
import type { Ctx } from '../shared/context.js';
import { hashPassword, verifyPassword } from '../shared/passwords.js';
import { CredentialCache } from './station-state.credential-cache.js';
import { isValidChargeBoxId, stationPasswordProblem } from './station-naming.js';
import {
  clearConnectionsOfNode,
  findInstitutionBySlug,
  findStationsForConnection,
  type StationCredentials,
  insertPendingStation,
  insertStationEvent,
  updateStationReport,
  writeDoor,
  type BootInfo,
  type ConnectionRow,
  type StatusRow,
} from './station-state.repository.js';
import { LastSeenBuffer, bootLane, connectionWriter, statusLane } from './station-state.writer.js';
import { GroupCommit } from '../shared/group-commit.js';
import type { Lane, WriteBatcher } from '../shared/write-batcher.js';

export type { DoorState, OcppVersion, StationRegistration };

/** The station a message came from, as the central system knows it after authentication. */
export interface StationRef {
  stationId: string;
  institutionId: string;
  chargeBoxId: string;
}

export interface AuthenticatedStation extends StationRef {
  registration: StationRegistration;
}

export type ConnectionAuthResult =
  | { ok: true; station: AuthenticatedStation }
  | { ok: false; reason: 'unknown_station' | 'wrong_password' | 'no_password' };

export interface ConnectionAuthInput {
  chargeBoxId: string;
  /** The HTTP Basic password, if the station sent one. */
  password: string | undefined;
  /** Set when the station connected at /ocpp/{institutionSlug}/{chargeBoxId}. */
  institutionSlug: string | undefined;
}

export interface BootInput {
  protocol: OcppVersion;
  vendor: string;
  model: string;
  serialNumber: string | null;
  firmwareVersion: string | null;
  /** 2.0.1 BootReason; 1.6 has none. */
  reason: string | null;
}

export interface BootResult {
  registration: StationRegistration;
  /** Heartbeat interval when accepted, otherwise the delay before the next BootNotification. */
  intervalS: number;
}

export interface StatusInput {
  /** 0 is the station as a whole. */
  evseId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  reportedAt: Date;
}

export interface StationStateDeps {
  config: Config;
  db: Db;
  log: Logger;
  live: LiveEvents;
  now: () => Date;
  /** The shared batched writer (one transaction per round for all high-volume writes). */
  writes: WriteBatcher;
}

/** A pending or rejected station retries its BootNotification after this long at most. */
const BOOT_RETRY_INTERVAL_S = 60;
/** Last-seen times are written this often (and when the central system closes). */
const LAST_SEEN_FLUSH_MS = 15_000;

export class StationStateService {
  private readonly credentials = new CredentialCache();
  private readonly statuses: Lane<StatusRow, boolean>;
  private readonly boots: Lane<BootInfo, StationRegistration | undefined>;
  /** Look-ups of connecting stations, many in one query when they come in a storm. */
  private readonly lookups: GroupCommit<string, StationCredentials | undefined>;
  private readonly connections: GroupCommit<ConnectionRow, void>;
  /**
   * The status each charge point shows, as this node last wrote it (per station, forgotten when it
   * connects or disconnects): a report of the same status again is not stored (the history holds
   * changes; `status_at` says since when the status holds).
   */
  private readonly shown = new Map<string, Map<number, { signature: string; at: number }>>();
  private readonly lastSeen = new LastSeenBuffer();
  private lastSeenTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: StationStateDeps) {
    this.statuses = statusLane(deps.writes);
    this.boots = bootLane(deps.writes);
    this.lookups = new GroupCommit<string, StationCredentials | undefined>({
      maxBatch: 1_000,
      concurrency: 2,
      flush: async (chargeBoxIds) => {
        const found = await findStationsForConnection(deps.db, [...new Set(chargeBoxIds)]);
        return chargeBoxIds.map((id) => found.get(id));
      },
    });
    this.connections = connectionWriter(deps.db);
  }

  /**
   * Decides whether a WebSocket upgrade may become a station connection (security profile 1/2:
   * HTTP Basic auth). A station unknown here is refused, unless it connects at its institution's
   * URL and the institution accepts unknown stations: then it is stored as pending, with the
   * password it presented, for an admin to adopt.
   */
  async authenticateConnection(ctx: Ctx, input: ConnectionAuthInput): Promise<ConnectionAuthResult> {
    const { db } = this.deps;
    let station = await this.lookups.add(input.chargeBoxId);
    if (station === undefined) {
      if (input.institutionSlug === undefined) return { ok: false, reason: 'unknown_station' };
      const institution = await findInstitutionBySlug(db, input.institutionSlug);
      if (institution === undefined || !institution.acceptUnknownStations)
        return { ok: false, reason: 'unknown_station' };
      // Only what an admin could have registered: a valid charge box id and station password.
      if (!isValidChargeBoxId(input.chargeBoxId)) return { ok: false, reason: 'unknown_station' };
      if (input.password === undefined || stationPasswordProblem(input.password) !== undefined) {
        return { ok: false, reason: 'no_password' };
      }
      const passwordHash = await hashPassword(input.password);
      const inserted = await insertPendingStation(db, {
        institutionId: institution.id,
        chargeBoxId: input.chargeBoxId,
        passwordHash,
      });
      station = await this.lookups.add(input.chargeBoxId);
      if (station === undefined) return { ok: false, reason: 'unknown_station' };
      if (inserted) {
        ctx.log.info(
          { station: input.chargeBoxId, institution: institution.slug },
          'unknown station registered as pending',
        );
        this.credentials.remember(station.id, CredentialCache.digest(input.password), passwordHash);
      }
    }
    if (input.institutionSlug !== undefined && input.institutionSlug !== station.institutionSlug) {
      // Not revealed: the station exists, but not in the institution named in the URL.
      return { ok: false, reason: 'unknown_station' };
    }
    if (station.passwordHash === null) return { ok: false, reason: 'no_password' };
    if (input.password === undefined) return { ok: false, reason: 'wrong_password' };
    const digest = CredentialCache.digest(input.password);
    if (!this.credentials.isVerified(station.id, digest, station.passwordHash)) {
      if (!(await verifyPassword(station.passwordHash, input.password)))
        return { ok: false, reason: 'wrong_password' };
      this.credentials.remember(station.id, digest, station.passwordHash);
    }
    return {
      ok: true,
      station: {
        stationId: station.id,
        institutionId: station.institutionId,
        chargeBoxId: station.chargeBoxId,
        registration: station.registration,
      },
    };
  }

  /** Called once at start: connections this node held before a restart are gone. */
  async resetConnectionsOfThisNode(_ctx: Ctx): Promise<void> {
    await clearConnectionsOfNode(this.deps.db, this.deps.config.nodeId);
  }

  connected(ctx: Ctx, station: StationRef, protocol: OcppVersion): void {
    const at = this.deps.now();
    this.shown.delete(station.stationId);
    this.lastSeen.mark(station.stationId, at.getTime());
    this.enqueue(
      ctx,
      {
        stationId: station.stationId,
        node: this.deps.config.nodeId,
        closingNode: null,
        protocol,
        at,
      },
      { type: 'station.connected', ...station },
    );
  }

  disconnected(ctx: Ctx, station: StationRef): void {
    const at = this.deps.now();
    this.shown.delete(station.stationId);
    // The disconnect itself records the last-seen time.
    this.lastSeen.forget(station.stationId);
    this.enqueue(
      ctx,
      {
        stationId: station.stationId,
        node: null,
        closingNode: this.deps.config.nodeId,
        protocol: null,
        at,
      },
      { type: 'station.disconnected', ...station },
    );
  }

  /** Any message from the station: kept in memory, written every few seconds. */
  seen(station: StationRef): void {
    this.lastSeen.mark(station.stationId, this.deps.now().getTime());
    if (this.lastSeenTimer === undefined) {
      this.lastSeenTimer = setTimeout(() => {
        this.lastSeenTimer = undefined;
        this.lastSeen.flush(this.deps.db).catch((error: unknown) => {
          this.deps.log.warn({ err: error }, 'writing last-seen times failed');
        });
      }, LAST_SEEN_FLUSH_MS);
      this.lastSeenTimer.unref();
    }
  }

  /** B01/B02/B03: the registration decides the answer; the boot information is stored either way. */
  async boot(ctx: Ctx, station: StationRef, input: BootInput): Promise<BootResult> {
    const registration =
      (await this.boots.add({
        stationId: station.stationId,
        vendor: input.vendor,
        model: input.model,
        serialNumber: input.serialNumber,
        firmwareVersion: input.firmwareVersion,
        ocppVersion: input.protocol,
        bootedAt: ctx.now(),
      })) ?? 'rejected';
    ctx.log.debug({ registration, reason: input.reason }, 'boot');
    this.deps.live.publish({
      type: 'station.booted',
      institutionId: station.institutionId,
      stationId: station.stationId,
      registration,
    });
    const intervalS =
      registration === 'accepted'
        ? this.deps.config.heartbeatIntervalS
        : Math.min(this.deps.config.heartbeatIntervalS, BOOT_RETRY_INTERVAL_S);
    return { registration, intervalS };
  }

  /** Stored (with its history) before it resolves: the station is answered only after that. */
  async reportStatus(ctx: Ctx, station: StationRef, input: StatusInput): Promise<void> {
    const at = input.reportedAt.getTime();
    const signature = `${input.status}\u0000${input.errorCode ?? ''}\u0000${input.info ?? ''}`;
    const known = this.shown.get(station.stationId)?.get(input.evseId);
    // The same status again (stations repeat them after reconnects, some periodically): nothing new.
    if (known !== undefined && known.signature === signature && at >= known.at) return;
    // Older than what is shown (reported late): history only.
    const changed = known === undefined || at >= known.at;
    const row: StatusRow = { ...station, ...input, changed };
    const applied = await this.statuses.add(row);
    if (applied || (input.evseId <= 0 && changed)) {
      let perStation = this.shown.get(station.stationId);
      if (perStation === undefined) this.shown.set(station.stationId, (perStation = new Map()));
      const shown = perStation.get(input.evseId);
      if (shown === undefined || shown.at <= at) perStation.set(input.evseId, { signature, at });
    }
    if (input.evseId > 0 && changed) {
      this.deps.live.publish({
        type: 'chargePoint.status',
        institutionId: station.institutionId,
        stationId: station.stationId,
        evseId: input.evseId,
        status: input.status,
        errorCode: input.errorCode,
      });
    }
  }

  /** The door of a locker compartment (docs/ocpp.md, "Locker doors"). */
  async reportDoor(
    ctx: Ctx,
    station: StationRef,
    input: { evseId: number; door: DoorState; at: Date },
  ): Promise<void> {
    const changed = await writeDoor(this.deps.db, { ...station, ...input });
    if (!changed) {
      ctx.log.debug({ evseId: input.evseId }, 'door report older than the stored one ignored');
      return;
    }
    this.deps.live.publish({
      type: 'chargePoint.door',
      institutionId: station.institutionId,
      stationId: station.stationId,
      evseId: input.evseId,
      door: input.door,
    });
  }

  async reportFirmwareStatus(
    ctx: Ctx,
    station: StationRef,
    input: { status: string; requestId?: number },
  ): Promise<void> {
    await updateStationReport(this.deps.db, station.stationId, { firmwareStatus: input.status });
    await this.recordEvent(ctx, station, 'firmware_status', input);
  }

  async reportDiagnosticsStatus(
    ctx: Ctx,
    station: StationRef,
    input: { status: string; requestId?: number },
  ): Promise<void> {
    await updateStationReport(this.deps.db, station.stationId, { diagnosticsStatus: input.status });
    await this.recordEvent(ctx, station, 'diagnostics_status', input);
  }

  /** Keeps a station report (NotifyEvent, NotifyReport, security events, data transfers ...) as it came. */
  async recordEvent(ctx: Ctx, station: StationRef, kind: string, payload: unknown): Promise<void> {
    await insertStationEvent(this.deps.db, {
      institutionId: station.institutionId,
      stationId: station.stationId,
      kind,
      payload: payload ?? {},
      at: ctx.now(),
    });
  }

  /** Writes everything buffered (connections, statuses, last-seen times). */
  async flush(): Promise<void> {
    await this.connections.drain();
    await this.deps.writes.drain();
    await this.lastSeen.flush(this.deps.db);
  }

  async close(): Promise<void> {
    if (this.lastSeenTimer !== undefined) clearTimeout(this.lastSeenTimer);
    this.lastSeenTimer = undefined;
    await this.flush();
  }

  /**
   * The live event goes out once the state is written: a portal that refreshes on it reads the new
   * state, not the one before (the write is batched, so it lands a moment later).
   */
  private enqueue(ctx: Ctx, row: ConnectionRow, event: LiveEvent): void {
    this.connections
      .add(row)
      .then(() => this.deps.live.publish(event))
      .catch((error: unknown) => {
        ctx.log.warn({ err: error }, 'writing station connection state failed');
      });
  }
}
