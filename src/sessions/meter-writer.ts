/**
 * The batched writer of meter values (docs/adr/0003-group-commit.md): 1.6 MeterValues, 2.0.1
 * MeterValues, and 2.0.1 TransactionEvent(Updated) of known transactions, the bulk of OCPP traffic.
 * A lane of the shared WriteBatcher: each round resolves the sessions of the whole batch in one
 * query, deduplicates TransactionEvents on (session, seqNo), inserts all meter rows in one statement
 * and brings each session's energy up to date, inside the round's transaction.
 */
import type { Db } from '../db/database.js';
import type { LiveEvents } from '../live/live-events.js';
import type { Lane, WriteBatcher } from '../shared/write-batcher.js';
import { mergeRanges, registerRange, type MeterSample, type RegisterRange } from './meter-values.js';
import {
  applySessionProgress,
  findSessionIds,
  insertMeterRows,
  insertTransactionEvents,
  type MeterRow,
  type SessionProgress,
} from './sessions.repository.js';

export interface MeterWrite {
  institutionId: string;
  stationId: string;
  evseId: number | null;
  /** The OCPP transaction the values belong to, if any. */
  transactionId: string | null;
  samples: MeterSample[];
  /** Set for a 2.0.1 TransactionEvent(Updated): stored once per (session, seqNo). */
  event?: {
    seqNo: number;
    eventType: string;
    triggerReason: string;
    offline: boolean;
    timestamp: Date;
    payload: unknown;
  };
}

/**
 * stored: written;
 * duplicate: the TransactionEvent was stored before, nothing written;
 * unknown_transaction: no session has this transaction id: a TransactionEvent is not written (the
 * caller takes the slow path, which creates the session); plain meter values are written without
 * a session.
 */
export type MeterWriteResult = 'stored' | 'duplicate' | 'unknown_transaction';

export function meterLane(
  batcher: WriteBatcher,
  live: LiveEvents,
  now: () => Date,
): Lane<MeterWrite, MeterWriteResult> {
  return batcher.lane<MeterWrite, MeterWriteResult>({
    name: 'meter values',
    write: async (tx, items) => {
      const { results, updated } = await writeBatch(tx, items, now());
      return {
        results,
        afterCommit: () => {
          for (const session of updated) {
            live.publish({
              type: 'session.updated',
              institutionId: session.institutionId,
              stationId: session.stationId,
              sessionId: session.id,
              energyWh: session.energyWh,
            });
          }
        },
      };
    },
  });
}

const keyOf = (stationId: string, transactionId: string) => `${stationId}/${transactionId}`;

async function writeBatch(tx: Db, items: MeterWrite[], now: Date) {
  const keys = new Map<string, { stationId: string; transactionId: string }>();
  for (const item of items) {
    if (item.transactionId !== null) {
      keys.set(keyOf(item.stationId, item.transactionId), {
        stationId: item.stationId,
        transactionId: item.transactionId,
      });
    }
  }
  const sessionIds = new Map<string, string>();
  if (keys.size > 0) {
    const found = await findSessionIds(tx, [...keys.values()]);
    for (const s of found) sessionIds.set(keyOf(s.stationId, s.transactionId), s.id);
  }
  const sessionOf = (item: MeterWrite) =>
    item.transactionId === null ? undefined : sessionIds.get(keyOf(item.stationId, item.transactionId));

  const results = new Array<MeterWriteResult>(items.length);
  // TransactionEvents: one per (session, seqNo), also within the batch.
  const events: Parameters<typeof insertTransactionEvents>[1] = [];
  const firstInBatch = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.event === undefined) return;
    const sessionId = sessionOf(item);
    if (sessionId === undefined) {
      results[i] = 'unknown_transaction';
      return;
    }
    const key = `${sessionId}/${item.event.seqNo}`;
    if (firstInBatch.has(key)) {
      results[i] = 'duplicate';
      return;
    }
    firstInBatch.set(key, i);
    events.push({ sessionId, ...item.event });
  });
  const inserted = new Set(
    (await insertTransactionEvents(tx, events)).map((e) => `${e.sessionId}/${e.seqNo}`),
  );
  for (const [key, i] of firstInBatch) results[i] = inserted.has(key) ? 'stored' : 'duplicate';

  const rows: MeterRow[] = [];
  const progress = new Map<string, SessionProgress & { range: RegisterRange | undefined }>();
  items.forEach((item, i) => {
    if (results[i] === 'duplicate' || results[i] === 'unknown_transaction') return;
    const sessionId = sessionOf(item) ?? null;
    results[i] = item.transactionId !== null && sessionId === null ? 'unknown_transaction' : 'stored';
    for (const sample of item.samples) {
      rows.push({
        ...sample,
        institutionId: item.institutionId,
        stationId: item.stationId,
        sessionId,
        evseId: item.evseId,
      });
    }
    if (sessionId === null) return;
    const previous = progress.get(sessionId);
    const range = mergeRanges(previous?.range, registerRange(item.samples));
    const seqNo = item.event?.seqNo ?? null;
    progress.set(sessionId, {
      sessionId,
      range,
      registerMinWh: range?.minWh ?? null,
      registerMaxWh: range?.maxWh ?? null,
      seqNo: seqNo === null ? (previous?.seqNo ?? null) : Math.max(seqNo, previous?.seqNo ?? seqNo),
      offline: (previous?.offline ?? false) || (item.event?.offline ?? false),
      evseId: previous?.evseId ?? item.evseId,
    });
  });
  await insertMeterRows(tx, rows);
  const updated = await applySessionProgress(
    tx,
    [...progress.values()].map(({ range: _range, ...p }) => p),
    now,
  );
  return { results, updated };
}
