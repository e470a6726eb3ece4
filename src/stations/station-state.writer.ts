/**
 * Batched writes of station state (docs/adr/0003-group-commit.md): boots and connector status (with
 * its history) are lanes of the shared WriteBatcher; connection changes have a writer of their own that
 * runs one write at a time, as their order matters (connected, dropped, connected again); last-seen
 * times are kept in memory and written periodically in one statement.
 */
import type { Db } from '../db/database.js';
import type { StationRegistration } from '../db/schema.js';
import { GroupCommit } from '../shared/group-commit.js';
import type { Lane, WriteBatcher } from '../shared/write-batcher.js';
import {
  recordBoots,
  writeConnections,
  writeLastSeen,
  writeStatuses,
  type BootInfo,
  type ConnectionRow,
  type StatusRow,
} from './station-state.repository.js';

/** A status write resolves with whether the charge point now shows that status. */
export function statusLane(batcher: WriteBatcher): Lane<StatusRow, boolean> {
  return batcher.lane<StatusRow, boolean>({
    name: 'connector status',
    write: async (tx, rows) => {
      const applied = await writeStatuses(tx, rows);
      return { results: rows.map((row) => applied.has(row)) };
    },
  });
}

/** Boots of many stations (a restart of the central system, a power cut) are written together. */
export function bootLane(batcher: WriteBatcher): Lane<BootInfo, StationRegistration | undefined> {
  return batcher.lane<BootInfo, StationRegistration | undefined>({
    name: 'boots',
    write: async (tx, boots) => {
      const registrations = await recordBoots(tx, boots);
      return { results: boots.map((boot) => registrations.get(boot.stationId)) };
    },
  });
}

export function connectionWriter(db: Db): GroupCommit<ConnectionRow, void> {
  return new GroupCommit<ConnectionRow, void>({
    maxBatch: 2_000,
    flush: async (rows) => {
      // Only the last change per station matters.
      const last = new Map<string, ConnectionRow>();
      for (const row of rows) {
        last.delete(row.stationId);
        last.set(row.stationId, row);
      }
      await db.transaction((tx) => writeConnections(tx, [...last.values()]));
      return new Array<void>(rows.length);
    },
  });
}

const LAST_SEEN_SLICE = 500;
/** A station's stored last-seen time is renewed at most this often (online state is the connection's). */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Last-seen times in memory; `flush` writes those that moved on by a minute since last written. */
export class LastSeenBuffer {
  private dirty = new Map<string, number>();
  /** What was last written (or is being written) per station. */
  private readonly written = new Map<string, number>();

  mark(stationId: string, at: number): void {
    const written = this.written.get(stationId);
    if (written !== undefined && at - written < LAST_SEEN_RESOLUTION_MS) return;
    this.dirty.set(stationId, at);
  }

  /** Written in any case with the next flush (e.g. when the station disconnects). */
  forget(stationId: string): void {
    this.written.delete(stationId);
  }

  get size(): number {
    return this.dirty.size;
  }

  async flush(db: Db): Promise<void> {
    if (this.dirty.size === 0) return;
    const batch = this.dirty;
    this.dirty = new Map();
    for (const [stationId, at] of batch) this.written.set(stationId, at);
    const entries = [...batch].map(([stationId, at]) => ({ stationId, at: new Date(at) }));
    try {
      // In slices, so a node with thousands of stations never holds the database for long.
      for (let i = 0; i < entries.length; i += LAST_SEEN_SLICE) {
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        await writeLastSeen(db, entries.slice(i, i + LAST_SEEN_SLICE));
      }
    } catch (error) {
      // Keep the times for the next attempt unless newer ones arrived meanwhile.
      for (const [stationId, at] of batch) {
        this.written.delete(stationId);
        if (!this.dirty.has(stationId)) this.dirty.set(stationId, at);
      }
      throw error;
    }
  }
}
