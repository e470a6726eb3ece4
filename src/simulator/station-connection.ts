/**
 * The station's WebSocket to the CSMS: one ocpp-rpc RPCClient in strict mode, HTTP Basic auth with
 * the charge box id as user name (security profile 1), and the few extras a simulator needs:
 * running code right after a CALLRESULT went out, raw frames for negative tests, and a way to
 * lose the network on purpose.
 */
import { EventEmitter } from 'node:events';
import { RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { OcppVersion } from './types.js';

export interface ConnectionOptions {
  url: string;
  chargeBoxId: string;
  password: string | undefined;
  version: OcppVersion;
  reconnect: boolean;
  callTimeoutMs: number;
  reconnectDelayMs: number;
  log: Logger;
}

/** What a command handler answers, and optionally what to do once the answer is on the wire. */
export interface CommandOutcome {
  response: Record<string, unknown>;
  /** Runs after the CALLRESULT was sent, e.g. the message a TriggerMessage asked for (F06.FR.04). */
  after?: () => void | Promise<void>;
}

export type CommandHandler = (action: string, params: Record<string, unknown>) => Promise<CommandOutcome>;

interface ConnectionEvents {
  open: [];
  close: [{ code: number; reason: string }];
  protocolError: [{ action: string; outbound: boolean; error: Error }];
}

type RawFrame = unknown[];

const OPEN = 1;

export class StationConnection extends EventEmitter<ConnectionEvents> {
  private readonly client: RPCClient;
  private readonly afterReply = new Map<string, CommandOutcome['after']>();
  private readonly rawWaiters = new Map<string, (frame: RawFrame) => void>();

  constructor(private readonly options: ConnectionOptions) {
    super();
    const clientOptions = {
      endpoint: options.url.replace(/\/+$/, ''),
      identity: options.chargeBoxId,
      password: options.password ?? null,
      protocols: [options.version],
      strictMode: true,
      reconnect: options.reconnect,
      callTimeoutMs: options.callTimeoutMs,
      backoff: {
        initialDelay: options.reconnectDelayMs,
        maxDelay: 30_000,
        factor: 2,
        randomisationFactor: 0.25,
      },
    };
    this.client = new RPCClient(clientOptions as unknown as ConstructorParameters<typeof RPCClient>[0]);
    this.client.on('open', () => this.emit('open'));
    this.client.on('disconnect', (event: { code?: number; reason?: string }) =>
      this.emit('close', { code: event.code ?? 1006, reason: event.reason ?? '' }),
    );
    this.client.on('response', (event: { outbound: boolean; payload: RawFrame }) => {
      if (!event.outbound) return;
      const id = String(event.payload[1]);
      const after = this.afterReply.get(id);
      if (after === undefined) return;
      this.afterReply.delete(id);
      // ocpp-rpc emits 'response' just before it writes the frame; a microtask later it is written.
      queueMicrotask(() => this.runAfter(after));
    });
    this.client.on('message', (event: { message: string | Buffer; outbound: boolean }) => {
      if (!event.outbound) this.matchRawResponse(event.message.toString());
    });
    this.client.on(
      'strictValidationFailure',
      (event: { method: string; outbound: boolean; error: Error }) => {
        options.log.warn(
          { action: event.method, outbound: event.outbound, err: event.error },
          'OCPP schema violation',
        );
        this.emit('protocolError', { action: event.method, outbound: event.outbound, error: event.error });
      },
    );
    this.client.on('badMessage', (event: { error: Error }) =>
      options.log.debug({ err: event.error }, 'non-conforming frame from the CSMS'),
    );
  }

  get isOpen(): boolean {
    return this.client.state === OPEN;
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** A clean close; no automatic reconnect follows. */
  async close(): Promise<void> {
    await this.client.close({ code: 1000, reason: 'station going offline' });
  }

  /** Cuts the socket without a close handshake, like a lost network; the client reconnects if configured to. */
  dropConnection(): void {
    // ocpp-rpc has no public "lose the network" switch; terminating its socket is what a cable pull looks like.
    const ws = (this.client as unknown as { _ws?: { terminate(): void } })._ws;
    ws?.terminate();
  }

  handle(handler: CommandHandler): void {
    this.client.handle(async ({ method, params, messageId }) => {
      const outcome = await handler(String(method), (params ?? {}) as Record<string, unknown>);
      if (outcome.after !== undefined && messageId !== undefined)
        this.afterReply.set(messageId, outcome.after);
      return outcome.response;
    });
  }

  async call(action: string, params: Record<string, unknown>): Promise<unknown> {
    return this.client.call(action, params);
  }

  /**
   * Writes a frame as is. For a CALL (`[2, id, action, payload]`) resolves with the CSMS's answer
   * frame (`[3, id, payload]` or `[4, id, code, description, details]`); otherwise with undefined.
   */
  async sendRaw(
    frame: string | RawFrame,
    timeoutMs = this.options.callTimeoutMs,
  ): Promise<RawFrame | undefined> {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const parsed = parseFrame(text);
    if (parsed === undefined || parsed[0] !== 2 || typeof parsed[1] !== 'string') {
      this.client.sendRaw(text);
      return undefined;
    }
    const id = parsed[1];
    return new Promise<RawFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rawWaiters.delete(id);
        reject(new Error(`no answer to raw frame ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.rawWaiters.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      try {
        this.client.sendRaw(text);
      } catch (error) {
        clearTimeout(timer);
        this.rawWaiters.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private matchRawResponse(text: string): void {
    if (this.rawWaiters.size === 0) return;
    const frame = parseFrame(text);
    if (frame === undefined || (frame[0] !== 3 && frame[0] !== 4)) return;
    const waiter = this.rawWaiters.get(String(frame[1]));
    if (waiter === undefined) return;
    this.rawWaiters.delete(String(frame[1]));
    waiter(frame);
  }

  private runAfter(after: NonNullable<CommandOutcome['after']>): void {
    Promise.resolve()
      .then(after)
      .catch((error: unknown) => this.options.log.error({ err: error }, 'follow-up of a command failed'));
  }
}

function parseFrame(text: string): RawFrame | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
