/**
 * The OCPP message log: every CALL, CALLRESULT and CALLERROR exchanged with a station, for
 * troubleshooting, one row per exchange (a CALL and its answer). An exchange is recorded once it is
 * complete (its answer was sent or received), so recording never delays an answer; the rows ride
 * along in the next round of the shared WriteBatcher instead of costing commits of their own.
 * Bounded to `messageLogPerStation` rows per station by a periodic prune.
 */
import type { Logger } from 'pino';
import { assertVisible, requirePermission } from '../access/tenant-scope.js';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { Ctx } from '../shared/context.js';
import type { Lane, WriteBatcher } from '../shared/write-batcher.js';
import {
  findStationInstitution,
  insertMessages,
  listMessages,
  pruneMessages,
  type OcppMessageRow,
} from './message-log.repository.js';

export { jsonText } from './message-log.repository.js';
export type { OcppMessageRow };

export interface MessageLogDeps {
  config: Config;
  db: Db;
  log: Logger;
  /** The shared batched writer: log rows are written with the next round of station data. */
  writes: WriteBatcher;
}

export interface LoggedMessage {
  id: number;
  direction: 'in' | 'out';
  messageType: number;
  messageId: string;
  action: string | null;
  payload: unknown;
  at: Date;
  /** The answer to this CALL (CALLRESULT 3 or CALLERROR 4). */
  response: { messageType: number; payload: unknown; at: Date } | null;
}

/**
 * Rows waiting to be written beyond this are dropped (and counted): when the database falls behind,
 * the log gives way to the station data, and must not eat the memory.
 */
const MAX_BACKLOG = 10_000;
const PRUNE_INTERVAL_MS = 60_000;
/** Stations pruned per statement: few, as the embedded database holds everything else up meanwhile. */
const PRUNE_CHUNK = 50;

export class MessageLogService {
  private readonly lane: Lane<OcppMessageRow, void>;
  private waiting = 0;
  /**
   * Rows each station may have in the table, as far as this node knows: what it wrote since the
   * last prune, on top of a full log for a station it has not pruned yet. Only stations over the
   * limit are pruned.
   */
  private readonly rows = new Map<string, number>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(private readonly deps: MessageLogDeps) {
    this.lane = deps.writes.lane<OcppMessageRow, void>({
      name: 'ocpp message log',
      passive: true,
      write: async (tx, rows) => {
        await insertMessages(tx, rows);
        return {
          results: new Array<void>(rows.length),
          afterCommit: () => {
            const keep = this.deps.config.messageLogPerStation;
            for (const row of rows) this.rows.set(row.stationId, (this.rows.get(row.stationId) ?? keep) + 1);
          },
        };
      },
    });
  }

  get enabled(): boolean {
    return this.deps.config.messageLogPerStation > 0;
  }

  /** Records one complete exchange (or a lone frame); never waits and never throws. */
  record(row: OcppMessageRow): void {
    if (!this.enabled) return;
    if (this.waiting >= MAX_BACKLOG) {
      if (this.dropped++ === 0)
        this.deps.log.warn('OCPP message log falls behind; messages are dropped from it');
      return;
    }
    this.waiting++;
    this.lane
      .add(row)
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'writing the OCPP message log failed'))
      .finally(() => this.waiting--);
    if (this.pruneTimer === undefined) {
      this.pruneTimer = setTimeout(() => {
        this.pruneTimer = undefined;
        this.prune().catch((error: unknown) =>
          this.deps.log.warn({ err: error }, 'pruning the OCPP message log failed'),
        );
      }, PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
    }
  }

  /** A station's recent exchanges, newest first. */
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

  /** Writes what is recorded so far. */
  async flush(): Promise<void> {
    await this.deps.writes.drain();
  }

  /**
   * Cuts every station over the limit back to its newest `messageLogPerStation` rows. A station is
   * pruned once it may have a quarter more than that, so each delete removes a good number of rows.
   */
  async prune(): Promise<void> {
    await this.flush();
    const keep = this.deps.config.messageLogPerStation;
    const slack = Math.max(1, Math.floor(keep / 4));
    const over = [...this.rows].filter(([, n]) => n > keep + slack).map(([stationId]) => stationId);
    if (this.dropped > 0) {
      this.deps.log.warn({ dropped: this.dropped }, 'OCPP messages dropped from the log');
      this.dropped = 0;
    }
    for (let i = 0; i < over.length; i += PRUNE_CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const chunk = over.slice(i, i + PRUNE_CHUNK);
      await pruneMessages(this.deps.db, chunk, keep);
      for (const stationId of chunk) this.rows.set(stationId, keep);
    }
  }

  async close(): Promise<void> {
    if (this.pruneTimer !== undefined) clearTimeout(this.pruneTimer);
    this.pruneTimer = undefined;
    await this.prune();
  }
}
