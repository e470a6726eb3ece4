/**
 * The embedded database in a worker thread (see pglite-worker.ts): owns the PGlite instance and runs
 * what the main thread sends. Queries outside a transaction wait for an open transaction to end,
 * as PGlite itself does (one connection).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest, WorkerError } from './pglite-worker.js';

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string | undefined };
const pg = new PGlite(dataDir);

/** Timestamps, dates and intervals as text, as drizzle asks PGlite for them (its parsers are functions). */
const RAW_TYPES = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231,
  1115,
  1185,
  1187,
  1182,
];
const identity = (value: string) => value;
const rawParsers = Object.fromEntries(RAW_TYPES.map((t) => [t, identity]));

interface OpenTransaction {
  commands: ThreadRequest[];
  wake: (() => void) | undefined;
}
const transactions = new Map<number, OpenTransaction>();

function errorOf(error: unknown): WorkerError {
  const e = error as Record<string, unknown>;
  const copy: WorkerError = { message: String(e?.message ?? error) };
  for (const key of [
    'code',
    'constraint',
    'detail',
    'table',
    'column',
    'schema',
    'severity',
    'hint',
    'where',
  ]) {
    if (typeof e?.[key] === 'string') copy[key] = e[key];
  }
  return copy;
}

function reply(message: ThreadReply): void {
  port.postMessage(message);
}

async function runQuery(
  target: { query: PGlite['query'] },
  request: Extract<ThreadRequest, { kind: 'query' }>,
): Promise<void> {
  try {
    const result = await target.query(request.sql, request.params, {
      rowMode: request.rowMode,
      ...(request.rawTimestamps ? { parsers: rawParsers } : {}),
    });
    reply({
      id: request.id,
      ok: true,
      result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows },
    });
  } catch (error) {
    reply({ id: request.id, ok: false, error: errorOf(error) });
  }
}

function nextCommand(open: OpenTransaction): Promise<ThreadRequest> {
  const command = open.commands.shift();
  if (command !== undefined) return Promise.resolve(command);
  return new Promise((resolve) => {
    open.wake = () => {
      open.wake = undefined;
      resolve(open.commands.shift()!);
    };
  });
}

/**
 * Opens transaction `txId` (numbered by the main thread, which sends the transaction's statements
 * without waiting for BEGIN). They queue here until PGlite runs the transaction.
 */
function begin(id: number, txId: number): void {
  const open: OpenTransaction = { commands: [], wake: undefined };
  transactions.set(txId, open);
  let endId = -1;
  let begun = false;
  pg.transaction(async (tx: Transaction) => {
    begun = true;
    reply({ id, ok: true, result: {} });
    for (;;) {
      const command = await nextCommand(open);
      if (command.kind === 'query') await runQuery(tx, command);
      else if (command.kind === 'commit') {
        endId = command.id;
        return;
      } else if (command.kind === 'rollback') {
        endId = command.id;
        await tx.rollback();
        return;
      }
    }
  })
    .then(() => reply({ id: endId, ok: true, result: {} }))
    .catch((error: unknown) => {
      const failure = errorOf(error);
      if (!begun) {
        // BEGIN failed: so does everything sent for this transaction.
        reply({ id, ok: false, error: failure });
        for (const command of open.commands) reply({ id: command.id, ok: false, error: failure });
      } else reply({ id: endId === -1 ? id : endId, ok: false, error: failure });
    })
    .finally(() => transactions.delete(txId));
}

port.on('message', (request: ThreadRequest) => {
  switch (request.kind) {
    case 'query':
    case 'commit':
    case 'rollback': {
      if (request.tx === undefined) {
        if (request.kind === 'query') void runQuery(pg, request);
        return;
      }
      const open = transactions.get(request.tx);
      if (open === undefined) {
        reply({ id: request.id, ok: false, error: { message: 'Transaction is closed' } });
        return;
      }
      open.commands.push(request);
      open.wake?.();
      return;
    }
    case 'begin':
      begin(request.id, request.tx);
      return;
    case 'exec':
      pg.exec(request.sql).then(
        () => reply({ id: request.id, ok: true, result: {} }),
        (error: unknown) => reply({ id: request.id, ok: false, error: errorOf(error) }),
      );
      return;
    case 'close':
      pg.close().then(
        () => reply({ id: request.id, ok: true, result: {} }),
        (error: unknown) => reply({ id: request.id, ok: false, error: errorOf(error) }),
      );
      return;
  }
});

/**
 * PGlite runs PostgreSQL without its background processes, so nothing vacuums: tables updated all
 * the time would only grow. The small, busy ones are vacuumed every minute, the big ones less often.
 */
const VACUUM_PLAN = [
  { everyMs: 60_000, sql: 'VACUUM stations, charge_points' },
  { everyMs: 15 * 60_000, sql: 'VACUUM sessions, ocpp_messages, remote_commands' },
];
function scheduleVacuum(): void {
  for (const { everyMs, sql } of VACUUM_PLAN) {
    setInterval(() => {
      // A table a newer schema dropped, or a closing database: nothing to do about it here.
      pg.exec(sql).catch(() => undefined);
    }, everyMs).unref();
  }
}

pg.waitReady.then(
  () => {
    scheduleVacuum();
    reply({ id: 0, ok: true, result: {} });
  },
  (error: unknown) => reply({ id: 0, ok: false, error: errorOf(error) }),
);
