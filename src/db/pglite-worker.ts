/**
 * The embedded database (PGlite) in a worker thread. PGlite executes queries synchronously in the
 * thread that owns it; on the main thread every statement would stop the OCPP and HTTP traffic
 * while it runs, and the database could never use a second core. This client speaks to a PGlite in
 * a worker thread (pglite-thread.ts) and offers the part of PGlite's interface drizzle uses:
 * `query(sql, params, options)` and `transaction(fn)`.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export type ThreadRequest =
  | {
      kind: 'query';
      id: number;
      tx?: number;
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
      rawTimestamps: boolean;
    }
  | { kind: 'begin'; id: number; tx: number }
  | { kind: 'commit' | 'rollback'; id: number; tx: number }
  | { kind: 'exec'; id: number; sql: string }
  | { kind: 'close'; id: number };

export interface WorkerError {
  message: string;
  [key: string]: string;
}

export type ThreadReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WorkerError };

export interface QueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

type Request =
  | {
      kind: 'query';
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
      rawTimestamps: boolean;
      tx?: number;
    }
  | { kind: 'begin'; tx: number }
  | { kind: 'commit' | 'rollback'; tx: number }
  | { kind: 'exec'; sql: string }
  | { kind: 'close' };

/** Rebuilds the database error so callers see its SQLSTATE `code`, `constraint` etc. as from PGlite. */
function toError(error: WorkerError): Error {
  return Object.assign(new Error(error.message), error);
}

/** The thread's module next to this one: compiled (.js), or the source (through tsx) when run from TypeScript. */
function startThread(dataDir: string | undefined): Worker {
  const js = new URL('./pglite-thread.js', import.meta.url);
  if (existsSync(js)) return new Worker(js, { workerData: { dataDir } });
  const ts = new URL('./pglite-thread.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { dataDir } });
}

export class PGliteWorkerClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private nextTransaction = 1;
  readonly waitReady: Promise<void>;

  constructor(dataDir: string | undefined) {
    this.worker = startThread(dataDir);
    this.waitReady = new Promise<void>((resolve, reject) => {
      this.waiting.set(0, { resolve: () => resolve(), reject });
    });
    this.worker.on('message', (reply: ThreadReply) => {
      const waiting = this.waiting.get(reply.id);
      if (waiting === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(toError(reply.error));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`The database thread exited (code ${code})`)));
  }

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    return this.request({
      kind: 'query',
      sql,
      params,
      rowMode: options.rowMode ?? 'object',
      // drizzle passes parsers that keep timestamps, dates and intervals as text.
      rawTimestamps: options.parsers !== undefined,
    }) as Promise<QueryResult>;
  }

  /** The statements follow BEGIN without waiting for it (one round trip less per transaction). */
  async transaction<T>(fn: (tx: { query: PGliteWorkerClient['query'] }) => Promise<T>): Promise<T> {
    const tx = this.nextTransaction++;
    const begun = this.request({ kind: 'begin', tx });
    begun.catch(() => undefined);
    const client = {
      query: (sql: string, params: unknown[] = [], options: QueryOptions = {}) =>
        this.request({
          kind: 'query',
          tx,
          sql,
          params,
          rowMode: options.rowMode ?? 'object',
          rawTimestamps: options.parsers !== undefined,
        }) as Promise<QueryResult>,
    };
    let result: T;
    try {
      result = await fn(client);
      await begun;
    } catch (error) {
      await this.request({ kind: 'rollback', tx }).catch(() => undefined);
      throw error;
    }
    await this.request({ kind: 'commit', tx });
    return result;
  }

  async exec(sql: string): Promise<void> {
    await this.request({ kind: 'exec', sql });
  }

  async close(): Promise<void> {
    await this.request({ kind: 'close' });
    await this.worker.terminate();
  }

  private request(request: Request): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
