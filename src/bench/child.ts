/**
 * The bench runs the server and the load generator as child processes: the server so that its RSS
 * and CPU are its own, the load generator so that it does not share an event loop with either.
 * Both speak a tiny request/response protocol over the Node IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
type ReadyMessage = { type: 'ready'; info: unknown };

export interface ChildLink<Ready> {
  readonly pid: number;
  readonly ready: Ready;
  request<T>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number | null>;
  kill(): void;
}

export type ChildModule = 'server-process' | 'load-process';

/** Runs this folder's `name` module: the compiled .js under dist/, or the .ts source through tsx. */
export async function startChild<Ready>(
  name: ChildModule,
  options: {
    env?: NodeJS.ProcessEnv;
    execArgv?: string[];
    readyTimeoutMs: number;
    /** Each line the child writes to stdout or stderr (default: passed through to ours). */
    onOutput?: (line: string) => void;
  },
): Promise<ChildLink<Ready>> {
  const fromSource = import.meta.url.endsWith('.ts');
  const modulePath = fileURLToPath(new URL(`./${name}${fromSource ? '.ts' : '.js'}`, import.meta.url));
  const loader = fromSource
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  const child: ChildProcess = fork(modulePath, [], {
    execArgv: [...loader, ...(options.execArgv ?? [])],
    env: options.env ?? process.env,
    stdio: ['ignore', options.onOutput ? 'pipe' : 'inherit', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let stderrTail = '';
  const forward = (chunk: string) => {
    if (options.onOutput)
      for (const line of chunk.split('\n')) if (line.trim() !== '') options.onOutput(line);
  };
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', forward);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    if (options.onOutput) forward(chunk);
    else process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  let nextId = 1;
  const failAll = (reason: string) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
      pending.delete(id);
    }
  };
  void exited.then((code) =>
    failAll(`${name} exited with code ${code}${stderrTail ? `: ${stderrTail.trim()}` : ''}`),
  );

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not become ready within ${options.readyTimeoutMs} ms`));
    }, options.readyTimeoutMs);
    child.on('message', (message: ReadyMessage | Response) => {
      if ('type' in message && message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.info as Ready);
        return;
      }
      const response = message as Response;
      const p = pending.get(response.id);
      if (p === undefined) return;
      pending.delete(response.id);
      clearTimeout(p.timer);
      if (response.ok) p.resolve(response.result);
      else p.reject(new Error(`${name}: ${response.error}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${name} exited with code ${code} before it was ready${stderrTail ? `: ${stderrTail.trim()}` : ''}`,
        ),
      );
    });
  });

  return {
    pid: child.pid!,
    ready,
    exited,
    request<T>(cmd: string, args?: unknown, timeoutMs = 600_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        child.send({ id, cmd, args } satisfies Request);
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** The child's side: answer requests with `handlers`; exit when the parent goes away. */
export function serveParent(handlers: Record<string, (args: never) => unknown>, readyInfo: unknown): void {
  const send = process.send?.bind(process);
  if (send === undefined)
    throw new Error('This module runs as a child of the bench (it needs an IPC channel).');
  process.on('disconnect', () => process.exit(1));
  process.on('message', (message: Request) => {
    const handler = handlers[message.cmd];
    void (async () => {
      try {
        if (handler === undefined) throw new Error(`unknown command ${message.cmd}`);
        const result = await handler(message.args as never);
        send({ id: message.id, ok: true, result } satisfies Response);
      } catch (error) {
        send({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies Response);
      }
    })();
  });
  send({ type: 'ready', info: readyInfo } satisfies ReadyMessage);
}
