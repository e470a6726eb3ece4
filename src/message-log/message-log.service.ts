/**
 * The OCPP message log: every CALL, CALLRESULT and CALLERROR exchanged with a station, for
 * troubleshooting, one row per exchange (a CALL and its answer). Collected in memory and written every quarter second in one statement, off the
 * reply path (recording never delays an answer, and costs the database a few commits per second
 * however busy the stations are); bounded to `messageLogPerStation` messages per station by a
 * periodic prune.
 */
import type { Logger } from 'pino';
import { assertVisible, requirePermission } from '../access/tenant-scope.js';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { Ctx } from '../shared/context.js';
import {
  findStationInstitution,
  insertMessages,
  listMessages,
  pruneMessages,
  type OcppMessageRow,
} from './message-log.repository.js';

export type { OcppMessageRow };

export interface MessageLogDeps {
  config: Config;
  db: Db;
  log: Logger;
}

export interface LoggedMessage {
  id: number;
  direction: 'in' | 'out';
  messageType: number;
  messageId: string;
  action: string | null;
  payload: unknown;
  at: Date;
  /** The answer, when it joined this row (CALLRESULT 3 or CALLERROR 4). */
  response: { messageType: number; payload: unknown; at: Date } | null;
}

/** A recorded exchange still waiting to be written; its answer can still join it. */
export type PendingMessage = OcppMessageRow & { sealed?: true };

/** Messages waiting to be written beyond this are dropped (and counted): the log must not eat the memory. */
const MAX_BACKLOG = 50_000;
/** How long a message waits at most before it is written. */
const WRITE_INTERVAL_MS = 250;
/**
 * Rows per INSERT. The embedded database runs in this thread; small statements with a yield in
 * between keep the log from holding up answers.
 */
const WRITE_CHUNK = 250;
const PRUNE_INTERVAL_MS = 60_000;
/** Stations pruned per statement. */
const PRUNE_CHUNK = 500;

export class MessageLogService {
  private queue: PendingMessage[] = [];
  private writeTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Stations with messages written since their last prune. */
  private touched = new Set<string>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(private readonly deps: MessageLogDeps) {}

  get enabled(): boolean {
    return this.deps.config.messageLogPerStation > 0;
  }

  /**
   * Queues one frame (with `answer` its answer can join the row later); never waits and never
   * throws. Returns undefined when the log is off or full.
   */
  record(row: OcppMessageRow): PendingMessage | undefined {
    if (!this.enabled) return undefined;
    if (this.queue.length >= MAX_BACKLOG) {
      if (this.dropped++ === 0)
        this.deps.log.warn('OCPP message log falls behind; messages are dropped from it');
      return undefined;
    }
    const pending: PendingMessage = row;
    this.queue.push(pending);
    if (this.writeTimer === undefined) {
      this.writeTimer = setTimeout(() => {
        this.writeTimer = undefined;
        this.write().catch((error: unknown) =>
          this.deps.log.warn({ err: error }, 'writing the OCPP message log failed'),
        );
      }, WRITE_INTERVAL_MS);
      this.writeTimer.unref();
    }
    if (this.pruneTimer === undefined) {
      this.pruneTimer = setTimeout(() => {
        this.pruneTimer = undefined;
        this.prune().catch((error: unknown) =>
          this.deps.log.warn({ err: error }, 'pruning the OCPP message log failed'),
        );
      }, PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
    }
    return pending;
  }

  /** Adds the answer to a queued CALL; false when that row is being written already (record the answer alone). */
  answer(pending: PendingMessage, responseType: 3 | 4, response: unknown, at: Date): boolean {
    if (pending.sealed === true) return false;
    pending.responseType = responseType;
    pending.response = response;
    pending.answeredAt = at;
    return true;
  }

  /** A station's recent messages, newest first. */
  async listForStation(
    ctx: Ctx,
    stationId: string,
    page: { limit: number; beforeId?: number },
  ): Promise<LoggedMessage[]> {
    requirePermission(ctx.actor, 'stations:read');
    assertVisible(ctx.actor, await findStationInstitution(this.deps.db, stationId), 'station', stationId);
    const rows = await listMessages(this.deps.db, stationId, page);
    return rows.map(({ responseType, response, answeredAt, ...row }) => ({
      ...row,
      response:
        responseType === null
          ? null
          : { messageType: responseType, payload: response, at: answeredAt ?? row.at },
    }));
  }

  /** Writes what is queued. */
  async flush(): Promise<void> {
    if (this.writeTimer !== undefined) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    await this.write();
  }

  /** One writer at a time; what is queued meanwhile goes with the next. */
  private async write(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    for (const row of rows) row.sealed = true;
    this.writing = (async () => {
      try {
        for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
          if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          await insertMessages(this.deps.db, rows.slice(i, i + WRITE_CHUNK));
        }
        for (const row of rows) this.touched.add(row.stationId);
      } finally {
        this.writing = undefined;
      }
    })();
    await this.writing;
  }

  /** Cuts every station written to since the last prune back to its newest `messageLogPerStation` messages. */
  async prune(): Promise<void> {
    await this.flush();
    const stations = [...this.touched];
    this.touched = new Set();
    if (this.dropped > 0) {
      this.deps.log.warn({ dropped: this.dropped }, 'OCPP messages dropped from the log');
      this.dropped = 0;
    }
    for (let i = 0; i < stations.length; i += PRUNE_CHUNK) {
      await pruneMessages(
        this.deps.db,
        stations.slice(i, i + PRUNE_CHUNK),
        this.deps.config.messageLogPerStation,
      );
    }
  }

  async close(): Promise<void> {
    if (this.pruneTimer !== undefined) clearTimeout(this.pruneTimer);
    this.pruneTimer = undefined;
    await this.prune();
    if (this.writeTimer !== undefined) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
  }
}
