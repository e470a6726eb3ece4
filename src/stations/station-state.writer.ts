/**
 * Batched writes of station state: connector status (with its history) and connection changes are
 * a lane of the shared WriteBatcher (docs/adr/0003-group-commit.md); last-seen times are kept in
 * memory and written periodically in one statement.
 */
import type { Db } from '../db/database.js';
import type { Lane, WriteBatcher } from '../shared/write-batcher.js';
import {
  writeConnections,
  writeLastSeen,
  writeStatuses,
  type ConnectionRow,
  type StatusRow,
} from './station-state.repository.js';

export type StateWrite = { kind: 'status'; row: StatusRow } | { kind: 'connection'; row: ConnectionRow };

/** A status write resolves with whether the charge point now shows that status. */
export function stateLane(batcher: WriteBatcher): Lane<StateWrite, boolean> {
  return batcher.lane<StateWrite, boolean>({
    name: 'station state',
    write: async (tx, items) => {
      const statuses: StatusRow[] = [];
      // Only the last connection change per station matters.
      const connections = new Map<string, ConnectionRow>();
      for (const item of items) {
        if (item.kind === 'status') statuses.push(item.row);
        else {
          connections.delete(item.row.stationId);
          connections.set(item.row.stationId, item.row);
        }
      }
      const applied = await writeStatuses(tx, statuses);
      await writeConnections(tx, [...connections.values()]);
      return { results: items.map((item) => item.kind === 'status' && applied.has(item.row)) };
    },
  });
}

/** Last-seen times in memory; `flush` writes what changed since the previous flush. */
export class LastSeenBuffer {
  private dirty = new Map<string, number>();

  mark(stationId: string, at: number): void {
    this.dirty.set(stationId, at);
  }

  get size(): number {
    return this.dirty.size;
  }

  async flush(db: Db): Promise<void> {
    if (this.dirty.size === 0) return;
    const batch = this.dirty;
    this.dirty = new Map();
    const entries = [...batch].map(([stationId, at]) => ({ stationId, at: new Date(at) }));
    try {
      await writeLastSeen(db, entries);
    } catch (error) {
      // Keep the times for the next attempt unless newer ones arrived meanwhile.
      for (const [stationId, at] of batch) if (!this.dirty.has(stationId)) this.dirty.set(stationId, at);
      throw error;
    }
  }
}
